/**
 * National scale (issue 16): every municipality of the gazetteer at realistic volumes — 0.13 complaints per 1,000
 * residents a day (DESIGN.md), no population cap, so Moscow writes its ≈ 1,700 a day — through the processor, with
 * resident memory sampled per simulated day so that growth with days shows. Not a test: prints JSON lines.
 *   npm run bench:national [-- --days 365 --seed 1 --store]
 * (node --expose-gc: the per-day lines also give the heap after a collection.)
 *
 * The stream is generated once into .cache/bench/ by a child process (the generator's memory is not this
 * process's) and read line by line. `--store` also writes every batch to a DuckDB file as `vsplesk run` does
 * (the store's own memory then counts); without it the processor alone runs (parse → … → stories).
 * Lines: one `{"bench":"national-day",…}` per simulated day (`rss_mb`, `heap_mb`), then the summary with
 * `peak_rss_mb`, `rss_mb_per_municipality` (peak RSS above the process's RSS before the first record, per
 * municipality) and `rss_growth_mb_per_day` (least-squares slope of RSS over the last half of the days, once every
 * town is warm); `snapshot_mb`: the shards' state as JSON at the end, what each batch commits with its offsets.
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import defaultPipeline from '../pipelines/default.ts';
import { fixedClock } from '../src/clock.ts';
import { normalizePipeline } from '../src/config.ts';
import { createDistrictMatcher, loadDistricts } from '../src/geo/districts.ts';
import { createProcessor } from '../src/pipeline/process.ts';
import { loadGazetteer } from '../src/reference/gazetteer.ts';
import { loadTopics } from '../src/reference/topics.ts';
import { openStore, type Store } from '../src/store/index.ts';

const { values } = parseArgs({
  options: {
    days: { type: 'string', default: '365' },
    seed: { type: 'string', default: '1' },
    batch: { type: 'string', default: '5000' },
    store: { type: 'boolean', default: false },
  },
});
const days = Number(values.days);
const seed = Number(values.seed);
const batchSize = Number(values.batch);
const gazetteer = loadGazetteer();
const municipalities = gazetteer.all.length;

const dir = join('.cache', 'bench');
mkdirSync(dir, { recursive: true });
const stream = join(dir, `national-${days}d-s${seed}.ndjson`);
if (!existsSync(stream)) {
  const t0 = performance.now();
  const script = `import { runGenerate } from './src/commands/generate.ts';
    const r = await runGenerate({ days: ${days}, municipalities: ${municipalities}, seed: ${seed}, populationCap: 0, out: ${JSON.stringify(stream)} });
    console.log(r.lines);`;
  const lines = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
  console.error(`generated ${lines} lines in ${((performance.now() - t0) / 1000).toFixed(0)} s → ${stream}`);
}

const gc = (globalThis as { gc?: () => void }).gc;
const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
const cfg = normalizePipeline(defaultPipeline);
const processor = createProcessor(cfg, {
  gazetteer,
  clock: fixedClock(Date.parse('2030-01-01T00:00:00Z')),
  districts: createDistrictMatcher(loadDistricts()),
});
let store: Store | null = null;
const db = join(dir, 'national.duckdb');
if (values.store) {
  rmSync(db, { force: true });
  rmSync(`${db}.wal`, { force: true });
  store = await openStore(db, { gazetteer, topics: loadTopics(), threads: 1, memoryLimit: '512MB' });
}
gc?.();
const rssStartMb = mb(process.memoryUsage().rss);

const DAY_MS = 86_400_000;
const perDay: { day: number; rss: number }[] = [];
let firstDayMs = Number.NaN;
let nextDayMs = Number.NaN;
let records = 0;
let valid = 0;
const t0 = performance.now();
const flush = async (batch: string[]) => {
  const out = processor.process(
    batch.map((raw, j) => ({ raw, origin: { kind: 'generator' as const, seq: records + j } })),
  );
  records += batch.length;
  valid += out.messages.length + out.lateMessages.length;
  if (store) {
    out.snapshots = { source: 'national', shards: processor.snapshot(processor.takeTouched()) };
    await store.writeBatch(out);
  }
  const wm = processor.watermarkMs;
  if (!Number.isFinite(wm)) return;
  if (Number.isNaN(firstDayMs)) {
    firstDayMs = Math.floor(wm / DAY_MS) * DAY_MS;
    nextDayMs = firstDayMs + DAY_MS;
  }
  while (wm >= nextDayMs) {
    const day = Math.round((nextDayMs - firstDayMs) / DAY_MS);
    nextDayMs += DAY_MS;
    const { rss, heapTotal, external } = process.memoryUsage();
    perDay.push({ day, rss: rss / 2 ** 20 });
    // A collection every 7 days only (a full GC per day would slow the run and hide what RSS does unaided).
    let heapMb: number | undefined;
    if (gc && day % 7 === 0) {
      gc();
      heapMb = mb(process.memoryUsage().heapUsed);
    }
    console.log(
      JSON.stringify({
        bench: 'national-day',
        day,
        records,
        rss_mb: mb(rss),
        heap_total_mb: mb(heapTotal),
        external_mb: mb(external),
        ...(heapMb !== undefined ? { heap_mb: heapMb } : {}),
        seconds: Math.round((performance.now() - t0) / 1000),
      }),
    );
  }
};
let batch: string[] = [];
for await (const line of createInterface({
  input: createReadStream(stream),
  crlfDelay: Number.POSITIVE_INFINITY,
})) {
  if (line === '') continue;
  batch.push(line);
  if (batch.length >= batchSize) {
    await flush(batch);
    batch = [];
  }
}
if (batch.length > 0) await flush(batch);
// What a file or Kafka run commits with every batch that touched all shards (at national scale, every batch).
const s0 = performance.now();
const snapshotBytes = processor
  .snapshot(Array.from({ length: processor.shards }, (_, i) => i))
  .reduce((n, s) => n + JSON.stringify(s).length, 0);
const snapshotMs = performance.now() - s0;
const last = processor.finish();
if (store) await store.writeBatch(last);
const seconds = (performance.now() - t0) / 1000;
gc?.();
const heapEndMb = mb(process.memoryUsage().heapUsed);
const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
await store?.close();

/** Least-squares slope of RSS (MB) per day over the last half of the days: growth once every town is warm. */
const tail = perDay.slice(Math.floor(perDay.length / 2));
let slope = Number.NaN;
if (tail.length >= 3) {
  const mx = tail.reduce((a, p) => a + p.day, 0) / tail.length;
  const my = tail.reduce((a, p) => a + p.rss, 0) / tail.length;
  let num = 0;
  let den = 0;
  for (const p of tail) {
    num += (p.day - mx) * (p.rss - my);
    den += (p.day - mx) ** 2;
  }
  slope = num / den;
}
console.log(
  JSON.stringify({
    bench: 'national',
    days,
    municipalities,
    store: values.store,
    records,
    valid,
    seconds: Math.round(seconds),
    messages_per_second: Math.round(records / seconds),
    rss_start_mb: rssStartMb,
    peak_rss_mb: peakRssMb,
    rss_mb_per_municipality: Math.round(((peakRssMb - rssStartMb) / municipalities) * 1000) / 1000,
    heap_end_mb: heapEndMb,
    snapshot_mb: mb(snapshotBytes),
    snapshot_kb_per_municipality: Math.round(snapshotBytes / 1024 / municipalities),
    snapshot_serialise_ms: Math.round(snapshotMs),
    rss_growth_mb_per_day: Math.round(slope * 100) / 100,
  }),
);
