/**
 * The Kafka source: one member of a consumer group, reading batches. Offsets are the results' business, not
 * Kafka's: each batch carries the next offset per partition, the runner commits them with the results and the
 * shard state they produced (DuckDB transaction, or the state topic when publishing), and when partitions are
 * assigned — at start or in a rebalance — `onAssign` restores their state and says where each resumes, before
 * any of their records is read. Kafka's own group offsets are committed only so that lag tools see progress.
 *
 * Back-pressure is the async iteration: the next batch is fetched only when the runner asks for it; librdkafka's
 * prefetch queue is bounded by `queued.max.messages.kbytes`.
 */
import Kafka from 'node-rdkafka';
import { vspError } from '../errors.ts';
import type { RawRecord } from '../records.ts';
import type { SourceBatch } from './file.ts';

/** librdkafka's RD_KAFKA_OFFSET_BEGINNING. */
const OFFSET_BEGINNING = -2;

export interface SourceOffset {
  source: string;
  partition: number;
  /** The next offset to read. */
  offset: string;
}

export interface KafkaSourceOptions {
  brokers: string;
  topic: string;
  group: string;
  batchSize: number;
  /** Stop after this long without a new record (batch-like runs and tests). Undefined: run until aborted. */
  untilIdleMs?: number;
  /**
   * Partitions were assigned to this member: restore their state and return the next offset to read for
   * each (absent: from the earliest). No record of theirs is read before the promise settles.
   */
  onAssign: (partitions: number[]) => Promise<Map<number, string>>;
  /** Partitions were taken away (rebalance): drop their state. */
  onRevoke?: (partitions: number[]) => void;
  /** Aborting finishes the current batch and leaves the group cleanly. */
  signal?: AbortSignal;
  /** Live numbers for /metrics: records behind the end, per assigned partition. */
  onLag?: (lagByPartition: Map<number, number>) => void;
}

export interface KafkaBatch extends SourceBatch {
  /** Next offsets to commit with this batch's results. */
  offsets: SourceOffset[];
}

export const kafkaSourceName = (topic: string) => `kafka:${topic}`;

function connect(consumer: Kafka.KafkaConsumer): Promise<void> {
  return new Promise((resolve, reject) =>
    consumer.connect({ timeout: 15_000 }, (err) =>
      err
        ? reject(vspError('VSP_SOURCE_UNREADABLE', `cannot connect to Kafka: ${err.message}`, err))
        : resolve(),
    ),
  );
}

function consume(consumer: Kafka.KafkaConsumer, n: number): Promise<Kafka.Message[]> {
  return new Promise((resolve, reject) =>
    consumer.consume(n, (err, messages) =>
      err
        ? reject(vspError('VSP_SOURCE_UNREADABLE', `Kafka consume failed: ${err.message}`, err))
        : resolve(messages),
    ),
  );
}

/** Number of partitions of a topic (= shards of a Kafka run), from the brokers' metadata. */
export async function topicPartitionCount(brokers: string, topic: string): Promise<number> {
  const producer = new Kafka.Producer({ 'metadata.broker.list': brokers });
  await new Promise<void>((resolve, reject) =>
    producer.connect({ timeout: 15_000 }, (err) =>
      err
        ? reject(vspError('VSP_SOURCE_UNREADABLE', `cannot connect to Kafka: ${err.message}`, err))
        : resolve(),
    ),
  );
  try {
    const md = await new Promise<Kafka.Metadata>((resolve, reject) =>
      producer.getMetadata({ topic, timeout: 15_000 }, (err, m) =>
        err
          ? reject(vspError('VSP_SOURCE_UNREADABLE', `Kafka metadata failed: ${err.message}`, err))
          : resolve(m),
      ),
    );
    const n = md.topics.find((t) => t.name === topic)?.partitions.length ?? 0;
    if (n === 0)
      throw vspError('VSP_SOURCE_UNREADABLE', `Kafka topic '${topic}' does not exist (or has no partitions)`);
    return n;
  } finally {
    await new Promise<void>((resolve) => producer.disconnect(() => resolve()));
  }
}

export async function* readKafkaSource(o: KafkaSourceOptions): AsyncGenerator<KafkaBatch> {
  const source = kafkaSourceName(o.topic);
  const assigned = new Set<number>();
  /** An assignment waiting for `onAssign` (made from the loop: the rebalance callback cannot await). */
  let toAssign: Kafka.Assignment[] | undefined;
  let closing = false;
  /**
   * End offset last reported per partition (partition.eof). A partition is caught up once the records handed
   * out reach it: the EOF event can arrive in the same consume call as the records before it.
   */
  const eofAt = new Map<number, number>();
  const position = new Map<number, number>();
  const caughtUp = {
    has: (p: number) => eofAt.has(p) && (position.get(p) ?? -1) >= (eofAt.get(p) as number),
  };
  const consumer = new Kafka.KafkaConsumer(
    {
      'group.id': o.group,
      'metadata.broker.list': o.brokers,
      'enable.auto.commit': false,
      'enable.partition.eof': true,
      'queued.max.messages.kbytes': 65_536,
      'socket.keepalive.enable': true,
      // A member that died is replaced after this long (Kafka's default is 45 s).
      'session.timeout.ms': 10_000,
      'heartbeat.interval.ms': 3_000,
      rebalance_cb(this: Kafka.KafkaConsumer, err: Kafka.LibrdKafkaError, assignment: Kafka.Assignment[]) {
        if (err.code === Kafka.CODES.ERRORS.ERR__ASSIGN_PARTITIONS) {
          toAssign = assignment;
        } else if (err.code === Kafka.CODES.ERRORS.ERR__REVOKE_PARTITIONS) {
          toAssign = undefined;
          const revoked = assignment.map((a) => a.partition);
          for (const p of revoked) assigned.delete(p);
          this.unassign();
          // Leaving the group at the end revokes everything too: that is not a hand-over to act on.
          if (!closing) o.onRevoke?.(revoked);
        }
      },
    },
    { 'auto.offset.reset': 'earliest' },
  );
  consumer.on('partition.eof', (e) => {
    eofAt.set(e.partition, e.offset);
    // Nothing handed out yet (an empty partition, or resumed exactly at its end): at the end already.
    if (!position.has(e.partition)) position.set(e.partition, e.offset);
  });
  await connect(consumer);
  consumer.setDefaultConsumeTimeout(200);
  consumer.subscribe([o.topic]);
  let lastRecordMs = Date.now();
  let announcedCaughtUp = false;
  let lagReportedMs = 0;
  /** Records behind the end per assigned partition, from the high watermarks librdkafka caches on fetch. */
  const reportLag = () => {
    if (!o.onLag || Date.now() - lagReportedMs < 1000) return;
    lagReportedMs = Date.now();
    const lag = new Map<number, number>();
    for (const p of assigned) {
      const at = position.get(p);
      if (at === undefined) continue;
      try {
        lag.set(p, Math.max(0, consumer.getWatermarkOffsets(o.topic, p).highOffset - at));
      } catch {
        // Not fetched from yet: no high watermark known.
      }
    }
    o.onLag(lag);
  };
  try {
    while (!o.signal?.aborted) {
      if (toAssign !== undefined) {
        const assignment = toAssign;
        toAssign = undefined;
        const resumeAt = await o.onAssign(assignment.map((a) => a.partition));
        for (const a of assignment) {
          assigned.add(a.partition);
          eofAt.delete(a.partition);
          position.delete(a.partition);
        }
        // A partition without saved offsets starts from its beginning — never from the group's committed offset:
        // that one is committed for lag tools as soon as a batch is handed over, before its results are written,
        // so a processor killed during its first write would leave the next one to skip that batch.
        consumer.assign(
          assignment.map((a) => ({ ...a, offset: Number(resumeAt.get(a.partition) ?? OFFSET_BEGINNING) })),
        );
        lastRecordMs = Date.now();
      }
      const messages = await consume(consumer, o.batchSize);
      reportLag();
      if (messages.length === 0) {
        // Idle means caught up on an assignment: right after a crash the group may hold no partitions for this
        // member until the dead one's session times out, and that is waiting, not idleness.
        const caughtUpEverywhere = assigned.size > 0 && [...assigned].every((p) => caughtUp.has(p));
        if (o.untilIdleMs !== undefined && caughtUpEverywhere && Date.now() - lastRecordMs >= o.untilIdleMs)
          break;
        if (!announcedCaughtUp && caughtUpEverywhere) {
          announcedCaughtUp = true;
          yield { records: [], rejected: [], offsets: [] }; // lets the runner report progress
        }
        continue;
      }
      lastRecordMs = Date.now();
      announcedCaughtUp = false;
      const records: RawRecord[] = [];
      const next = new Map<number, number>();
      for (const m of messages) {
        // Revoked while this consume was under way (a rebalance): its new owner reads it from the saved offset.
        if (!assigned.has(m.partition)) continue;
        position.set(m.partition, Math.max(position.get(m.partition) ?? -1, m.offset + 1));
        records.push({
          raw: m.value ? m.value.toString('utf8') : '',
          origin: { kind: 'kafka', topic: m.topic, partition: m.partition, offset: String(m.offset) },
          ...(m.key ? { key: m.key.toString() } : {}),
        });
        next.set(m.partition, Math.max(next.get(m.partition) ?? 0, m.offset + 1));
      }
      const offsets = [...next].map(([partition, offset]) => ({ source, partition, offset: String(offset) }));
      yield { records, rejected: [], offsets };
      // The runner has taken the batch (its commit carries these offsets); tell Kafka too, for lag tools only
      // (best effort): on assignment the offsets committed with the results are the ones used.
      try {
        consumer.commit(
          offsets.map((x) => ({ topic: o.topic, partition: x.partition, offset: Number(x.offset) })),
        );
      } catch {
        // Not needed for correctness: the store holds the offsets that count.
      }
    }
  } finally {
    closing = true;
    await new Promise<void>((resolve) => consumer.disconnect(() => resolve()));
  }
}
