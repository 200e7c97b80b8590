/**
 * Analysts' verdicts and known causes for scale-out processors (DESIGN.md "Scale-out"). In the embedded run the
 * pipeline reads them from the DuckDB store the API writes to; `run --publish` processors have no such store, so
 * the serving side (`serve --materialise`) also publishes each one to `<prefix>.control`, and every processor
 * reads that topic whole, from the beginning, outside any group:
 *
 * - one partition, so all processors see the entries in one order; compacted, keyed so that nothing needed is
 *   lost (a verdict's key is its alert and time, a known cause's key its id — a replaced cause keeps the latest);
 * - a processor offers verdicts to the shards it holds; after a rebalance it offers them all again to the shards
 *   it took over (run.ts), whose detectors skip what they applied before (their state knows the last verdict);
 * - on start a processor reads the topic up to its end before its first batch, so a restarted processor applies
 *   every verdict before it processes anything.
 *
 * The entries are few (people type them), so all of them are kept in memory.
 */
import Kafka from 'node-rdkafka';
import type { KnownEvent } from '../detect/calendar.ts';
import { vspError } from '../errors.ts';
import type { AlertFeedback, Store } from '../store/types.ts';
import { createReliableProducer } from './kafka-producer.ts';
import { ensureTopic } from './kafka-publisher.ts';

export const controlTopic = (prefix: string) => `${prefix}.control`;

/** A verdict as processors apply it (the alert id and note stay in the serving store). */
export type PublishedFeedback = Omit<AlertFeedback, 'alertId' | 'note'>;

/** One record of `<prefix>.control`. */
export type ControlRecord =
  | { kind: 'feedback'; value: PublishedFeedback }
  | { kind: 'known_event'; value: { event: KnownEvent; atMs: number } };

export interface ControlPublisher {
  publishFeedback(f: AlertFeedback): Promise<void>;
  publishKnownEvent(event: KnownEvent, atMs: number): Promise<void>;
  close(): Promise<void>;
}

export async function createControlPublisher(o: {
  brokers: string;
  prefix: string;
}): Promise<ControlPublisher> {
  const topic = controlTopic(o.prefix);
  await ensureTopic(o.brokers, topic, 1);
  const producer = await createReliableProducer({
    brokers: o.brokers,
    errorCode: 'VSP_STORE_PUBLISH_FAILED',
  });
  const send = async (key: string, rec: ControlRecord) => {
    await producer.send(topic, 0, key, Buffer.from(JSON.stringify(rec)));
    await producer.delivered();
  };
  return {
    publishFeedback: (f) =>
      send(`f\u0000${f.alertId}\u0000${f.atMs}`, {
        kind: 'feedback',
        value: { municipality: f.municipality, topic: f.topic, label: f.label, atMs: f.atMs },
      }),
    publishKnownEvent: (event, atMs) =>
      send(`e\u0000${event.id}`, { kind: 'known_event', value: { event, atMs } }),
    close: () => producer.close(),
  };
}

/**
 * A serving store whose verdicts and known causes also reach the processors: published first (an entry the
 * processors cannot get is refused, not kept here alone), then stored.
 */
export function publishingControl<S extends Pick<Store, 'addAlertFeedback' | 'addKnownEvent'>>(
  store: S,
  control: Pick<ControlPublisher, 'publishFeedback' | 'publishKnownEvent'>,
): S {
  // Over the store (which may be frozen): everything else is read through from it.
  return Object.create(store, {
    addAlertFeedback: {
      value: async (f: AlertFeedback) => {
        await control.publishFeedback(f);
        await store.addAlertFeedback(f);
      },
    },
    addKnownEvent: {
      value: async (event: KnownEvent, atMs: number) => {
        await control.publishKnownEvent(event, atMs);
        await store.addKnownEvent(event, atMs);
      },
    },
  }) as S;
}

/** What a processor reads: the same two questions the embedded pipeline asks its store. */
export interface ControlFeed extends Pick<Store, 'alertFeedbackSince' | 'knownEventsSince'> {
  /** Records that were not control records (skipped). */
  readonly skipped: number;
  close(): Promise<void>;
}

/** Parse one control record; undefined for anything else (a foreign producer's record must not stop a processor). */
export function parseControlRecord(value: Buffer | null | undefined): ControlRecord | undefined {
  if (!value) return undefined;
  try {
    const r = JSON.parse(value.toString('utf8')) as ControlRecord;
    if (r?.kind === 'feedback' && typeof r.value?.municipality === 'string' && Number.isFinite(r.value.atMs))
      return r;
    if (r?.kind === 'known_event' && typeof r.value?.event?.id === 'string' && Number.isFinite(r.value.atMs))
      return r;
  } catch {}
  return undefined;
}

export async function createControlFeed(o: {
  brokers: string;
  prefix: string;
  /** How long to wait for the topic's existing entries on start. Default 30 s. */
  catchUpMs?: number;
}): Promise<ControlFeed> {
  const topic = controlTopic(o.prefix);
  await ensureTopic(o.brokers, topic, 1);
  const feedback: PublishedFeedback[] = [];
  const events = new Map<string, { event: KnownEvent; atMs: number }>();
  let skipped = 0;
  let next = 0; // offset of the next record to read
  const reader = new Kafka.KafkaConsumer(
    {
      'group.id': `vsplesk-control-reader-${process.pid}`,
      'metadata.broker.list': o.brokers,
      'enable.auto.commit': false,
    },
    { 'auto.offset.reset': 'earliest' },
  );
  const fail = (what: string, err: { message: string }) =>
    vspError('VSP_SOURCE_UNREADABLE', `reading ${topic}: ${what}: ${err.message}`, err);
  await new Promise<void>((resolve, reject) =>
    reader.connect({ timeout: 15_000 }, (err) => (err ? reject(fail('connect', err)) : resolve())),
  );
  const end = await new Promise<number>((resolve, reject) =>
    reader.queryWatermarkOffsets(topic, 0, 10_000, (err, w) =>
      err ? reject(fail('offsets', err)) : resolve(w.highOffset),
    ),
  );
  let caughtUp: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    caughtUp = resolve;
  });
  reader.on('data', (m) => {
    next = m.offset + 1;
    const r = parseControlRecord(m.value);
    if (r?.kind === 'feedback') feedback.push(r.value);
    else if (r?.kind === 'known_event') events.set(r.value.event.id, r.value);
    else skipped++;
    if (next >= end) caughtUp();
  });
  reader.assign([{ topic, partition: 0, offset: 0 }]);
  reader.consume();
  // The active segment is never compacted, so the record before `end` is there to be read.
  if (end > 0) {
    const waitMs = o.catchUpMs ?? 30_000;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((r) => {
      timer = setTimeout(() => r(true), waitMs);
    });
    const late = await Promise.race([ready.then(() => false), timedOut]);
    clearTimeout(timer);
    if (late) {
      await new Promise<void>((resolve) => reader.disconnect(() => resolve()));
      throw vspError(
        'VSP_SOURCE_UNREADABLE',
        `reading ${topic}: read ${next} of ${end} records in ${waitMs} ms`,
      );
    }
  }
  const since = <T extends { atMs: number }>(list: Iterable<T>, afterMs: number) =>
    [...list].filter((x) => x.atMs > afterMs).sort((a, b) => a.atMs - b.atMs);
  return {
    get skipped() {
      return skipped;
    },
    alertFeedbackSince: async (afterMs) => since(feedback, afterMs),
    knownEventsSince: async (afterMs) => since(events.values(), afterMs),
    close: () => new Promise<void>((resolve) => reader.disconnect(() => resolve())),
  };
}
