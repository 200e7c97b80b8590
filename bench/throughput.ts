/**
 * Throughput of `vsplesk run` on a generated stream (not a test: prints one JSON line per run).
 *   npx tsx bench/throughput.ts [--days 365] [--municipalities 100] [--seed 1] [--workers N]
 * The stream is generated once into .cache/bench/ and reused. Reports messages/s over the whole run (read →
 * parse → normalise → classify → window → detect → DuckDB file) and the peak resident memory of the process,
 * then, in the same process, the SQL baseline of issue 16 (bench/lib/sql-baseline.ts: DuckDB reads the same
 * NDJSON and counts per town, keyword topic and hour): `baseline_ratio` = baseline seconds / product seconds.
 * `messages_per_cpu_second`: the same over the process's CPU time (user + system, every thread): what to compare
 * before and after a change on a machine shared with other work, where wall time moves with the neighbours.
 */
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import defaultPipeline from '../pipelines/default.ts';
import { fixedClock } from '../src/clock.ts';
import { runGenerate } from '../src/commands/generate.ts';
import { normalizePipeline } from '../src/config.ts';
import { runPipeline } from '../src/pipeline/run.ts';
import { loadGazetteer } from '../src/reference/gazetteer.ts';
import { loadTopics } from '../src/reference/topics.ts';
import { openStore } from '../src/store/index.ts';
import { runSqlBaseline } from './lib/sql-baseline.ts';

const { values } = parseArgs({
  options: {
    days: { type: 'string', default: '365' },
    municipalities: { type: 'string', default: '100' },
    seed: { type: 'string', default: '1' },
    'db-threads': { type: 'string', default: '1' },
    'db-memory': { type: 'string', default: '512MB' },
    /** Worker threads for the shards (config `workers`; 1 = all on the main thread). */
    workers: { type: 'string' },
    /** JSON merged over pipelines/default.ts */
    pipeline: { type: 'string', default: '{}' },
  },
});
const days = Number(values.days);
const municipalities = Number(values.municipalities);
const seed = Number(values.seed);
const dir = join('.cache', 'bench');
mkdirSync(dir, { recursive: true });
const stream = join(dir, `stream-${days}d-${municipalities}m-s${seed}.ndjson`);
if (!existsSync(stream)) {
  const t0 = performance.now();
  const { lines } = await runGenerate({ days, municipalities, seed, out: stream });
  console.error(`generated ${lines} lines in ${((performance.now() - t0) / 1000).toFixed(1)} s → ${stream}`);
}
const db = join(dir, 'throughput.duckdb');
rmSync(db, { force: true });
rmSync(`${db}.wal`, { force: true });
const gazetteer = loadGazetteer();
// One clock for the run and the store: retention's "now" (the run's) is compared with the store's dead-letter
// stamps, so a fixed clock on one side only would delete every dead letter the run stored.
const clock = fixedClock(Date.parse('2030-01-01T00:00:00Z'));
const store = await openStore(db, {
  gazetteer,
  clock,
  topics: loadTopics(),
  threads: Number(values['db-threads']),
  memoryLimit: values['db-memory'],
});
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const stats = await runPipeline(
  normalizePipeline({
    ...defaultPipeline,
    ...JSON.parse(values.pipeline),
    ...(values.workers !== undefined ? { workers: Number(values.workers) } : {}),
  }),
  { kind: 'file', path: stream },
  {
    store,
    gazetteer,
    clock,
  },
);
(globalThis as { gc?: () => void }).gc?.();
const heapEndMb = Math.round(process.memoryUsage().heapUsed / 2 ** 20);
const rssEndMb = Math.round(process.memoryUsage().rss / 2 ** 20);
await store.close();
const seconds = (performance.now() - t0) / 1000;
// CPU seconds of the process (all its threads, DuckDB's included): on a shared machine, steadier than wall time.
const cpu = process.cpuUsage(cpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024); // before the baseline adds its own
const baseline = await runSqlBaseline(stream, loadTopics(), Number(values['db-threads']));
console.log(
  JSON.stringify({
    bench: 'run',
    workers: Number(values.workers ?? JSON.parse(values.pipeline).workers ?? 1),
    days,
    municipalities,
    records: stats.read,
    valid: stats.valid,
    dead_letters: stats.deadLettered,
    windows: stats.windowsEmitted,
    anomalies: stats.anomalies,
    seconds: +seconds.toFixed(1),
    messages_per_second: Math.round(stats.read / seconds),
    cpu_seconds: +cpuSeconds.toFixed(1),
    messages_per_cpu_second: Math.round(stats.read / cpuSeconds),
    peak_rss_mb: peakRssMb,
    baseline_seconds: +baseline.seconds.toFixed(2),
    baseline_ratio: +(baseline.seconds / seconds).toFixed(4),
    rss_at_end_mb: rssEndMb,
    js_heap_at_end_mb: heapEndMb,
    input_mb: Math.round(statSync(stream).size / 1e6),
    db_mb: Math.round(statSync(db).size / 1e6),
  }),
);
