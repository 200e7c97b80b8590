/**
 * Crash: a `vsplesk run` consuming from a real broker is SIGKILLed mid-stream and started again. Because each
 * batch's results, offsets and shard state (windows, dedupe set, detector baselines) commit in one DuckDB
 * transaction, and the restarted process continues from that state, the final answers — anomalies included —
 * equal an uninterrupted run's.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGazetteer } from '../reference/gazetteer.ts';
import { loadTopics } from '../reference/topics.ts';
import type { GroundTruth } from '../source/generator/index.ts';
import { openStore, type Store } from '../store/index.ts';
import { apiAnswers, embeddedReference, spawnKafkaRun } from './kafka-test-support.ts';

const brokers = process.env.VSPLESK_KAFKA_BROKERS ?? '127.0.0.1:9092';
const topic = `vsp-crash-${process.pid}-${Date.now()}`;
const dir = mkdtempSync(join(tmpdir(), 'vsplesk-crash-'));
const db = join(dir, 'k.duckdb');
const gazetteer = loadGazetteer();
const topics = loadTopics();

let truth: GroundTruth;
let fileStore: Store;
let kafkaStore: Store;
let killedAfter = '';

const run = (pipeline: string) =>
  spawnKafkaRun({ topic, brokers, pipeline, untilIdleSeconds: 5, output: ['--db', db] });

beforeAll(async () => {
  const ref = await embeddedReference({
    dir,
    generator: { days: 150, municipalities: 20, seed: 9 },
    brokers,
    topic,
    partitions: 4,
    gazetteer,
    topics,
  });
  truth = ref.truth;
  fileStore = ref.store;
  // Small batches: many commits, so the kill lands between two of them.
  const pipeline = join(dir, 'small-batches.mjs');
  writeFileSync(pipeline, 'export default { batchSize: 2000 };\n');

  const first = run(pipeline);
  let err = '';
  first.child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
    const progress = err.split('\n').find((l) => l.includes('"event":"progress"'));
    if (progress && !killedAfter) {
      killedAfter = progress;
      first.child.kill('SIGKILL');
    }
  });
  expect(await first.exit, err).toBe(-1); // killed, not finished
  const second = run(pipeline);
  let err2 = '';
  second.child.stderr?.on('data', (d: Buffer) => {
    err2 += d.toString();
  });
  const timer = setTimeout(() => second.child.kill('SIGKILL'), 240_000);
  expect(await second.exit, err2).toBe(0);
  clearTimeout(timer);
  kafkaStore = await openStore(db, { gazetteer, topics });
  // Two runs over a 150-day stream plus the embedded reference: minutes on a shared 2-core machine.
}, 600_000);

afterAll(async () => {
  await fileStore?.close();
  await kafkaStore?.close();
  rmSync(dir, { recursive: true, force: true });
});

const answers = (store: Store, urls: string[]) => apiAnswers({ store, gazetteer, topics }, urls);

describe('SIGKILL mid-stream, then restart', () => {
  it('was killed part-way through the stream', () => {
    const read = Number(/"read":(\d+)/.exec(killedAfter)?.[1]);
    expect(read).toBeGreaterThan(0);
    expect(read).toBeLessThan(truth.valid + truth.invalid);
  });

  it('ends with every message counted once and every bad record dead-lettered once', async () => {
    const [health] = (await answers(kafkaStore, ['/api/health'])) as {
      messages: number;
      deadLetters: number;
    }[];
    expect(health?.messages).toBe(truth.valid);
    expect(health?.deadLetters).toBe(truth.invalid);
  });

  it('serves the same answers as an uninterrupted run, anomalies included', async () => {
    const codes = truth.municipalities.slice(0, 5).map((m) => m.code);
    const range = 'from=2025-01-01&to=2025-06-01';
    const urls = [
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
    const [f, k] = [await answers(fileStore, urls), await answers(kafkaStore, urls)];
    expect((f.at(-1) as { items: unknown[] }).items.length).toBeGreaterThan(0);
    expect((f.at(-2) as { items: unknown[] }).items.length).toBeGreaterThan(0); // emerging terms
    for (let i = 0; i < urls.length; i++) expect(k[i], urls[i]).toEqual(f[i]);
  });
});
