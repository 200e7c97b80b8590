/**
 * The processor's whole output on a seeded stream, hashed per kind: a change that should only make state smaller
 * (issue 16, bounded state) must leave every hash as it was. Not a test (it takes a minute); prints one JSON line.
 *   npx tsx bench/output-hash.ts [--days 40] [--municipalities 30] [--seed 7] [--expect bench/output-hash.json]
 * With `--expect`, exits 1 when a hash differs from the file's (written by `--write FILE`).
 *
 * Two runs: straight through, and one stopped halfway — every shard's snapshot through JSON, a new processor
 * restored from it — which must produce the same hashes (restore is exact). Hashed: stored messages (with their
 * topic, place and story), windows, anomalies, alerts, term bursts, stories, dead letters; the end-of-stream
 * flush included.
 */
import { createHash, type Hash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import defaultPipeline from '../pipelines/default.ts';
import { fixedClock } from '../src/clock.ts';
import { normalizePipeline } from '../src/config.ts';
import { createDistrictMatcher, loadDistricts } from '../src/geo/districts.ts';
import { createProcessor, type StoreBatch } from '../src/pipeline/process.ts';
import { loadGazetteer } from '../src/reference/gazetteer.ts';
import { generateStream } from '../src/source/generator/index.ts';

const { values } = parseArgs({
  options: {
    days: { type: 'string', default: '40' },
    municipalities: { type: 'string', default: '30' },
    seed: { type: 'string', default: '7' },
    batch: { type: 'string', default: '2000' },
    expect: { type: 'string' },
    write: { type: 'string' },
  },
});
const lines: string[] = [];
for (const r of generateStream({
  days: Number(values.days),
  municipalities: Number(values.municipalities),
  seed: Number(values.seed),
  campaigns: 3,
  largestCities: 1,
}).records)
  lines.push(r.line);
const batchSize = Number(values.batch);
const cfg = normalizePipeline(defaultPipeline);
const deps = {
  gazetteer: loadGazetteer(),
  clock: fixedClock(Date.parse('2030-01-01T00:00:00Z')),
  districts: createDistrictMatcher(loadDistricts()),
};
const KINDS = [
  'messages',
  'lateMessages',
  'aggregates',
  'anomalies',
  'alerts',
  'termBursts',
  'stories',
] as const;

function run(stopAt: number | null): Record<string, string> {
  const hashes = Object.fromEntries(
    [...KINDS, 'deadLetters'].map((k) => [k, createHash('sha256')]),
  ) as Record<string, Hash>;
  const counts: Record<string, number> = {};
  const take = (out: StoreBatch) => {
    for (const k of KINDS) {
      const texts = out[k].map((x) => JSON.stringify(x));
      // A batch holds a story once (its latest value), in the order the shard's towns were first seen — which a
      // restored shard does not remember: the set is the output.
      if (k === 'stories') texts.sort();
      for (const t of texts) (hashes[k] as Hash).update(t);
      counts[k] = (counts[k] ?? 0) + texts.length;
    }
    for (const d of out.deadLetters) (hashes.deadLetters as Hash).update(`${d.reason}\u0000${d.raw}`);
  };
  let p = createProcessor(cfg, deps);
  for (let i = 0; i < lines.length; i += batchSize) {
    if (i === stopAt) {
      const saved = JSON.stringify(p.snapshot(Array.from({ length: p.shards }, (_, s) => s)));
      p = createProcessor(cfg, deps);
      p.restore(JSON.parse(saved));
    }
    take(
      p.process(
        lines
          .slice(i, i + batchSize)
          .map((raw, j) => ({ raw, origin: { kind: 'generator' as const, seq: i + j } })),
      ),
    );
  }
  take(p.finish());
  return {
    ...Object.fromEntries(Object.entries(hashes).map(([k, h]) => [k, h.digest('hex').slice(0, 16)])),
    counts: JSON.stringify(counts),
  };
}

const straight = run(null);
const half = Math.floor(lines.length / 2 / batchSize) * batchSize;
const resumed = run(half);
const restoreExact = JSON.stringify(straight) === JSON.stringify(resumed);
for (const k of Object.keys(straight))
  if (straight[k] !== resumed[k]) console.error(`after restore, ${k}: ${resumed[k]} ≠ ${straight[k]}`);
const result = { bench: 'output-hash', records: lines.length, restore_exact: restoreExact, ...straight };
console.log(JSON.stringify(result));
if (values.write) writeFileSync(values.write, `${JSON.stringify(straight, null, 1)}\n`);
let ok = restoreExact;
if (values.expect) {
  const want = JSON.parse(readFileSync(values.expect, 'utf8')) as Record<string, string>;
  for (const [k, v] of Object.entries(want))
    if (straight[k] !== v) {
      console.error(`${k}: ${straight[k]} ≠ expected ${v}`);
      ok = false;
    }
}
if (!ok) process.exitCode = 1;
