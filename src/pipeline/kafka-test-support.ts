/** Shared by the Kafka suites (*.int.test.ts): topic creation on the real broker and API answers of a store. */
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Kafka from 'node-rdkafka';
import defaultPipeline from '../../pipelines/default.ts';
import { fixedClock } from '../clock.ts';
import { runProduce } from '../commands/produce.ts';
import { normalizePipeline } from '../config.ts';
import type { Gazetteer } from '../reference/gazetteer.ts';
import type { Topic } from '../reference/topics.ts';
import { AUTH_OFF, buildApi } from '../serve/api.ts';
import { type GeneratorOptions, type GroundTruth, generateStream } from '../source/generator/index.ts';
import { openStore, type Store } from '../store/index.ts';
import { runPipeline } from './run.ts';

export function createTopic(brokers: string, name: string, partitions: number): Promise<void> {
  const admin = Kafka.AdminClient.create({ 'metadata.broker.list': brokers });
  return new Promise((resolve, reject) =>
    admin.createTopic({ topic: name, num_partitions: partitions, replication_factor: 1 }, 30_000, (err) => {
      admin.disconnect();
      if (err) reject(err);
      else resolve();
    }),
  );
}

/** JSON answers of the API over `store` for each URL, in order. */
export async function apiAnswers(
  deps: { store: Store; gazetteer: Gazetteer; topics: readonly Topic[] },
  urls: string[],
): Promise<unknown[]> {
  const api = buildApi({ ...deps, ui: false, auth: AUTH_OFF });
  try {
    return await Promise.all(urls.map(async (u) => (await api.inject(u)).json()));
  } finally {
    await api.close();
  }
}

/** A window-series or top answer without its anomaly marks (compared separately). */
export function withoutAnomalies(a: unknown): unknown {
  const { anomalies: _, rows, ...rest } = a as { anomalies?: unknown; rows?: Record<string, unknown>[] };
  return rows ? { ...rest, rows: rows.map(({ anomalies: __, ...r }) => r) } : rest;
}

const bin = new URL('../../bin/vsplesk.mjs', import.meta.url).pathname;

/**
 * `vsplesk run` from a Kafka topic in a child process (so it can be SIGKILLed), logging progress as JSON lines
 * to stderr; `exit` resolves with its exit code, or −1 when a signal ended it.
 */
export function spawnKafkaRun(o: {
  topic: string;
  brokers: string;
  pipeline: string;
  untilIdleSeconds: number;
  /** --db FILE or --publish PREFIX */
  output: ['--db' | '--publish', string];
  onStderr?: (chunk: string) => void;
}): { child: ChildProcess; exit: Promise<number | null> } {
  const child = spawn(
    process.execPath,
    [
      bin,
      'run',
      '--pipeline',
      o.pipeline,
      '--source',
      `kafka:${o.topic}`,
      '--brokers',
      o.brokers,
      '--group',
      `${o.topic}-g`,
      '--until-idle',
      String(o.untilIdleSeconds),
      ...o.output,
      '--progress',
      'log',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, DOTENV_CONFIG_QUIET: 'true' } },
  );
  child.stderr?.on('data', (d: Buffer) => o.onStderr?.(d.toString()));
  const exit = new Promise<number | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ? -1 : code)),
  );
  return { child, exit };
}

/**
 * The reference every Kafka suite compares against: a generated stream written to `dir`, run through the
 * embedded pipeline into an in-memory store, and produced to a new `partitions`-partition topic.
 */
export async function embeddedReference(o: {
  dir: string;
  generator: GeneratorOptions;
  brokers: string;
  topic: string;
  partitions: number;
  gazetteer: Gazetteer;
  topics: readonly Topic[];
}): Promise<{ truth: GroundTruth; file: string; store: Store; lines: number }> {
  const gen = generateStream(o.generator);
  const lines = [...gen.records].map((r) => r.line);
  const file = join(o.dir, 'stream.ndjson');
  writeFileSync(file, `${lines.join('\n')}\n`);
  const store = await openStore(':memory:', { gazetteer: o.gazetteer, topics: o.topics });
  await runPipeline(
    normalizePipeline(defaultPipeline),
    { kind: 'file', path: file },
    { store, gazetteer: o.gazetteer, clock: fixedClock(Date.parse('2026-11-23T00:00:00Z')) },
  );
  await createTopic(o.brokers, o.topic, o.partitions);
  await runProduce({ input: file, topic: o.topic, brokers: o.brokers, gazetteer: o.gazetteer });
  return { truth: gen.truth(), file, store, lines: lines.length };
}
