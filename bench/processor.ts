/**
 * Processor-only throughput (no store): parse → normalise → classify → window → detect, on an NDJSON file
 * read into memory.   F=stream.ndjson npx tsx bench/processor.ts [all|nodetect|nostories|hourday|nodistricts]
 * (nodistricts: no district matching or district series at all)
 */
import { readFileSync } from 'node:fs';
import defaultPipeline from '../pipelines/default.ts';
import { fixedClock } from '../src/clock.ts';
import { normalizePipeline } from '../src/config.ts';
import { createDistrictMatcher, loadDistricts } from '../src/geo/districts.ts';
import { createProcessor } from '../src/pipeline/process.ts';
import { loadGazetteer } from '../src/reference/gazetteer.ts';

const lines = readFileSync(process.env.F ?? '.cache/bench/stream-365d-100m-s1.ndjson', 'utf8')
  .split('\n')
  .filter(Boolean);
const variant = process.argv[2] ?? 'all';
const cfg = normalizePipeline({
  ...defaultPipeline,
  ...(variant === 'nodetect' ? { detect: [] } : {}),
  ...(variant === 'nostories' ? { stories: { enabled: false } } : {}),
  ...(variant === 'hourday'
    ? {
        window: { buckets: ['hour', 'day'] },
        detect: [{ bucket: 'hour', pValue: 1e-6, minCount: 3, warmupMs: 604800000 }],
      }
    : {}),
});
const p = createProcessor(cfg, {
  gazetteer: loadGazetteer(),
  clock: fixedClock(Date.parse('2026-11-23')),
  ...(variant === 'nodistricts' ? {} : { districts: createDistrictMatcher(loadDistricts()) }),
});
const t0 = performance.now();
const cpu0 = process.cpuUsage();
let aggs = 0;
for (let i = 0; i < lines.length; i += 20000)
  aggs += p.process(
    lines.slice(i, i + 20000).map((raw, j) => ({ raw, origin: { kind: 'generator' as const, seq: i + j } })),
  ).aggregates.length;
const s = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
// CPU seconds (user + system) as well as wall time: on a shared machine the wall figure moves with the neighbours.
const cpuS = (cpu.user + cpu.system) / 1e6;
console.log(
  variant,
  (lines.length / s) | 0,
  'msg/s',
  (lines.length / cpuS) | 0,
  'msg/cpu-s',
  aggs,
  'aggregates',
);
