/**
 * What the processor keeps per municipality, structure by structure (issue 16, bounded state). Not a test: prints
 * JSON lines. Run with a collectable heap:
 *   node --expose-gc --import tsx bench/state-size.ts [--days 60] [--municipalities 100] [--seed 1]
 *        [--variants all,noterms,nostories,noslowrise,nodistricts,nodetect] [--sample-days 7]
 *
 * The stream is generated in memory first (its lines are part of the baseline heap, not of the state). Each variant
 * then runs a fresh processor over it, batch by batch; every `--sample-days` of watermark the heap is collected and
 * `heap_mb` (heap used minus the baseline) printed, so growth with days shows. At the end: the retained heap per
 * municipality, and the size of the shard snapshots (JSON, what every batch commits) per structure and per town.
 * A structure's heap is read as the difference between `all` and the variant that turns it off, and — for `all` —
 * directly: each part of the final snapshots is restored from its JSON (as after a restart) and the heap it holds
 * measured (`heap_kb_per_municipality_by_part`; a restored structure holds what the running one does, give or take
 * strings the running one shares with messages in flight).
 */
import { parseArgs } from 'node:util';
import defaultPipeline from '../pipelines/default.ts';
import { Deduper } from '../src/classify/dedupe.ts';
import { NearDuplicates } from '../src/classify/near-duplicates.ts';
import { fixedClock } from '../src/clock.ts';
import { Stories } from '../src/cluster/stories.ts';
import { normalizePipeline } from '../src/config.ts';
import { AlertTracker } from '../src/detect/alerts.ts';
import { EmergingTerms } from '../src/detect/emerging-terms.ts';
import { createDetector } from '../src/detect/index.ts';
import { SlowRise } from '../src/detect/slow-rise.ts';
import { createDistrictMatcher, loadDistricts } from '../src/geo/districts.ts';
import { neighboursWithin } from '../src/geo/neighbours.ts';
import { createProcessor } from '../src/pipeline/process.ts';
import { loadGazetteer } from '../src/reference/gazetteer.ts';
import { generateStream } from '../src/source/generator/index.ts';
import type { ShardSnapshot } from '../src/state/shard-snapshot.ts';
import { Windower } from '../src/window/windower.ts';

const { values } = parseArgs({
  options: {
    days: { type: 'string', default: '60' },
    municipalities: { type: 'string', default: '100' },
    seed: { type: 'string', default: '1' },
    variants: { type: 'string', default: 'all,noterms,nostories,noslowrise,nodistricts,nodetect' },
    'sample-days': { type: 'string', default: '7' },
    batch: { type: 'string', default: '5000' },
    /** The generator's cap on a town's volume (0: none, every town at its real volume). */
    'population-cap': { type: 'string' },
  },
});
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc --import tsx bench/state-size.ts');
const days = Number(values.days);
const municipalities = Number(values.municipalities);
const sampleMs = Number(values['sample-days']) * 86_400_000;
const batch = Number(values.batch);

const generated: string[] = [];
const populationCap =
  values['population-cap'] === undefined ? {} : { populationCap: Number(values['population-cap']) };
for (const r of generateStream({ days, municipalities, seed: Number(values.seed), ...populationCap }).records)
  generated.push(r.line);
// The generator's lines are concatenations that parsing would flatten (the baseline would shrink during the run):
// one flat string, split, holds the same text at a fixed size.
const lines = generated.join('\n').split('\n');
generated.length = 0;
const gazetteer = loadGazetteer();
const districts = createDistrictMatcher(loadDistricts());

const heapMb = (): number => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

const variantSpec = (v: string): Record<string, unknown> => {
  switch (v) {
    case 'all':
    case 'nodistricts':
      return {};
    case 'noterms':
      return { terms: { ...defaultPipeline.terms, enabled: false } };
    case 'nostories':
      return { stories: { ...defaultPipeline.stories, enabled: false } };
    case 'noslowrise':
      return { slowRise: { enabled: false } };
    case 'nodetect':
      return { detect: [] };
    default:
      throw new Error(`unknown variant ${v}`);
  }
};

for (const variant of values.variants.split(',')) {
  const base = heapMb();
  const cfg = normalizePipeline({ ...defaultPipeline, ...variantSpec(variant) });
  let p: ReturnType<typeof createProcessor> | null = createProcessor(cfg, {
    gazetteer,
    clock: fixedClock(Date.parse('2030-01-01T00:00:00Z')),
    ...(variant === 'nodistricts' ? {} : { districts }),
  });
  const towns = new Set<string>();
  let nextSampleMs = Number.NaN;
  let firstMs = Number.NaN;
  const t0 = performance.now();
  for (let i = 0; i < lines.length; i += batch) {
    const out = p.process(
      lines
        .slice(i, i + batch)
        .map((raw, j) => ({ raw, origin: { kind: 'generator' as const, seq: i + j } })),
    );
    for (const m of out.messages) towns.add(m.municipalityCode);
    const wm = p.watermarkMs;
    if (Number.isNaN(firstMs) && Number.isFinite(wm)) {
      firstMs = wm;
      nextSampleMs = wm + sampleMs;
    }
    if (wm >= nextSampleMs) {
      nextSampleMs += sampleMs;
      console.log(
        JSON.stringify({
          bench: 'state-size',
          variant,
          day: Math.round((wm - firstMs) / 86_400_000),
          records: Math.min(i + batch, lines.length),
          heap_mb: round(heapMb() - base),
        }),
      );
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  const held = heapMb() - base;
  const shardIds = Array.from({ length: p.shards }, (_, i) => i);
  const snaps = p.snapshot(shardIds);
  const snapshotBytes: Record<string, number> = {};
  for (const s of snaps)
    for (const [k, v] of Object.entries(s))
      if (typeof v === 'object') snapshotBytes[k] = (snapshotBytes[k] ?? 0) + JSON.stringify(v).length;
  const totalSnapshot = Object.values(snapshotBytes).reduce((a, b) => a + b, 0);
  const heapByPart = variant === 'all' ? restoredHeapByPart(cfg, snaps) : {};
  console.log(
    JSON.stringify({
      bench: 'state-size',
      variant,
      days,
      municipalities: towns.size,
      records: lines.length,
      messages_per_second: Math.round(lines.length / seconds),
      heap_mb: round(held),
      heap_kb_per_municipality: round((held * 1024) / towns.size),
      snapshot_kb_per_municipality: round(totalSnapshot / 1024 / towns.size),
      snapshot_kb_per_municipality_by_part: Object.fromEntries(
        Object.entries(snapshotBytes).map(([k, v]) => [k, round(v / 1024 / towns.size)]),
      ),
      ...(variant === 'all'
        ? {
            heap_kb_per_municipality_by_part: Object.fromEntries(
              Object.entries(heapByPart).map(([k, v]) => [k, round(v / 1024 / towns.size)]),
            ),
          }
        : {}),
    }),
  );
  p = null;
}

/** Heap held by each structure of the shards, restored from a JSON round trip of its snapshot (bytes). */
function restoredHeapByPart(
  cfg: ReturnType<typeof normalizePipeline>,
  snaps: readonly ShardSnapshot[],
): Record<string, number> {
  const { enabled: _, ...termOptions } = cfg.terms;
  const dedupeHorizonMs = cfg.window.allowedLatenessMs + cfg.window.allowedDelayMs + 3_600_000;
  const windowerOptions = {
    buckets: [...cfg.window.buckets],
    allowedDelayMs: cfg.window.allowedDelayMs,
    allowedLatenessMs: cfg.window.allowedLatenessMs,
    authorsFor: cfg.detect.filter((d) => (d.spanWindows ?? 0) > 1).map((d) => d.bucket),
  };
  const neighbours = neighboursWithin(gazetteer, cfg.stories.neighbourKm ?? 30);
  const districtScale = cfg.districts.pValueScale;
  // biome-ignore lint/suspicious/noExplicitAny: each part is restored by its own class from parsed JSON
  const restorers: Record<string, (s: any) => unknown> = {
    windower: (s) => Windower.restore(windowerOptions, s),
    deduper: (s) => Deduper.restore(dedupeHorizonMs, s),
    voices: (s) => new NearDuplicates({}, s),
    detectors: (s) => cfg.detect.map((d, i) => createDetector({ ...d }, undefined, s[i])),
    districtDetectors: (s) =>
      cfg.detect.map((d, i) => createDetector({ ...d, pValue: d.pValue * districtScale }, undefined, s[i])),
    alerts: (s) => new AlertTracker({ labelWaves: cfg.terms.enabled }, s),
    terms: (s) => new EmergingTerms(termOptions, s),
    slowRise: (s) => new SlowRise({}, s),
    stories: (s) => new Stories({}, s, neighbours),
  };
  const out: Record<string, number> = {};
  for (const [part, restore] of Object.entries(restorers)) {
    const texts = snaps.flatMap((s) => {
      const v = (s as unknown as Record<string, unknown>)[part];
      return v === undefined ? [] : [JSON.stringify(v)];
    });
    if (texts.length === 0) continue;
    const before = heapMb();
    const held = texts.map((t) => restore(JSON.parse(t)));
    out[part] = (heapMb() - before) * 2 ** 20;
    held.length = 0;
  }
  return out;
}
