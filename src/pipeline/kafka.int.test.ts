/**
 * Against a real broker: produce a generated stream (with bad records interleaved) → consume it as a group
 * member over 4 partitions → the API answers equal those of the embedded run on the same file, and every bad
 * record is dead-lettered. Needs `scripts/kafka.sh up` (CI does it) or VSPLESK_KAFKA_BROKERS.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Kafka from 'node-rdkafka';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import defaultPipeline from '../../pipelines/default.ts';
import { fixedClock } from '../clock.ts';
import { runProduce } from '../commands/produce.ts';
import { normalizePipeline } from '../config.ts';
import type { RunStats } from '../records.ts';
import { loadGazetteer } from '../reference/gazetteer.ts';
import { loadTopics } from '../reference/topics.ts';
import { type GroundTruth, generateStream } from '../source/generator/index.ts';
import { createKafkaDeadLetterSink } from '../source/kafka-dead-letter.ts';
import { openStore, type Store } from '../store/index.ts';
import { apiAnswers, createTopic, withoutAnomalies } from './kafka-test-support.ts';
import { LiveMetrics } from './live-metrics.ts';
import { runPipeline } from './run.ts';

const brokers = process.env.VSPLESK_KAFKA_BROKERS ?? '127.0.0.1:9092';
const topic = `vsp-it-${process.pid}-${Date.now()}`;
const dir = mkdtempSync(join(tmpdir(), 'vsplesk-kafka-'));
const gazetteer = loadGazetteer();
const topics = loadTopics();
const cfg = normalizePipeline(defaultPipeline);
const clock = fixedClock(Date.parse('2026-11-23T00:00:00Z'));

let truth: GroundTruth;
let fileStore: Store;
let kafkaStore: Store;
let fileStats: RunStats;
let kafkaStats: RunStats;
const metrics = new LiveMetrics('pipeline');
let producedLines = 0;

beforeAll(async () => {
  const gen = generateStream({ days: 40, municipalities: 10, seed: 5, invalidFraction: 0.01 });
  const lines = [...gen.records].map((r) => r.line);
  truth = gen.truth();
  const file = join(dir, 'stream.ndjson');
  writeFileSync(file, `${lines.join('\n')}\n`);

  fileStore = await openStore(':memory:', { gazetteer, topics });
  fileStats = await runPipeline(cfg, { kind: 'file', path: file }, { store: fileStore, gazetteer, clock });

  await createTopic(brokers, topic, 4);
  const { produced } = await runProduce({ input: file, topic, brokers, gazetteer });
  expect(produced).toBe(lines.length);
  producedLines = produced;
  kafkaStore = await openStore(':memory:', { gazetteer, topics });
  const deadLetterSink = await createKafkaDeadLetterSink({ brokers, topic: `${topic}.dead-letters` });
  kafkaStats = await runPipeline(
    cfg,
    { kind: 'kafka', topic, brokers, group: `${topic}-g`, untilIdleMs: 4000 },
    { store: kafkaStore, gazetteer, clock, deadLetterSink, metrics },
  );
  await deadLetterSink.close();
});

afterAll(async () => {
  await fileStore?.close();
  await kafkaStore?.close();
  rmSync(dir, { recursive: true, force: true });
});

const answers = (store: Store, urls: string[]) => apiAnswers({ store, gazetteer, topics }, urls);

describe('Kafka source against a real broker', () => {
  it('counts every good record and dead-letters every bad one', () => {
    expect(kafkaStats.valid).toBe(truth.valid);
    expect(kafkaStats.deadLettered).toBe(truth.invalid);
    expect(kafkaStats.deadByReason).toEqual(fileStats.deadByReason);
    expect(kafkaStats.late).toBe(0);
  });

  it('puts every bad record on the dead-letter topic with its reason in headers', async () => {
    const consumer = new Kafka.KafkaConsumer(
      { 'group.id': `${topic}-dlq-reader`, 'metadata.broker.list': brokers, 'enable.auto.commit': false },
      { 'auto.offset.reset': 'earliest' },
    );
    await new Promise<void>((resolve, reject) => consumer.connect({}, (e) => (e ? reject(e) : resolve())));
    consumer.subscribe([`${topic}.dead-letters`]);
    const reasons: Record<string, number> = {};
    const deadline = Date.now() + 60_000;
    let seen = 0;
    while (seen < truth.invalid && Date.now() < deadline) {
      const batch = await new Promise<Kafka.Message[]>((resolve, reject) =>
        consumer.consume(1000, (e, m) => (e ? reject(e) : resolve(m))),
      );
      for (const m of batch) {
        seen++;
        const reason = String(m.headers?.find((h) => 'vsp-reason' in h)?.['vsp-reason']);
        reasons[reason] = (reasons[reason] ?? 0) + 1;
      }
    }
    await new Promise<void>((resolve) => consumer.disconnect(() => resolve()));
    expect(seen).toBe(truth.invalid);
    expect(reasons).toEqual(kafkaStats.deadByReason);
  });

  it('reports zero lag on every partition, the records read and the dead letters on /metrics', () => {
    const text = metrics.render();
    for (const p of [0, 1, 2, 3])
      expect(text).toContain(`vsplesk_live_consumer_lag_records{role="pipeline",partition="${p}"} 0`);
    expect(text).toContain(`vsplesk_live_records_total{role="pipeline"} ${producedLines}`);
    expect(text).toMatch(/vsplesk_live_dead_letters_total\{role="pipeline",reason="invalid_json"\} [1-9]/);
  });

  it('commits the offsets of everything it read in the store', async () => {
    const offsets = await kafkaStore.offsets(`kafka:${topic}`);
    expect(offsets.map((o) => o.partition).sort()).toEqual([0, 1, 2, 3]);
  });

  it('answers the API exactly as the embedded run on the same file', async () => {
    const codes = truth.municipalities.slice(0, 4).map((m) => m.code);
    const range = 'from=2025-01-01&to=2025-02-12';
    const urls = [
      '/api/health',
      `/api/series?bucket=day&${range}`,
      `/api/series?bucket=hour&${range}`,
      ...codes.map((c) => `/api/series?bucket=hour&municipality=${c}&${range}`),
      ...codes.map((c) => `/api/series?bucket=5m&municipality=${c}&from=2025-01-20&to=2025-01-27`),
      `/api/top?by=municipality&${range}`,
      `/api/top?by=topic&${range}`,
    ];
    // Counts: exactly equal. Series carry their anomalies; those are compared below by what they flag.
    const strip = withoutAnomalies;
    const [fromFile, fromKafka] = [await answers(fileStore, urls), await answers(kafkaStore, urls)];
    for (let i = 0; i < urls.length; i++) expect(strip(fromKafka[i]), urls[i]).toEqual(strip(fromFile[i]));
  });

  it('flags the same windows, with the same expected values and severities, as the embedded run', async () => {
    // State is per shard (= partition) and windows are tested at the message that closes them, so how the
    // partitions interleave on the way in changes nothing.
    const url = '/api/anomalies?from=2025-01-01&to=2025-02-12&limit=5000';
    const [[f], [k]] = [await answers(fileStore, [url]), await answers(kafkaStore, [url])];
    expect((f as { items: unknown[] }).items.length).toBeGreaterThan(0);
    expect(k).toEqual(f);
  });

  it('reads a partition without saved offsets from its beginning, whatever its group committed for lag tools', async () => {
    // The group committed its offsets (best effort, for lag tools) as it went; a new store holds none. The
    // store's offsets are the ones that count: starting from the group's would skip every record — and a
    // processor killed during its first write would leave its successor to skip that batch.
    const fresh = await openStore(':memory:', { gazetteer, topics });
    try {
      const again = await runPipeline(
        cfg,
        { kind: 'kafka', topic, brokers, group: `${topic}-g`, untilIdleMs: 4000 },
        { store: fresh, gazetteer, clock },
      );
      expect(again.valid).toBe(truth.valid);
    } finally {
      await fresh.close();
    }
  });
});
