/**
 * Scale-out output (DESIGN.md "Scale-out"): instead of a DuckDB file, a processor publishes
 *
 * - its results to `<prefix>.results` as keyed full values — a message (key source/id), a window value (key
 *   bucket/municipality/topic/start), an anomaly, an alert, a term burst or a story (key its id), a dead letter
 *   (key its origin) — on the partition of their shard, so all values of a key are in order;
 * - after them, per partition it read, its shard state and the offset it continues from to `<prefix>.state`
 *   (partition = shard, key = source:partition).
 *
 * Both topics are compacted: the latest value per key is the answer. A partition's new owner (a rebalance, or a
 * restart after SIGKILL) reads the last state record of the partition and continues from its offset; whatever
 * was published after that state is published again with the same values (a shard's output depends only on its
 * input: process.ts), which the materialiser (materialise.ts) upserts. Results are acknowledged before the
 * state that covers them is sent, so no state ever points past unpublished results.
 */
import Kafka from 'node-rdkafka';
import { vspError } from '../errors.ts';
import { shardOfPlace } from '../pipeline/shard.ts';
import {
  type Aggregate,
  type Alert,
  type Anomaly,
  type Rejected,
  type Story,
  type TermBurst,
  UNKNOWN_MUNICIPALITY,
} from '../records.ts';
import type { Gazetteer } from '../reference/gazetteer.ts';
import type { ShardSnapshot } from '../state/shard-snapshot.ts';
import { storableDoc } from '../store/storable-doc.ts';
import type { Resume, StorableDoc, WriteBatch } from '../store/types.ts';
import { createReliableProducer } from './kafka-producer.ts';

export const resultsTopic = (prefix: string) => `${prefix}.results`;
export const stateTopic = (prefix: string) => `${prefix}.state`;

/** Shard state can be megabytes (open windows with their authors); topics and clients allow this much. */
const MAX_RECORD_BYTES = 64 << 20;

/** One record of `<prefix>.results`. */
export type PublishedResult =
  | { kind: 'message'; late: boolean; doc: StorableDoc }
  | { kind: 'window'; value: Aggregate }
  | { kind: 'anomaly'; value: Anomaly }
  | { kind: 'alert'; value: Alert }
  | { kind: 'term_burst'; value: TermBurst }
  | { kind: 'story'; value: Story }
  | { kind: 'dead_letter'; value: Rejected };

/** One record of `<prefix>.state`: where a partition continues and the shard state at that point. */
export interface PublishedState {
  source: string;
  partition: number;
  offset: string;
  snapshot: ShardSnapshot | null;
}

export interface KafkaPublisher {
  writeBatch(b: WriteBatch): Promise<void>;
  resume(source: string, partitions: readonly number[]): Promise<Resume>;
  close(): Promise<void>;
}

/** One result as it is published: the partition of its shard, its compaction key and its value. */
export interface RoutedResult {
  partition: number;
  key: string;
  result: PublishedResult;
}

/**
 * A batch's results in publishing order, each on the partition of the shard that produced it: messages by their
 * place, windows, anomalies and alerts by their municipality's region (`regionOf`), term bursts by their own
 * place (a region-wide burst has no municipality), stories by their place (as their messages), dead letters by the
 * partition they were read from.
 */
export function* routeResults(
  b: WriteBatch,
  partitions: number,
  regionOf: (municipality: string) => string,
): Generator<RoutedResult> {
  const shardOfMunicipality = (m: string) => shardOfPlace(m, regionOf(m), partitions);
  for (const [list, late] of [
    [b.messages, false],
    [b.lateMessages, true],
  ] as const)
    for (const d of list)
      yield {
        partition: shardOfPlace(d.municipalityCode, d.regionCode, partitions),
        key: `m\u0000${d.source}\u0000${d.id}`,
        result: { kind: 'message', late, doc: storableDoc(d) },
      };
  for (const g of b.aggregates)
    yield {
      partition: shardOfMunicipality(g.municipality),
      key: `w\u0000${g.bucket}\u0000${g.municipality}\u0000${g.topic}\u0000${g.startMs}`,
      result: { kind: 'window', value: g },
    };
  for (const x of b.anomalies)
    yield {
      partition: shardOfMunicipality(x.municipality),
      key: `a\u0000${x.id}`,
      result: { kind: 'anomaly', value: x },
    };
  for (const x of b.alerts ?? [])
    yield {
      partition: shardOfMunicipality(x.municipality),
      key: `i\u0000${x.id}`,
      result: { kind: 'alert', value: x },
    };
  for (const x of b.termBursts ?? [])
    yield {
      partition: shardOfPlace(x.municipality, x.region, partitions),
      key: `t\u0000${x.id}`,
      result: { kind: 'term_burst', value: x },
    };
  for (const x of b.stories ?? [])
    yield {
      partition: shardOfPlace(x.municipality, x.region, partitions),
      key: `s\u0000${x.id}`,
      result: { kind: 'story', value: x },
    };
  for (const r of b.deadLetters)
    yield {
      partition: r.origin.kind === 'kafka' ? r.origin.partition % partitions : 0,
      key: `d\u0000${JSON.stringify(r.origin)}`,
      result: { kind: 'dead_letter', value: r },
    };
}

/** Create a compacted topic unless it exists. */
export async function ensureTopic(brokers: string, topic: string, partitions: number): Promise<void> {
  const admin = Kafka.AdminClient.create({ 'metadata.broker.list': brokers });
  try {
    await new Promise<void>((resolve, reject) =>
      admin.createTopic(
        {
          topic,
          num_partitions: partitions,
          replication_factor: 1,
          config: { 'cleanup.policy': 'compact', 'max.message.bytes': String(MAX_RECORD_BYTES) },
        },
        30_000,
        (err) =>
          !err || err.code === Kafka.CODES.ERRORS.ERR_TOPIC_ALREADY_EXISTS
            ? resolve()
            : reject(
                vspError('VSP_STORE_PUBLISH_FAILED', `cannot create topic ${topic}: ${err.message}`, err),
              ),
      ),
    );
  } finally {
    admin.disconnect();
  }
}

/**
 * The last state record of each partition: its offset range from the brokers, then one record read at the
 * end. A consumer outside any group, so reading never disturbs the processors' group.
 */
async function readLastStates(
  brokers: string,
  topic: string,
  partitions: readonly number[],
): Promise<Map<number, PublishedState>> {
  const reader = new Kafka.KafkaConsumer(
    {
      'group.id': `vsplesk-state-reader-${process.pid}`,
      'metadata.broker.list': brokers,
      'enable.auto.commit': false,
      'fetch.message.max.bytes': MAX_RECORD_BYTES,
      'receive.message.max.bytes': MAX_RECORD_BYTES + (1 << 20),
    },
    {},
  );
  const fail = (what: string, err: { message: string }) =>
    vspError('VSP_STORE_PUBLISH_FAILED', `reading shard state from ${topic}: ${what}: ${err.message}`, err);
  await new Promise<void>((resolve, reject) =>
    reader.connect({ timeout: 15_000 }, (err) => (err ? reject(fail('connect', err)) : resolve())),
  );
  const out = new Map<number, PublishedState>();
  try {
    const wanted: Kafka.Assignment[] = [];
    for (const partition of partitions) {
      const w = await new Promise<Kafka.WatermarkOffsets>((resolve, reject) =>
        reader.queryWatermarkOffsets(topic, partition, 10_000, (err, offsets) =>
          err ? reject(fail('offsets', err)) : resolve(offsets),
        ),
      );
      if (w.highOffset > w.lowOffset) wanted.push({ topic, partition, offset: w.highOffset - 1 });
    }
    if (wanted.length === 0) return out;
    reader.assign(wanted);
    const deadline = Date.now() + 60_000;
    while (out.size < wanted.length) {
      if (Date.now() > deadline)
        throw vspError('VSP_STORE_PUBLISH_FAILED', `timed out reading the last state of ${topic}`);
      const got = await new Promise<Kafka.Message[]>((resolve, reject) =>
        reader.consume(wanted.length, (err, m) => (err ? reject(fail('consume', err)) : resolve(m))),
      );
      for (const m of got) if (m.value) out.set(m.partition, JSON.parse(m.value.toString('utf8')));
    }
    return out;
  } finally {
    await new Promise<void>((resolve) => reader.disconnect(() => resolve()));
  }
}

export async function createKafkaPublisher(o: {
  brokers: string;
  prefix: string;
  /** Partitions of the input topic (= shards); the output topics get as many. */
  partitions: number;
  gazetteer: Gazetteer;
}): Promise<KafkaPublisher> {
  const results = resultsTopic(o.prefix);
  const state = stateTopic(o.prefix);
  await ensureTopic(o.brokers, results, o.partitions);
  await ensureTopic(o.brokers, state, o.partitions);
  const producer = await createReliableProducer({
    brokers: o.brokers,
    errorCode: 'VSP_STORE_PUBLISH_FAILED',
    maxMessageBytes: MAX_RECORD_BYTES,
  });
  const regionOf = (municipality: string) =>
    municipality === UNKNOWN_MUNICIPALITY ? '' : (o.gazetteer.byCode(municipality)?.region ?? '');

  return {
    async writeBatch(b) {
      for (const r of routeResults(b, o.partitions, regionOf))
        await producer.send(results, r.partition, r.key, Buffer.from(JSON.stringify(r.result)));
      await producer.delivered();
      if (!b.offsets || b.offsets.length === 0) return;
      const snapshots = new Map((b.snapshots?.shards ?? []).map((s) => [s.shard, s]));
      for (const off of b.offsets) {
        const rec: PublishedState = {
          source: off.source,
          partition: off.partition,
          offset: off.offset,
          snapshot: snapshots.get(off.partition) ?? null,
        };
        await producer.send(
          state,
          off.partition,
          `${off.source}:${off.partition}`,
          Buffer.from(JSON.stringify(rec)),
        );
      }
      await producer.delivered();
    },

    async resume(source, partitions) {
      const last = await readLastStates(o.brokers, state, partitions);
      const offsets = new Map<number, string>();
      const snapshots: ShardSnapshot[] = [];
      for (const [p, s] of last) {
        if (s.source !== source)
          throw vspError(
            'VSP_CONFIG_INVALID',
            `state topic ${state} holds state of ${s.source}, not ${source}: use one --publish prefix per input topic`,
          );
        offsets.set(p, s.offset);
        if (s.snapshot) snapshots.push(s.snapshot);
      }
      return { offsets, snapshots };
    },

    close: () => producer.close(),
  };
}
