/**
 * Verdicts and known causes reach `run --publish` processors through `<prefix>.control` (kafka-control.ts): a
 * serving store publishes what the API stores, a processor started later reads it all before its first batch, and
 * an alert the known cause explains comes out labelled expected from the processor.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Kafka from 'node-rdkafka';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KnownEvent } from '../detect/calendar.ts';
import { embeddedReference, spawnKafkaRun } from '../pipeline/kafka-test-support.ts';
import { loadGazetteer } from '../reference/gazetteer.ts';
import { loadTopics } from '../reference/topics.ts';
import { openStore, type Store } from '../store/index.ts';
import type { AlertFeedback } from '../store/types.ts';
import {
  controlTopic,
  createControlFeed,
  createControlPublisher,
  publishingControl,
} from './kafka-control.ts';
import { materialise } from './materialise.ts';

const brokers = process.env.VSPLESK_KAFKA_BROKERS ?? '127.0.0.1:9092';
const topic = `vsp-control-${process.pid}-${Date.now()}`;
const prefix = `${topic}.out`;
const dir = mkdtempSync(join(tmpdir(), 'vsplesk-control-'));
const gazetteer = loadGazetteer();
const topics = loadTopics();
let reference: Store;

beforeAll(async () => {
  reference = (
    await embeddedReference({
      dir,
      generator: { days: 45, municipalities: 6, seed: 21, invalidFraction: 0 },
      brokers,
      topic,
      partitions: 2,
      gazetteer,
      topics,
    })
  ).store;
}, 300_000);

afterAll(async () => {
  await reference?.close();
  rmSync(dir, { recursive: true, force: true });
});

const feedback = (alertId: string, atMs: number): AlertFeedback => ({
  alertId,
  municipality: '45000000',
  topic: 'roads',
  label: 'noise',
  note: 'не наше',
  atMs,
});

describe('the control topic', () => {
  it('hands a later reader every verdict and the latest of each known cause, skipping foreign records', async () => {
    const p = `${prefix}-roundtrip`;
    const control = await createControlPublisher({ brokers, prefix: p });
    const event: KnownEvent = {
      id: 'hw-1',
      kind: 'hot_water',
      label: 'плановое отключение',
      topics: ['hot_water'],
      from: '2025-05-01',
      to: '2025-05-14',
    };
    await control.publishFeedback(feedback('a1', 1000));
    await control.publishKnownEvent(event, 1500);
    await control.publishKnownEvent({ ...event, label: 'плановое отключение ГВС' }, 1700);
    await control.publishFeedback(feedback('a2', 2000));
    const producer = new Kafka.HighLevelProducer({ 'metadata.broker.list': brokers });
    await new Promise<void>((r, j) => producer.connect({}, (e) => (e ? j(e) : r())));
    await new Promise<void>((r, j) =>
      producer.produce(controlTopic(p), 0, Buffer.from('{"not":"ours"}'), 'x', Date.now(), (e) =>
        e ? j(e) : r(),
      ),
    );
    await new Promise<void>((r) => producer.disconnect(() => r()));
    await control.close();

    const feed = await createControlFeed({ brokers, prefix: p });
    try {
      expect((await feed.alertFeedbackSince(Number.NEGATIVE_INFINITY)).map((f) => f.atMs)).toEqual([
        1000, 2000,
      ]);
      expect(await feed.alertFeedbackSince(1000)).toEqual([
        { municipality: '45000000', topic: 'roads', label: 'noise', atMs: 2000 },
      ]);
      const events = await feed.knownEventsSince(Number.NEGATIVE_INFINITY);
      expect(events.map((e) => [e.event.label, e.atMs])).toEqual([['плановое отключение ГВС', 1700]]);
      expect(feed.skipped).toBe(1);
    } finally {
      await feed.close();
    }
  });

  it('a serving store publishes a verdict before it stores it, and stores nothing the processors cannot get', async () => {
    const stored: AlertFeedback[] = [];
    const published: AlertFeedback[] = [];
    const store = {
      addAlertFeedback: async (f: AlertFeedback) => {
        stored.push(f);
      },
      addKnownEvent: async () => {},
    };
    const ok = publishingControl(store, {
      publishFeedback: async (f) => {
        published.push(f);
        expect(stored).toHaveLength(0);
      },
      publishKnownEvent: async () => {},
    });
    await ok.addAlertFeedback(feedback('a1', 1));
    expect([published.length, stored.length]).toEqual([1, 1]);
    const failing = publishingControl(store, {
      publishFeedback: async () => {
        throw new Error('broker down');
      },
      publishKnownEvent: async () => {},
    });
    await expect(failing.addAlertFeedback(feedback('a2', 2))).rejects.toThrow('broker down');
    expect(stored).toHaveLength(1);
  });

  it('a known cause entered on the serving side labels the alert it explains in a processor’s published results', async () => {
    const { items } = await reference.alerts({ limit: 1000, offset: 0, expected: false });
    const target = items.find((a) => a.kind === 'burst');
    expect(target).toBeDefined();
    const alert = target as NonNullable<typeof target>;
    const day = (ms: number) => {
      const offset = gazetteer.byCode(alert.municipality)?.utcOffsetMin ?? 0;
      return new Date(ms + offset * 60_000).toISOString().slice(0, 10);
    };
    const serving = await openStore(':memory:', { gazetteer, topics });
    const control = await createControlPublisher({ brokers, prefix });
    try {
      await publishingControl(serving, control).addKnownEvent(
        {
          id: 'works-1',
          kind: 'road_works',
          label: 'ремонт набережной',
          topics: [alert.topic],
          municipality: alert.municipality,
          from: day(alert.startMs - 86_400_000),
          to: day(alert.startMs + 86_400_000),
        },
        Date.now(),
      );
      const pipeline = join(dir, 'pipeline.mjs');
      writeFileSync(pipeline, 'export default { batchSize: 2000 };\n');
      let log = '';
      const run = spawnKafkaRun({
        topic,
        brokers,
        pipeline,
        untilIdleSeconds: 5,
        output: ['--publish', prefix],
        onStderr: (c) => {
          log += c;
        },
      });
      expect(await run.exit, log).toBe(0);
      await materialise({ brokers, prefix, store: serving, untilIdleMs: 3000 });
      const got = await serving.alert(alert.id);
      expect(got?.cause?.label).toBe('ремонт набережной');
      // Everything else as in the embedded run without the calendar.
      const others = await serving.alerts({ limit: 1000, offset: 0, expected: true });
      expect(others.items.map((a) => a.id)).toContain(alert.id);
    } finally {
      await control.close();
      await serving.close();
    }
  });
});
