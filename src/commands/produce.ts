/**
 * `vsplesk produce`: replays an NDJSON file into a Kafka topic, each record on the partition of its region's
 * shard (src/pipeline/shard.ts: what the processors expect) and keyed by municipality, as fast as the broker
 * takes it, at a given rate, or paced by event time (`speedup`: 60 = an hour of stream a minute). Lines that
 * are not valid messages are sent as they are, to a partition picked from their bytes: the consumer's
 * dead-letter path must see them too.
 */
import { createReadStream } from 'node:fs';
import Kafka from 'node-rdkafka';
import { vspError } from '../errors.ts';
import { createLineRouter, shardOf } from '../pipeline/shard.ts';
import type { Gazetteer } from '../reference/gazetteer.ts';
import { topicPartitionCount } from '../source/kafka.ts';
import { splitLines } from '../source/lines.ts';

export interface ProduceOptions {
  input: string;
  topic: string;
  brokers: string;
  gazetteer: Gazetteer;
  ratePerSec?: number;
  /** Pace by event time: send a record when (its created_at − the first one's) / speedup has passed. */
  speedup?: number;
}

/** Event time of a line (created_at), or NaN; a cheap regex, not a parse: only pacing depends on it. */
export function eventTimeOf(line: string): number {
  const m = /"created_at"\s*:\s*"([^"]{10,40})"/.exec(line);
  return m?.[1] ? Date.parse(m[1]) : Number.NaN;
}

/**
 * How long to wait before sending a record so that the replay keeps `speedup` × real time from the first
 * record on (≤ 0: send now). Records older than the newest sent go at once (streams are slightly out of order).
 */
export function paceDelayMs(
  eventMs: number,
  firstEventMs: number,
  startWallMs: number,
  nowMs: number,
  speedup: number,
): number {
  if (!Number.isFinite(eventMs)) return 0;
  return startWallMs + (eventMs - firstEventMs) / speedup - nowMs;
}

/** The record key: the municipality code when the line is a JSON object that carries one. */
export function keyOf(line: string): string | null {
  const m = /"municipality"\s*:\s*"(\d{8,11})"/.exec(line);
  return m?.[1] ? m[1].slice(0, 8) : null;
}

function connect(p: Kafka.Producer): Promise<void> {
  return new Promise((resolve, reject) =>
    p.connect({ timeout: 15_000 }, (err) =>
      err
        ? reject(vspError('VSP_SOURCE_UNREADABLE', `cannot connect to Kafka: ${err.message}`, err))
        : resolve(),
    ),
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runProduce(o: ProduceOptions): Promise<{ produced: number; partitions: number }> {
  if (o.speedup !== undefined && !(o.speedup > 0))
    throw vspError('VSP_CLI_USAGE', `--speedup must be > 0, got ${o.speedup}`);
  const partitions = await topicPartitionCount(o.brokers, o.topic);
  const route = createLineRouter(o.gazetteer, partitions);
  let firstEventMs = Number.NaN;
  const producer = new Kafka.Producer({
    'metadata.broker.list': o.brokers,
    'linger.ms': 20,
    'batch.num.messages': 10_000,
    'queue.buffering.max.messages': 200_000,
    'compression.type': 'lz4',
    'enable.idempotence': true,
    dr_cb: false,
  });
  await connect(producer);
  producer.setPollInterval(50);
  const input = o.input === '-' ? process.stdin : createReadStream(o.input, { highWaterMark: 1 << 20 });
  let produced = 0;
  const startMs = Date.now();
  try {
    for await (const lines of splitLines(input as AsyncIterable<Uint8Array>, {
      maxLineBytes: 16 << 20,
      batchLines: 5000,
    })) {
      for (const l of lines) {
        const value = Buffer.from(l.text, 'utf8');
        const key = keyOf(l.text);
        const partition = route(l.text) ?? shardOf(l.text.slice(0, 256), partitions);
        if (o.speedup) {
          const t = eventTimeOf(l.text);
          if (Number.isNaN(firstEventMs)) firstEventMs = t;
          const waitMs = paceDelayMs(t, firstEventMs, startMs, Date.now(), o.speedup);
          if (waitMs > 5) await sleep(waitMs);
        }
        for (;;) {
          try {
            producer.produce(o.topic, partition, value, key);
            break;
          } catch (e) {
            // librdkafka's queue is full: let it drain (back-pressure), then retry the same record.
            if ((e as { code?: number }).code !== Kafka.CODES.ERRORS.ERR__QUEUE_FULL) throw e;
            producer.poll();
            await sleep(10);
          }
        }
        produced++;
        if (o.ratePerSec) {
          const aheadMs = (produced / o.ratePerSec) * 1000 - (Date.now() - startMs);
          if (aheadMs > 5) await sleep(aheadMs);
        }
      }
    }
    await new Promise<void>((resolve, reject) =>
      producer.flush(60_000, (err) =>
        err ? reject(vspError('VSP_SOURCE_UNREADABLE', `flush failed: ${err.message}`, err)) : resolve(),
      ),
    );
  } finally {
    await new Promise<void>((resolve) => producer.disconnect(() => resolve()));
  }
  return { produced, partitions };
}
