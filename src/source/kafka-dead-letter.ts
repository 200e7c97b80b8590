/**
 * Dead letters on Kafka: each rejected record goes to a dead-letter topic with its original bytes as the value
 * and the reason in headers (`vsp-reason`, `vsp-stage`, `vsp-detail`, `vsp-origin`), keyed like its source
 * record when it had a key. `write` resolves once the broker has acknowledged the whole batch, so the runner
 * commits a batch only after its dead letters are safe (STYLE.md C.2).
 */
import Kafka from 'node-rdkafka';
import { vspError } from '../errors.ts';
import type { Rejected } from '../records.ts';
import type { DeadLetterSink } from './dead-letter.ts';

export async function createKafkaDeadLetterSink(o: {
  brokers: string;
  topic: string;
}): Promise<DeadLetterSink> {
  const producer = new Kafka.Producer({
    'metadata.broker.list': o.brokers,
    'enable.idempotence': true,
    'linger.ms': 5,
    dr_cb: true,
  });
  await new Promise<void>((resolve, reject) =>
    producer.connect({ timeout: 15_000 }, (err) =>
      err
        ? reject(vspError('VSP_SOURCE_DEAD_LETTER_FAILED', `cannot connect to Kafka: ${err.message}`, err))
        : resolve(),
    ),
  );
  producer.setPollInterval(20);
  let pending = 0;
  let failure: { message: string } | undefined;
  let drained: (() => void) | undefined;
  producer.on('delivery-report', (err) => {
    if (err) failure = err;
    if (--pending === 0) drained?.();
  });
  return {
    async write(batch: readonly Rejected[]) {
      if (batch.length === 0) return;
      for (const r of batch) {
        const headers: Kafka.MessageHeader[] = [
          { 'vsp-reason': r.reason },
          { 'vsp-stage': r.stage },
          { 'vsp-detail': r.detail.slice(0, 1000) },
          { 'vsp-origin': JSON.stringify(r.origin) },
        ];
        pending++;
        producer.produce(o.topic, null, Buffer.from(r.raw, 'utf8'), null, Date.now(), undefined, headers);
      }
      if (pending > 0) await new Promise<void>((resolve) => (drained = resolve));
      drained = undefined;
      if (failure) throw vspError('VSP_SOURCE_DEAD_LETTER_FAILED', `dead-letter topic ${o.topic}`, failure);
    },
    async close() {
      await new Promise<void>((resolve) =>
        producer.flush(10_000, () => producer.disconnect(() => resolve())),
      );
    },
  };
}

/** Several sinks as one: a batch is written to each, in order. */
export function teeDeadLetterSinks(sinks: readonly DeadLetterSink[]): DeadLetterSink {
  return {
    async write(batch) {
      for (const s of sinks) await s.write(batch);
    },
    async close() {
      for (const s of sinks) await s.close();
    },
  };
}
