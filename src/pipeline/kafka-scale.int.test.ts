/**
 * Scale-out against a real broker: two `vsplesk run --publish` processors in one group over a 4-partition topic,
 * one SIGKILLed mid-stream; the other takes its partitions over (restoring their shard state from the state
 * topic). `materialise` reads the published results into DuckDB, and every API answer — counts, tops, anomalies
 * — equals the embedded run's on the same file.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runServe } from '../commands/serve.ts';
import { loadGazetteer } from '../reference/gazetteer.ts';
import { loadTopics } from '../reference/topics.ts';
import { materialise } from '../sink/materialise.ts';
import type { GroundTruth } from '../source/generator/index.ts';
import { openStore, type Store } from '../store/index.ts';
import { apiAnswers, embeddedReference, spawnKafkaRun } from './kafka-test-support.ts';

const brokers = process.env.VSPLESK_KAFKA_BROKERS ?? '127.0.0.1:9092';
const topic = `vsp-scale-${process.pid}-${Date.now()}`;
const prefix = `${topic}.out`;
const dir = mkdtempSync(join(tmpdir(), 'vsplesk-scale-'));
const gazetteer = loadGazetteer();
const topics = loadTopics();

let truth: GroundTruth;
let fileStore: Store;
let servingStore: Store;
const logs: string[] = ['', ''];

// --until-idle longer than the group's session timeout (10 s): the survivor waits for the dead member's partitions.
const processor = (i: number, pipeline: string) =>
  spawnKafkaRun({
    topic,
    brokers,
    pipeline,
    untilIdleSeconds: 20,
    output: ['--publish', prefix],
    onStderr: (chunk) => {
      logs[i] += chunk;
    },
  });

const events = (log: string, name: string) =>
  log
    .split('\n')
    .filter((l) => l.includes(`"event":"${name}"`))
    .map((l) => JSON.parse(l) as Record<string, unknown>);

beforeAll(async () => {
  const ref = await embeddedReference({
    dir,
    generator: { days: 120, municipalities: 20, seed: 13, invalidFraction: 0.005 },
    brokers,
    topic,
    partitions: 4,
    gazetteer,
    topics,
  });
  truth = ref.truth;
  fileStore = ref.store;
  const pipeline = join(dir, 'small-batches.mjs');
  writeFileSync(pipeline, 'export default { batchSize: 1500 };\n');

  const a = processor(0, pipeline);
  const b = processor(1, pipeline);
  // Kill A once both hold partitions — judged by each one's latest assignment: B may log one before the
  // rebalance has reached A, which then still holds all four — and A's offsets and shard state of some partition
  // are durable (its 'committed' line comes after the state topic acknowledged them), so B must restore that state;
  // and A has reported progress (what it read).
  const holds = (log: string) =>
    (events(log, 'assigned').at(-1)?.partitions as number[] | undefined)?.length ?? 0;
  const killTimer = setInterval(() => {
    const [heldByA, heldByB] = [holds(logs[0] ?? ''), holds(logs[1] ?? '')];
    const worked = ['committed', 'progress'].every((e) => events(logs[0] ?? '', e).length > 0);
    if (heldByA > 0 && heldByA < 4 && heldByB > 0 && worked) {
      clearInterval(killTimer);
      a.child.kill('SIGKILL');
    }
  }, 100);
  const guard = setTimeout(() => {
    a.child.kill('SIGKILL');
    b.child.kill('SIGKILL');
  }, 300_000);
  expect(await a.exit, logs[0]).toBe(-1);
  expect(await b.exit, logs[1]).toBe(0);
  clearInterval(killTimer);
  clearTimeout(guard);

  servingStore = await openStore(':memory:', { gazetteer, topics });
  await materialise({ brokers, prefix, store: servingStore, untilIdleMs: 3000 });
}, 420_000);

afterAll(async () => {
  await fileStore?.close();
  await servingStore?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('2 processors over 4 partitions, one SIGKILLed mid-stream', () => {
  it('killed one processor part-way, and the other took over its partitions from their saved state', () => {
    // A may first hold all four partitions (alone in the group), then two once B joins.
    const aAssignments = events(logs[0] ?? '', 'assigned').map((e) => e.partitions as number[]);
    const aAssigned = aAssignments.at(-1) ?? [];
    const bAssigned = events(logs[1] ?? '', 'assigned');
    expect(aAssigned.length).toBeGreaterThan(0);
    expect(aAssigned.length).toBeLessThan(4);
    // B's last assignment covers all four partitions, and restored state for at least one of A's.
    const last = bAssigned.at(-1) as { partitions: number[]; restoredShards: number[] };
    const readByA = Math.max(0, ...events(logs[0] ?? '', 'progress').map((e) => e.read as number));
    console.log(JSON.stringify({ aAssignments, readByA, bAssignments: bAssigned }));
    expect(readByA).toBeGreaterThan(0);
    expect([...last.partitions].sort()).toEqual([0, 1, 2, 3]);
    // B restored the saved state of every partition A had committed before it was killed; that the takeover lost
    // and doubled nothing is proven by the equal answers below.
    const committedByA = new Set(events(logs[0] ?? '', 'committed').flatMap((e) => e.shards as number[]));
    expect(committedByA.size).toBeGreaterThan(0);
    for (const p of committedByA) expect(last.restoredShards).toContain(p);
  });

  it('serves exactly the answers of the embedded run on the same file', async () => {
    const codes = truth.municipalities.slice(0, 5).map((m) => m.code);
    const range = 'from=2025-01-01&to=2025-05-01';
    const urls = [
      '/api/health',
      `/api/series?bucket=day&${range}`,
      `/api/series?bucket=hour&${range}`,
      ...codes.map((c) => `/api/series?bucket=hour&municipality=${c}&${range}`),
      ...codes.map((c) => `/api/series?bucket=5m&municipality=${c}&from=2025-03-01&to=2025-03-20`),
      `/api/top?by=municipality&${range}`,
      `/api/top?by=topic&${range}`,
      `/api/alerts?${range}&limit=1000`,
      `/api/terms?${range}&limit=1000`,
      `/api/anomalies?${range}&limit=5000`,
    ];
    const [f, k] = [
      await apiAnswers({ store: fileStore, gazetteer, topics }, urls),
      await apiAnswers({ store: servingStore, gazetteer, topics }, urls),
    ];
    expect((f.at(-1) as { items: unknown[] }).items.length).toBeGreaterThan(0);
    expect((f.at(-2) as { items: unknown[] }).items.length).toBeGreaterThan(0); // emerging terms
    expect((f[0] as { messages: number }).messages).toBe(truth.valid);
    for (let i = 0; i < urls.length; i++) expect(k[i], urls[i]).toEqual(f[i]);
  });

  it("a serving store keeps residents' texts only for its retention, and every count", async () => {
    const kept = await openStore(':memory:', { gazetteer, topics });
    try {
      await materialise({
        brokers,
        prefix,
        store: kept,
        untilIdleMs: 3000,
        group: `${prefix}.retention-test`,
        retentionDays: 30,
      });
      const [all, short] = [await servingStore.stats(), await kept.stats()];
      // Every window (how many arrived as revisions depends on how the materialiser's batches fell).
      const windows = (w: typeof all.windows) => w.map((x) => [x.bucket, x.windows]);
      expect(windows(short.windows)).toEqual(windows(all.windows));
      expect(short.anomalies).toEqual(all.anomalies);
      expect(short.lastEventTimeMs).toBe(all.lastEventTimeMs);
      expect(short.messages).toBeGreaterThan(0);
      expect(short.messages).toBeLessThan(all.messages / 2);
      // Incidents well inside the last 30 days keep their messages; those long before lose them.
      const newest = all.lastEventTimeMs as number;
      const recent = truth.incidents.filter((i) => i.startMs > newest - 25 * 86_400_000);
      const old = truth.incidents.filter((i) => i.endMs < newest - 32 * 86_400_000);
      expect(recent.length).toBeGreaterThan(0);
      expect(old.length).toBeGreaterThan(0);
      for (const i of recent)
        expect((await kept.messagesByIds(i.messageIds)).length).toBe(i.messageIds.length);
      for (const i of old) expect(await kept.messagesByIds(i.messageIds)).toEqual([]);
    } finally {
      await kept.close();
    }
  });

  it('`vsplesk serve --materialise` keeps its own store up to date and shows its lag on /metrics', async () => {
    const server = await runServe({
      db: join(dir, 'serving.duckdb'),
      port: 0,
      logger: false,
      auth: 'off',
      materialise: { prefix, brokers, group: `${prefix}.serve-test` },
    });
    try {
      let health = { messages: 0 };
      for (let i = 0; i < 120 && health.messages < truth.valid; i++) {
        await new Promise((r) => setTimeout(r, 500));
        health = (await (await fetch(`${server.url}/api/health`)).json()) as { messages: number };
      }
      expect(health.messages).toBe(truth.valid);
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      expect(metrics).toMatch(/vsplesk_live_records_total\{role="materialise"\} [1-9]/);
      expect(metrics).toContain('vsplesk_live_consumer_lag_records{role="materialise",partition="0"}');
    } finally {
      await server.close();
    }
  });
});
