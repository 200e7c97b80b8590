/**
 * The serving side of scale-out: reads `<prefix>.results` (kafka-publisher.ts) into a DuckDB store, each batch
 * in one transaction with the offsets it consumed, so a restarted materialiser neither skips nor repeats. Values
 * are full values: windows, anomalies, alerts, term bursts and stories upsert; messages (with the story each
 * joined) and dead letters a resuming processor published again are kept once (`dedupe`). A record that is not a
 * published result becomes a dead letter, never a crash.
 */
import { DEFAULT_PIPELINE } from '../config.ts';
import type { LiveMetrics } from '../pipeline/live-metrics.ts';
import { createRetentionSchedule } from '../pipeline/retention.ts';
import type { Alert, RawRecord, Rejected, Story, TermBurst } from '../records.ts';
import { kafkaSourceName, readKafkaSource } from '../source/kafka.ts';
import type { StorableDoc, Store, WriteBatch } from '../store/types.ts';
import { type PublishedResult, resultsTopic } from './kafka-publisher.ts';

export interface MaterialiseOptions {
  brokers: string;
  prefix: string;
  /** Consumer group of this serving store (one per DuckDB file). Default `<prefix>.materialise`. */
  group?: string;
  store: Pick<Store, 'writeBatch' | 'resume'>;
  batchSize?: number;
  untilIdleMs?: number;
  signal?: AbortSignal;
  /** Live numbers for /metrics: rate, batch latency, consumer lag. */
  metrics?: LiveMetrics;
  /**
   * Days of residents' raw texts this store keeps (pipeline/retention.ts; default the pipeline's): the processors
   * keep none, so the serving store enforces it, against the newest event time it has stored — and, as one
   * partition may run days ahead of another, does not store a message already past it.
   */
  retentionDays?: number;
  /** Wall clock for the dead letters' retention (default Date.now). */
  nowMs?: () => number;
}

/** The newest event time among a batch's messages, or `prev` (the serving side's stand-in for a watermark). */
export function newestEventTime(write: Pick<WriteBatch, 'messages' | 'lateMessages'>, prev: number): number {
  let t = prev;
  for (const m of write.messages) if (m.eventTimeMs > t) t = m.eventTimeMs;
  for (const m of write.lateMessages) if (m.eventTimeMs > t) t = m.eventTimeMs;
  return t;
}

/** A batch of result records as one store write (exported for tests). */
export function toWriteBatch(records: readonly RawRecord[]): WriteBatch {
  const out = {
    messages: [] as StorableDoc[],
    lateMessages: [] as StorableDoc[],
    aggregates: [] as WriteBatch['aggregates'][number][],
    anomalies: [] as WriteBatch['anomalies'][number][],
    alerts: [] as Alert[],
    termBursts: [] as TermBurst[],
    stories: [] as Story[],
    deadLetters: [] as Rejected[],
    dedupe: true,
  };
  for (const rec of records) {
    let r: PublishedResult;
    try {
      r = JSON.parse(rec.raw) as PublishedResult;
    } catch (e) {
      out.deadLetters.push({
        reason: 'invalid_json',
        stage: 'parse',
        detail: `not a published result: ${(e as Error).message}`,
        raw: rec.raw,
        origin: rec.origin,
      });
      continue;
    }
    switch (r?.kind) {
      case 'message':
        (r.late ? out.lateMessages : out.messages).push(r.doc);
        break;
      case 'window':
        out.aggregates.push(r.value);
        break;
      case 'anomaly':
        out.anomalies.push(r.value);
        break;
      case 'alert':
        // Processors older than districts publish alerts without them.
        out.alerts.push({ ...r.value, districts: r.value.districts ?? [] });
        break;
      case 'term_burst':
        out.termBursts.push(r.value);
        break;
      case 'story':
        out.stories.push(r.value);
        break;
      case 'dead_letter':
        out.deadLetters.push(r.value);
        break;
      default:
        out.deadLetters.push({
          reason: 'bad_field:kind',
          stage: 'parse',
          detail: 'a published result needs kind message|window|anomaly|alert|term_burst|story|dead_letter',
          raw: rec.raw.slice(0, 10_000),
          origin: rec.origin,
        });
    }
  }
  return out;
}

export async function materialise(o: MaterialiseOptions): Promise<{ records: number }> {
  const topic = resultsTopic(o.prefix);
  const source = kafkaSourceName(topic);
  let records = 0;
  let newestMs = Number.NEGATIVE_INFINITY;
  /** Messages before it are past the retention: not stored (partitions arrive out of time order). */
  let keepFromMs = Number.NEGATIVE_INFINITY;
  const retention = createRetentionSchedule({
    messagesDays: o.retentionDays ?? DEFAULT_PIPELINE.retention.messagesDays,
  });
  let inFlight: Promise<void> = Promise.resolve();
  const batches = readKafkaSource({
    brokers: o.brokers,
    topic,
    group: o.group ?? `${o.prefix}.materialise`,
    batchSize: o.batchSize ?? 20_000,
    onAssign: async (partitions) => {
      await inFlight;
      return (await o.store.resume(source, partitions)).offsets;
    },
    ...(o.untilIdleMs !== undefined ? { untilIdleMs: o.untilIdleMs } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
    ...(o.metrics ? { onLag: (lag: Map<number, number>) => o.metrics?.lag(lag) } : {}),
  });
  for await (const b of batches) {
    if (b.records.length === 0) continue;
    const readAtMs = Date.now();
    const batch = toWriteBatch(b.records);
    newestMs = newestEventTime(batch, newestMs);
    const cutoffs = retention.due(newestMs, (o.nowMs ?? Date.now)());
    if (cutoffs?.messagesBeforeMs !== undefined) keepFromMs = cutoffs.messagesBeforeMs;
    batch.messages = batch.messages.filter((m) => m.eventTimeMs >= keepFromMs);
    batch.lateMessages = batch.lateMessages.filter((m) => m.eventTimeMs >= keepFromMs);
    const write: WriteBatch = { ...batch, offsets: b.offsets, ...(cutoffs ? { retention: cutoffs } : {}) };
    // One batch in flight, as in the pipeline runner: DuckDB commits while the next batch is read.
    await inFlight;
    inFlight = o.store
      .writeBatch(write)
      .then(() => o.metrics?.batchCommitted(b.records.length, Date.now() - readAtMs));
    inFlight.catch(() => {});
    records += b.records.length;
  }
  await inFlight;
  return { records };
}
