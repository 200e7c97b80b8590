/**
 * Soak: the embedded pipeline and the API in one process for N minutes, to show that memory does not grow.
 *
 *   npm run bench:soak -- --minutes 3 [--sample-seconds 5] [--concurrency 4] [--municipalities 20] [--days 60]
 *     [--duckdb-memory 1GB]
 *
 * The source is a generated stream replayed in a loop — each pass shifted in time by the stream's span and its ids
 * suffixed, so the pipeline sees one stream that goes on (windows close, detectors learn, stories open and close,
 * retention deletes old messages) and never ends within N minutes. Every batch is committed as a file run's is
 * (results, position and shard state in one transaction). Meanwhile a fetch loop asks the API's list routes (auth
 * and the rate limit off: this measures the server, not the limiter). Every few seconds a JSON line reports RSS,
 * heap and counters; the last line gives the memory slopes (MB/min, least squares over the second half of the
 * samples: the first half holds the warm-up — DuckDB's buffer pool and the detectors' state filling) and the
 * request counts. Not part of CI.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import defaultPipeline from '../pipelines/default.ts';
import { fixedClock } from '../src/clock.ts';
import { normalizePipeline } from '../src/config.ts';
import { runPipeline } from '../src/pipeline/run.ts';
import type { RawRecord, RunStats } from '../src/records.ts';
import { loadGazetteer } from '../src/reference/gazetteer.ts';
import { loadTopics } from '../src/reference/topics.ts';
import { AUTH_OFF, buildApi } from '../src/serve/api.ts';
import type { SourceBatch } from '../src/source/file.ts';
import { generateStream } from '../src/source/generator/index.ts';
import { openStore } from '../src/store/index.ts';

const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: '3' },
    'sample-seconds': { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '4' },
    municipalities: { type: 'string', default: '20' },
    days: { type: 'string', default: '60' },
    'duckdb-memory': { type: 'string', default: '1GB' },
  },
});
const minutes = Number(args.minutes);
const sampleMs = Number(args['sample-seconds']) * 1000;
const concurrency = Number(args.concurrency);
const DAY_MS = 86_400_000;
const MB = 1024 * 1024;

/** One pass of the generated stream, parsed once; invalid lines stay as they are (they become dead letters). */
function onePass(
  days: number,
  municipalities: number,
): { lines: (Record<string, unknown> | string)[]; spanMs: number } {
  const lines: (Record<string, unknown> | string)[] = [];
  for (const r of generateStream({ days, municipalities, seed: 7 }).records) {
    try {
      const v = JSON.parse(r.line) as unknown;
      lines.push(
        v &&
          typeof v === 'object' &&
          !Array.isArray(v) &&
          typeof (v as { created_at?: unknown }).created_at === 'string'
          ? (v as Record<string, unknown>)
          : r.line,
      );
    } catch {
      lines.push(r.line);
    }
  }
  return { lines, spanMs: days * DAY_MS };
}

/** Pass k of the stream: event times k spans later, ids made unique by the pass. */
function shifted(line: Record<string, unknown> | string, k: number, spanMs: number): string {
  if (typeof line === 'string' || k === 0) return typeof line === 'string' ? line : JSON.stringify(line);
  const t = Date.parse(String(line.created_at));
  return JSON.stringify({
    ...line,
    id: `${String(line.id)}~${k}`,
    created_at: Number.isFinite(t) ? new Date(t + k * spanMs).toISOString() : line.created_at,
  });
}

async function* loopedSource(
  pass: ReturnType<typeof onePass>,
  batchSize: number,
  until: () => boolean,
): AsyncGenerator<SourceBatch> {
  let seq = 0;
  for (let k = 0; !until(); k++) {
    let records: RawRecord[] = [];
    for (const line of pass.lines) {
      records.push({ raw: shifted(line, k, pass.spanMs), origin: { kind: 'generator', seq: seq++ } });
      if (records.length >= batchSize) {
        yield { records, rejected: [] };
        records = [];
        if (until()) return;
      }
    }
    if (records.length > 0) yield { records, rejected: [] };
  }
}

/** Least-squares slope of y over x. */
function slope(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  if (n < 2) return Number.NaN;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += ((xs[i] as number) - mx) * ((ys[i] as number) - my);
    den += ((xs[i] as number) - mx) ** 2;
  }
  return den === 0 ? Number.NaN : num / den;
}

const round = (v: number, d = 2) => Math.round(v * 10 ** d) / 10 ** d;

/** A full GC before each sample, so the heap measured is what is alive (the sawtooth hides a slow leak). */
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vsplesk-soak-'));
  const gazetteer = loadGazetteer();
  const topics = loadTopics();
  const cfg = normalizePipeline(defaultPipeline);
  // DuckDB's memory bounded (its default is 80 % of RAM, which it fills with cached blocks as the file grows: growth
  // that is a cache, not a leak). Not below ~1 GB: data written since the last checkpoint (threshold 256 MB) is held
  // in memory, and a batch commit then fails with "Out of Memory Error" (seen at 256MB).
  const store = await openStore(join(dir, 'soak.duckdb'), {
    gazetteer,
    topics,
    threads: 1,
    memoryLimit: String(args['duckdb-memory']),
  });
  const api = buildApi({ store, gazetteer, topics, auth: AUTH_OFF }, { limits: { rateMax: 0 } });
  await api.listen({ port: 0, host: '127.0.0.1' });
  const addr = api.server.address();
  const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;

  const startMs = Date.now();
  const endMs = startMs + minutes * 60_000;
  const over = () => Date.now() >= endMs;
  const pass = onePass(Number(args.days), Number(args.municipalities));

  let stats: RunStats | undefined;
  const requests = {
    total: 0,
    errors: 0,
    byStatus: {} as Record<string, number>,
    firstErrors: [] as string[],
  };
  const routes = [
    '/api/health',
    '/api/municipalities',
    '/api/topics',
    '/api/top?by=municipality',
    '/api/top?by=topic',
    '/api/series?bucket=hour',
    '/api/alerts?limit=20',
    '/api/anomalies?limit=20',
    '/api/terms?limit=20',
    '/api/clusters?limit=20',
    '/metrics',
  ];
  const client = async (i: number) => {
    for (let n = i; !over(); n += concurrency) {
      const path = routes[n % routes.length] as string;
      try {
        const res = await fetch(base + path);
        await res.arrayBuffer();
        requests.byStatus[res.status] = (requests.byStatus[res.status] ?? 0) + 1;
        if (res.status >= 400) {
          requests.errors++;
          if (requests.firstErrors.length < 5) requests.firstErrors.push(`${res.status} ${path}`);
        }
      } catch (e) {
        requests.errors++;
        if (requests.firstErrors.length < 5) requests.firstErrors.push(`${(e as Error).message} ${path}`);
      }
      requests.total++;
    }
  };

  const samples: { tMin: number; rssMb: number; heapMb: number }[] = [];
  const sample = () => {
    gc();
    const m = process.memoryUsage();
    const s = { tMin: (Date.now() - startMs) / 60_000, rssMb: m.rss / MB, heapMb: m.heapUsed / MB };
    samples.push(s);
    process.stdout.write(
      `${JSON.stringify({
        event: 'sample',
        tMin: round(s.tMin),
        rssMb: round(s.rssMb, 1),
        heapMb: round(s.heapMb, 1),
        externalMb: round(m.external / MB, 1),
        read: stats?.read ?? 0,
        requests: requests.total,
        errors: requests.errors,
      })}\n`,
    );
  };
  const timer = setInterval(sample, sampleMs);
  sample();

  const pipeline = runPipeline(
    cfg,
    { kind: 'batches', name: 'soak', batches: loopedSource(pass, cfg.batchSize, over) },
    {
      store,
      gazetteer,
      // Passes run years ahead of today: "now" is far enough ahead that no event is in the future.
      clock: fixedClock(Date.parse('2200-01-01T00:00:00Z')),
      onStats: (s) => {
        stats = s;
      },
    },
  );
  const [final] = await Promise.all([pipeline, ...Array.from({ length: concurrency }, (_, i) => client(i))]);
  clearInterval(timer);
  sample();
  await api.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });

  const half = samples.filter((s) => s.tMin >= minutes / 2);
  const xs = half.map((s) => s.tMin);
  process.stdout.write(
    `${JSON.stringify({
      event: 'soak',
      minutes,
      samples: samples.length,
      rssSlopeMbPerMin: round(
        slope(
          xs,
          half.map((s) => s.rssMb),
        ),
      ),
      liveHeapSlopeMbPerMin: round(
        slope(
          xs,
          half.map((s) => s.heapMb),
        ),
      ),
      rssMbFirst: round(samples[0]?.rssMb ?? 0, 1),
      rssMbMax: round(Math.max(...samples.map((s) => s.rssMb)), 1),
      rssMbLast: round(samples.at(-1)?.rssMb ?? 0, 1),
      messagesRead: final.read,
      messagesPerSec: Math.round(final.read / (minutes * 60)),
      deadLettered: final.deadLettered,
      anomalies: final.anomalies,
      requests: requests.total,
      requestErrors: requests.errors,
      byStatus: requests.byStatus,
      ...(requests.firstErrors.length > 0 ? { firstErrors: requests.firstErrors } : {}),
    })}\n`,
  );
}

try {
  await main();
} catch (e) {
  process.stderr.write(`soak failed: ${(e as Error).message.split('\n')[0]}\n`);
  process.exit(1);
}
