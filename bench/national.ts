/**
 * National scale (issue 16): every municipality of the gazetteer at realistic volumes — 0.13 complaints per 1,000
 * residents a day (DESIGN.md), no population cap, so Moscow writes its ≈ 1,700 a day — through the real runner
 * (`runPipeline`, as `vsplesk run` runs a file: the pipeline's batch size, one batch written while the next is
 * processed, the state serialised and committed with its position every `stateEveryMs`: by default the runner's
 * minute, `--state-every-ms 0` every batch), with
 * resident memory sampled per batch so that growth with days shows. Not a test: prints JSON lines.
 *   npm run bench:national [-- --days 8 --seed 1 --store --state-every-ms 0 --memory-limit 1GB]
 * (node --expose-gc: every few batches the live heap after a full collection.)
 *
 * The stream is generated once into .cache/bench/ by a child process (the generator's memory is not this
 * process's) and read as `vsplesk run --source file:` reads it. `--store` writes to a DuckDB file (the store's own
 * memory then counts; `--memory-limit` sizes its DuckDB limit as `vsplesk run --memory-limit` does, or
 * `--duckdb-memory` gives it outright); without it the results go nowhere (the runner and processor alone, state
 * still serialised every commit).
 * Lines: one `{"bench":"national-batch",…}` per batch — `day` (event time of its last record, days since the
 * first), `rss_mb`, `heap_used_mb`, `heap_total_mb`, `external_mb`, `duckdb_mb` (DuckDB's buffer manager,
 * `duckdb_memory()`), `state_json_mb` (the state committed with the previous batch as JSON characters, 0 when it
 * committed none; `state_gzip_mb` what is stored of it) —
 * then the summary: `peak_rss_mb`, `rss_mb_per_municipality` (peak RSS above the RSS before the first record, per
 * municipality), `rss_growth_mb_per_day` (least-squares slope of RSS over the last half of the days, once every
 * town is warm; also of the live heap and DuckDB's memory), `state_json_mb_max`, `state_gzip_mb_max`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { getHeapStatistics } from 'node:v8';
import defaultPipeline from '../pipelines/default.ts';
import { fixedClock } from '../src/clock.ts';
import { relaunchWithHeapLimit } from '../src/commands/heap-limit.ts';
import { normalizePipeline } from '../src/config.ts';
import { DEFAULT_STATE_EVERY_MS, type ResultSink, runPipeline } from '../src/pipeline/run.ts';
import { loadGazetteer } from '../src/reference/gazetteer.ts';
import { loadTopics } from '../src/reference/topics.ts';
import { readFileSource, type SourceBatch } from '../src/source/file.ts';
import { openStore, type Store, type WriteBatch } from '../src/store/index.ts';
import { memoryBudget } from '../src/store/memory-budget.ts';

const { values } = parseArgs({
  options: {
    days: { type: 'string', default: '8' },
    seed: { type: 'string', default: '1' },
    batch: { type: 'string' },
    store: { type: 'boolean', default: false },
    'state-every-ms': { type: 'string', default: String(DEFAULT_STATE_EVERY_MS) },
    'memory-limit': { type: 'string' },
    'duckdb-memory': { type: 'string' },
    'gc-every': { type: 'string', default: '4' },
  },
});
const days = Number(values.days);
const seed = Number(values.seed);
const stateEveryMs = Number(values['state-every-ms']);
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
const cfg = normalizePipeline({
  ...defaultPipeline,
  stateEveryMs,
  ...(values.batch !== undefined ? { batchSize: Number(values.batch) } : {}),
});
const budget = values['memory-limit'] !== undefined ? memoryBudget(values['memory-limit']) : undefined;
// As `vsplesk run --memory-limit` does: start again with the heap's share as V8's limit.
if (budget) {
  const code = await relaunchWithHeapLimit(budget.heapMb, process.argv[1] as string, process.argv.slice(2));
  if (code !== undefined) process.exit(code);
}
const duckdbMemory = values['duckdb-memory'] ?? budget?.duckdbMemoryLimit;
let store: Store | null = null;
const db = join(dir, `national-${process.pid}.duckdb`);
if (values.store) {
  rmSync(db, { force: true });
  rmSync(`${db}.wal`, { force: true });
  store = await openStore(db, {
    gazetteer,
    topics: loadTopics(),
    threads: 1,
    ...(duckdbMemory !== undefined ? { memoryLimit: duckdbMemory } : {}),
  });
}
const duckdbMb = async (): Promise<{ used: number; byTag: string }> => {
  if (!store) return { used: 0, byTag: '' };
  const [r] = await store.runQuery('duckdb_memory_totals', {}, 'read');
  return { used: mb(Number(r?.used_bytes ?? 0)), byTag: String(r?.by_tag ?? '') };
};
let duckdbAfterWrite = { used: 0, byTag: '' };
let duckdbMax = 0;
/** The state JSON of the last commit (characters; V8 keeps Cyrillic text two bytes a character). */
let stateJsonChars = 0;
let stateJsonMax = 0;
/** What is stored of it: the gzipped JSON (state/gzip-json.ts). */
let stateGzipMax = 0;
const sink: ResultSink = {
  writeBatch: async (b: WriteBatch) => {
    const shards = b.serialisedSnapshots?.shards ?? [];
    const chars = shards.reduce((n, s) => n + s.jsonChars, 0);
    const gzipBytes = shards.reduce((n, s) => n + s.gzip.byteLength, 0);
    stateJsonChars = chars;
    stateJsonMax = Math.max(stateJsonMax, chars);
    stateGzipMax = Math.max(stateGzipMax, gzipBytes);
    const w0 = performance.now();
    const rssBefore = process.memoryUsage().rss;
    if (store) {
      await store.writeBatch(b);
      // Read here, between writes: a read transaction open while a batch commits would hold off its checkpoint.
      duckdbAfterWrite = await duckdbMb();
      duckdbMax = Math.max(duckdbMax, duckdbAfterWrite.used);
    }
    // Each write: the peak so far shows which write (or the processing before it) set it.
    console.log(
      JSON.stringify({
        bench: 'national-write',
        messages: b.messages.length,
        aggregates: b.aggregates.length,
        state_json_mb: mb(chars),
        state_gzip_mb: Math.round((gzipBytes / 2 ** 20) * 10) / 10,
        rss_before_mb: mb(rssBefore),
        rss_after_mb: mb(process.memoryUsage().rss),
        peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
        ms: Math.round(performance.now() - w0),
      }),
    );
  },
  resume: async (source, partitions) =>
    store ? store.resume(source, partitions) : { offsets: new Map(), snapshots: [] },
};
gc?.();
const rssStartMb = mb(process.memoryUsage().rss);
/** What the process held when RSS was highest (sampled every 250 ms): heap vs the rest. */
let atPeak = process.memoryUsage();
/** RSS at the peak by kind (Linux /proc/self/status, kB): anonymous memory vs pages of mapped files (code). */
const rssKinds = (): { anonMb: number; fileMb: number } => {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const kb = (field: string) =>
      Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? Number.NaN);
    return { anonMb: Math.round(kb('RssAnon') / 1024), fileMb: Math.round(kb('RssFile') / 1024) };
  } catch {
    return { anonMb: Number.NaN, fileMb: Number.NaN };
  }
};
let kindsAtPeak = rssKinds();
const peakSampler = setInterval(() => {
  const m = process.memoryUsage();
  if (m.rss > atPeak.rss) {
    atPeak = m;
    kindsAtPeak = rssKinds();
  }
}, 250);
peakSampler.unref();

const DAY_MS = 86_400_000;
const samples: { day: number; rss: number; heap?: number; duckdb: number }[] = [];
let firstMs = Number.NaN;
let lastEventMsSoFar = Number.NaN;
let batches = 0;
const t0 = performance.now();
/** Event time of a batch's last record (the stream is in event-time order, give or take the late ones). */
const lastEventMs = (b: SourceBatch): number => {
  for (let i = b.records.length - 1; i >= 0; i--) {
    try {
      const t = Date.parse((JSON.parse(b.records[i]?.raw as string) as { created_at: string }).created_at);
      if (Number.isFinite(t)) return t;
    } catch {}
  }
  return Number.NaN;
};
/** The file's batches, memory sampled as each is handed over (the previous batch's write then in flight). */
async function* sampled(): AsyncGenerator<SourceBatch> {
  for await (const b of readFileSource({
    path: stream,
    maxRecordBytes: cfg.parse.maxRecordBytes,
    batchLines: cfg.batchSize,
  })) {
    // The sample is taken before this batch is processed: it shows the days read so far (the previous batches).
    const eventMs = lastEventMsSoFar;
    lastEventMsSoFar = lastEventMs(b);
    if (Number.isNaN(firstMs)) firstMs = lastEventMsSoFar - (lastEventMsSoFar % DAY_MS);
    const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
    const d = duckdbAfterWrite;
    let heapMb: number | undefined;
    if (gc && batches % Number(values['gc-every']) === 0) {
      gc();
      heapMb = mb(process.memoryUsage().heapUsed);
    }
    const day = Number.isNaN(eventMs) ? 0 : Math.round(((eventMs - firstMs) / DAY_MS) * 100) / 100;
    samples.push({
      day,
      rss: rss / 2 ** 20,
      duckdb: d.used,
      ...(heapMb !== undefined ? { heap: heapMb } : {}),
    });
    console.log(
      JSON.stringify({
        bench: 'national-batch',
        batch: batches,
        day,
        rss_mb: mb(rss),
        heap_used_mb: mb(heapUsed),
        heap_total_mb: mb(heapTotal),
        external_mb: mb(external),
        duckdb_mb: d.used,
        ...(d.byTag ? { duckdb_by_tag: d.byTag } : {}),
        state_json_mb: mb(stateJsonChars),
        ...(heapMb !== undefined ? { live_heap_mb: heapMb } : {}),
        seconds: Math.round((performance.now() - t0) / 1000),
      }),
    );
    stateJsonChars = 0;
    batches++;
    yield b;
  }
}
const stats = await runPipeline(
  cfg,
  { kind: 'batches', batches: sampled(), name: 'national' },
  { store: sink, gazetteer, clock: fixedClock(Date.parse('2030-01-01T00:00:00Z')), progress: 'off' },
);
const seconds = (performance.now() - t0) / 1000;
clearInterval(peakSampler);
const duckdbEnd = await duckdbMb();
gc?.();
const heapEndMb = mb(process.memoryUsage().heapUsed);
const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
await store?.close();
const dbMb = store ? mb((await import('node:fs')).statSync(db).size) : 0;
rmSync(db, { force: true });
rmSync(`${db}.wal`, { force: true });

/** Least-squares slope (per day) over the samples of the last half of the days: growth once every town is warm. */
const slopeOf = (pick: (s: (typeof samples)[number]) => number | undefined): number => {
  const lastDay = samples.at(-1)?.day ?? 0;
  const tail = samples
    .filter((s) => s.day >= lastDay / 2 && pick(s) !== undefined)
    .map((s) => ({ x: s.day, y: pick(s) as number }));
  if (tail.length < 3) return Number.NaN;
  const mx = tail.reduce((a, p) => a + p.x, 0) / tail.length;
  const my = tail.reduce((a, p) => a + p.y, 0) / tail.length;
  let num = 0;
  let den = 0;
  for (const p of tail) {
    num += (p.x - mx) * (p.y - my);
    den += (p.x - mx) ** 2;
  }
  return Math.round((num / den) * 100) / 100;
};
console.log(
  JSON.stringify({
    bench: 'national',
    days,
    municipalities,
    store: values.store,
    state_every_ms: stateEveryMs,
    batch_size: cfg.batchSize,
    memory_limit: values['memory-limit'] ?? null,
    duckdb_memory_limit: duckdbMemory ?? null,
    heap_size_limit_mb: mb(getHeapStatistics().heap_size_limit),
    ...(budget ? { heap_mb_budget: budget.heapMb } : {}),
    records: stats.read,
    valid: stats.valid,
    seconds: Math.round(seconds),
    messages_per_second: Math.round(stats.read / seconds),
    rss_start_mb: rssStartMb,
    peak_rss_mb: peakRssMb,
    rss_mb_per_municipality: Math.round(((peakRssMb - rssStartMb) / municipalities) * 1000) / 1000,
    heap_end_mb: heapEndMb,
    duckdb_end_mb: duckdbEnd.used,
    duckdb_max_mb: duckdbMax,
    db_file_mb: dbMb,
    state_json_mb_max: mb(stateJsonMax),
    state_gzip_mb_max: Math.round((stateGzipMax / 2 ** 20) * 10) / 10,
    at_peak: {
      rss_mb: mb(atPeak.rss),
      heap_total_mb: mb(atPeak.heapTotal),
      heap_used_mb: mb(atPeak.heapUsed),
      external_mb: mb(atPeak.external),
      other_mb: mb(atPeak.rss - atPeak.heapTotal - atPeak.external),
      rss_anon_mb: kindsAtPeak.anonMb,
      rss_file_mb: kindsAtPeak.fileMb,
    },
    rss_growth_mb_per_day: slopeOf((s) => s.rss),
    live_heap_growth_mb_per_day: slopeOf((s) => s.heap),
    duckdb_growth_mb_per_day: slopeOf((s) => s.duckdb),
    loadavg: (await import('node:os')).loadavg().map((l) => Math.round(l * 100) / 100),
  }),
);
