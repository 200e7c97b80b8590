/**
 * `vsplesk produce`: replays an NDJSON file into a Kafka topic, keyed by municipality (the partitioning the
 * scale-out design assumes), as fast as the broker takes it or at a given rate. Lines that are not JSON are
 * sent as they are, without a key: the consumer's dead-letter path must see them too.
 */
import { createReadStream } from 'node:fs';
import Kafka from 'node-rdkafka';
import { vspError } from '../errors.ts';
import { splitLines } from '../source/lines.ts';

export interface ProduceOptions {
  input: string;
  topic: string;
  brokers: string;
  ratePerSec?: number;
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

export async function runProduce(o: ProduceOptions): Promise<{ produced: number }> {
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
        for (;;) {
          try {
            producer.produce(o.topic, null, value, key);
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
  return { produced };
}
