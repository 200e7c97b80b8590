/**
 * Shards in worker threads answer exactly as one thread: the same seeded stream (with its bad lines, and lines a
 * careless router would misplace) run with workers = 1 and workers = 2 stores the same rows in every table the
 * pipeline writes — message key ids and dead letters in the same order included — and a run with two workers
 * stopped after a commit, resumed on one thread, ends the same (each worker's shards' state is committed with the
 * position, and restored to whichever thread owns the shard).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import defaultPipeline from '../../pipelines/default.ts';
import { fixedClock } from '../clock.ts';
import { normalizePipeline } from '../config.ts';
import type { Rejected, RunStats } from '../records.ts';
import { loadGazetteer } from '../reference/gazetteer.ts';
import { loadTopics } from '../reference/topics.ts';
import { generateStream } from '../source/generator/index.ts';
import { openStore } from '../store/index.ts';
import { dumpTables, RESULT_TABLES } from '../store/test-dump.ts';
import type { ShardSnapshot } from './process.ts';
import { type ResultSink, runPipeline } from './run.ts';
import { shardOf } from './shard.ts';

const dir = mkdtempSync(join(tmpdir(), 'vsplesk-workers-'));
const stream = join(dir, 'stream.ndjson');
const gazetteer = loadGazetteer();
// Just after the stream (2025-01): dead letters are kept (their retention counts from this clock), none is future.
const clock = fixedClock(Date.parse('2025-03-01T00:00:00Z'));
const HEAVY = 240_000;

/** Lines the fast path of the router must not place by the code it sees first (JSON.parse reads another). */
function trickyLines(): string[] {
  // Two towns in different shards: a misplaced line may cross threads (the processor then throws).
  const a = gazetteer.all[0];
  const b = gazetteer.all.find((m) => shardOf(m.region, 4) !== shardOf(a?.region ?? '', 4));
  const base = {
    source: 'vk',
    created_at: '2025-01-05T10:00:00+03:00',
    text: 'Нет горячей воды третий день',
  };
  const at = (id: string, extra: string) => `${JSON.stringify({ id, ...base }).slice(0, -1)},${extra}}`;
  return [
    // Nested field first, the message's own code after it (or none: placed by text).
    at('t1', `"meta":{"municipality":"${a?.code}"},"municipality":"${b?.code}"`),
    at('t2', `"meta":{"municipality":"${a?.code}"}`),
    // A repeated key: JSON.parse keeps the last.
    at('t3', `"municipality":"${a?.code}","municipality":"${b?.code}"`),
    // The key spelled with an escape.
    at('t4', `"municipality":"${a?.code}","municipalit\\u0079":"${b?.code}"`),
    // Unknown code, broken line.
    at('t5', '"municipality":"99999999"'),
    '{"id":"t6","source":"vk",',
  ];
}

interface Run {
  stats: RunStats;
  dump: Record<string, string>;
  deadLetters: string[];
}

const TABLES: Record<string, string> = {
  ...RESULT_TABLES,
  // Row order of the insert (rowid) and key ids as allocated: the merge keeps input order.
  message_rows: 'SELECT * FROM message_rows ORDER BY rowid',
  message_keys: 'SELECT * FROM message_keys ORDER BY key_id',
  dead_letters: 'SELECT * EXCLUDE (at_ms) FROM dead_letters ORDER BY rowid',
};

const dump = (path: string): Promise<Record<string, string>> => dumpTables(path, TABLES);

/** Runs the stream into `db` with `workers` threads; `failAtWrite`: that write fails (a full disk), as a crash. */
async function run(db: string, workers: number, failAtWrite?: number): Promise<Run> {
  const store = await openStore(db, { gazetteer, topics: loadTopics() });
  const deadLetters: string[] = [];
  let writes = 0;
  const sink: ResultSink = {
    writeBatch: (b) =>
      ++writes === failAtWrite ? Promise.reject(new Error('disk full')) : store.writeBatch(b),
    resume: (source, partitions) => store.resume(source, partitions),
  };
  try {
    const stats = await runPipeline(
      normalizePipeline({ ...defaultPipeline, batchSize: 700, workers }),
      { kind: 'file', path: stream },
      {
        store: sink,
        gazetteer,
        clock,
        deadLetterSink: {
          write: async (rs: readonly Rejected[]) => {
            for (const r of rs) deadLetters.push(`${r.reason} ${JSON.stringify(r.origin)}`);
          },
          close: async () => {},
        },
      },
    );
    await store.close();
    return { stats, dump: await dump(db), deadLetters };
  } catch (e) {
    await store.close();
    throw e;
  }
}

let one: Run;
let two: Run;

beforeAll(async () => {
  const lines: string[] = [];
  for (const r of generateStream({ days: 25, municipalities: 10, seed: 21 }).records) lines.push(r.line);
  // The tricky lines early and late, so they meet both fresh and warm shards.
  const tricky = trickyLines();
  lines.splice(200, 0, ...tricky);
  lines.push(...tricky.map((l) => l.replace(/"id":"t/, '"id":"u')));
  writeFileSync(stream, `${lines.join('\n')}\n`);
  one = await run(join(dir, 'one.duckdb'), 1);
  two = await run(join(dir, 'two.duckdb'), 2);
}, HEAVY);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('shards in worker threads', () => {
  it('the reference run has something in every table compared', () => {
    for (const t of ['message_rows', 'anomalies', 'alerts', 'term_bursts', 'stories', 'dead_letters'])
      expect((JSON.parse(one.dump[t] ?? '[]') as unknown[]).length, t).toBeGreaterThan(0);
  });

  it('two workers store exactly what one thread stores, table by table, with the same counters', () => {
    for (const t of Object.keys(TABLES)) expect(two.dump[t], t).toEqual(one.dump[t]);
    expect(two.stats).toEqual(one.stats);
  });

  it('dead letters reach the sink with their reason, in input order, the same as on one thread', () => {
    expect(one.deadLetters.length).toBeGreaterThan(4);
    expect(one.deadLetters.some((d) => d.startsWith('unknown_municipality'))).toBe(true);
    expect(two.deadLetters).toEqual(one.deadLetters);
  });

  it(
    'failing after commits with two workers, resumed on one thread: the store equals the straight run',
    async () => {
      const db = join(dir, 'failed.duckdb');
      await expect(run(db, 2, 4)).rejects.toThrow(/disk full/);
      const resumed = await run(db, 1);
      for (const t of Object.keys(TABLES)) expect(resumed.dump[t], t).toEqual(one.dump[t]);
    },
    HEAVY,
  );

  it(
    'a worker that fails surfaces as VSP_PIPELINE_WORKER_FAILED and stops the run',
    async () => {
      const cfg = normalizePipeline({ ...defaultPipeline, workers: 2 });
      const store = await openStore(':memory:', { gazetteer, topics: loadTopics() });
      try {
        // A snapshot of another shard count: the worker that owns shard 1 refuses it.
        const bad = { version: 1, shard: 1, shards: 99, detectors: [] };
        const resumeFails: ResultSink = {
          writeBatch: (b) => store.writeBatch(b),
          resume: async () => ({
            offsets: new Map([[0, '1']]),
            snapshots: [bad as unknown as ShardSnapshot],
          }),
        };
        await expect(
          runPipeline(cfg, { kind: 'file', path: stream }, { store: resumeFails, gazetteer, clock }),
        ).rejects.toMatchObject({
          code: 'VSP_PIPELINE_WORKER_FAILED',
          message: /worker \d: VSP_CONFIG_INVALID.*shard 1 /,
        });
      } finally {
        await store.close();
      }
    },
    HEAVY,
  );
});
