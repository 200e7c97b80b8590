/**
 * A Kafka producer for results that must not be lost: idempotent (acks=all, ordered per partition), with
 * back-pressure when librdkafka's queue is full, and `delivered()` resolving once every record sent so far is
 * acknowledged — or rejecting with the first delivery error.
 */
import Kafka from 'node-rdkafka';
import { type ErrorCode, vspError } from '../errors.ts';

export interface ReliableProducer {
  /** Queue one record (waits while the local queue is full). */
  send(
    topic: string,
    partition: number,
    key: string,
    value: Buffer,
    headers?: Kafka.MessageHeader[],
  ): Promise<void>;
  /** Every record sent so far is acknowledged by the brokers. */
  delivered(): Promise<void>;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function createReliableProducer(o: {
  brokers: string;
  errorCode: ErrorCode;
  /** Largest record (shard state can be megabytes). Default 1 MB. */
  maxMessageBytes?: number;
}): Promise<ReliableProducer> {
  const producer = new Kafka.Producer({
    'metadata.broker.list': o.brokers,
    'enable.idempotence': true,
    'linger.ms': 10,
    'batch.num.messages': 10_000,
    'queue.buffering.max.messages': 500_000,
    'compression.type': 'lz4',
    ...(o.maxMessageBytes ? { 'message.max.bytes': o.maxMessageBytes } : {}),
    dr_cb: true,
  });
  await new Promise<void>((resolve, reject) =>
    producer.connect({ timeout: 15_000 }, (err) =>
      err ? reject(vspError(o.errorCode, `cannot connect to Kafka: ${err.message}`, err)) : resolve(),
    ),
  );
  producer.setPollInterval(10);
  let pending = 0;
  let failure: { message: string } | undefined;
  let drained: (() => void) | undefined;
  producer.on('delivery-report', (err) => {
    if (err && !failure) failure = err;
    if (--pending === 0) drained?.();
  });
  const check = () => {
    if (failure) throw vspError(o.errorCode, `Kafka delivery failed: ${failure.message}`, failure);
  };
  return {
    async send(topic, partition, key, value, headers) {
      check();
      for (;;) {
        try {
          producer.produce(topic, partition, value, key, Date.now(), undefined, headers);
          pending++;
          return;
        } catch (e) {
          // The local queue is full: let it drain (back-pressure), then retry the same record.
          if ((e as { code?: number }).code !== Kafka.CODES.ERRORS.ERR__QUEUE_FULL) throw e;
          await sleep(5);
        }
      }
    },
    async delivered() {
      if (pending > 0) await new Promise<void>((resolve) => (drained = resolve));
      drained = undefined;
      check();
    },
    async close() {
      await new Promise<void>((resolve) =>
        producer.flush(30_000, () => producer.disconnect(() => resolve())),
      );
    },
  };
}
