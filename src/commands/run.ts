/**
 * `vsplesk run`: load and validate the pipeline file, open the store (or, with `--publish`, the Kafka publisher
 * of scale-out), process the source, close cleanly.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { getHeapStatistics } from 'node:v8';
import { systemClock } from '../clock.ts';
import { normalizePipeline, type PipelineConfig } from '../config.ts';
import { loadCalendar } from '../detect/calendar.ts';
import { vspError } from '../errors.ts';
import { LiveMetrics } from '../pipeline/live-metrics.ts';
import type { ProgressMode } from '../pipeline/progress.ts';
import { type KafkaFlags, parseSourceSpec, runPipeline } from '../pipeline/run.ts';
import type { RunStats } from '../records.ts';
import { loadGazetteer } from '../reference/gazetteer.ts';
import { loadTopics } from '../reference/topics.ts';
import { startMetricsServer } from '../serve/metrics-server.ts';
import { type ControlFeed, createControlFeed } from '../sink/kafka-control.ts';
import { createKafkaPublisher } from '../sink/kafka-publisher.ts';
import { createFileDeadLetterSink, type DeadLetterSink } from '../source/dead-letter.ts';
import { topicPartitionCount } from '../source/kafka.ts';
import { createKafkaDeadLetterSink, teeDeadLetterSinks } from '../source/kafka-dead-letter.ts';
import { openStore, type Store } from '../store/index.ts';
import { memoryBudget } from '../store/memory-budget.ts';

function addressOf(app: { server: { address(): unknown } }): string {
  const a = app.server.address() as { address: string; port: number } | null;
  return a ? `${a.address}:${a.port}` : '?';
}

/** The default pipeline ships with the package: found from any working directory. */
const PACKAGED_DEFAULT = new URL('../../pipelines/default.ts', import.meta.url);

export async function loadPipelineFile(path: string): Promise<PipelineConfig> {
  let mod: { default?: unknown };
  const url =
    path === 'pipelines/default.ts' && !existsSync(resolve(path))
      ? PACKAGED_DEFAULT
      : pathToFileURL(resolve(path));
  try {
    mod = (await import(url.href)) as { default?: unknown };
  } catch (e) {
    throw vspError('VSP_CONFIG_INVALID', `cannot load pipeline ${path}: ${(e as Error).message}`, e);
  }
  return normalizePipeline(mod.default);
}

export interface RunOptions {
  pipeline: string;
  source: string;
  /** DuckDB file for results; not used with `publish`. */
  db?: string;
  /** Results into this open store instead of `db` (the demo serves it while it fills); not closed here. */
  store?: Store;
  /** Kafka sources: publish results and shard state to `<publish>.results` / `<publish>.state` (scale-out). */
  publish?: string;
  deadLetters?: string;
  progress: ProgressMode;
  kafka?: KafkaFlags;
  /** Kafka sources: dead-letter topic (default `<topic>.dead-letters`). */
  deadLetterTopic?: string;
  /** DuckDB worker threads (default 1). */
  dbThreads?: number;
  /** Serve this process's live /metrics on this port (0: any free port). */
  metricsPort?: number;
  /** Calendar of known causes (JSON, detect/calendar.ts). */
  calendar?: string;
  /** Overrides the pipeline's `retention.messagesDays` (validated with the rest of the pipeline). */
  retentionDays?: number;
  /**
   * The process's memory budget ('1GB'): DuckDB's memory limit is its share (store/memory-budget.ts; the V8 heap's
   * share is set by the CLI, which starts node again with it). Not used with `store` or `publish`.
   */
  memoryLimit?: string;
  /** Told the settings the store opened with under `memoryLimit` (default: a JSON line on stderr). */
  onMemorySettings?: (s: MemorySettings) => void;
}

/** What `--memory-limit` gave each part, as DuckDB and V8 report it. */
export interface MemorySettings {
  memoryLimit: string;
  duckdbMemoryLimit: string;
  checkpointThreshold: string;
  heapLimitMb: number;
}

export async function runPipelineCommand(o: RunOptions): Promise<RunStats> {
  const budget = o.memoryLimit !== undefined ? memoryBudget(o.memoryLimit) : undefined;
  const loaded = await loadPipelineFile(o.pipeline);
  const cfg =
    o.retentionDays === undefined
      ? loaded
      : normalizePipeline({ ...loaded, retention: { ...loaded.retention, messagesDays: o.retentionDays } });
  const source = parseSourceSpec(o.source, o.kafka);
  const gazetteer = loadGazetteer();
  if (o.publish !== undefined && source.kind !== 'kafka')
    throw vspError('VSP_CLI_USAGE', '--publish needs a kafka: source (its partitions are the shards)');
  if (o.publish === undefined && o.db === undefined && o.store === undefined)
    throw vspError('VSP_CLI_USAGE', '--db FILE is required (or --publish PREFIX with a kafka: source)');
  // Scale-out: analysts' verdicts and known causes come from `<publish>.control` (serve --materialise writes it).
  const control =
    o.publish !== undefined && source.kind === 'kafka'
      ? await createControlFeed({ brokers: source.brokers, prefix: o.publish })
      : undefined;
  const publishing = o.publish !== undefined && source.kind === 'kafka';
  // One DuckDB thread: on a small machine the other core is busy running the pipeline's JavaScript.
  const ownStore =
    publishing || o.store !== undefined
      ? undefined
      : await openStore(o.db as string, {
          gazetteer,
          topics: loadTopics(),
          threads: o.dbThreads ?? 1,
          ...(budget ? { memoryLimit: budget.duckdbMemoryLimit } : {}),
        });
  const store =
    publishing && source.kind === 'kafka'
      ? Object.assign(
          await createKafkaPublisher({
            brokers: source.brokers,
            prefix: o.publish as string,
            partitions: await topicPartitionCount(source.brokers, source.topic),
            gazetteer,
          }),
          {
            alertFeedbackSince: (control as ControlFeed).alertFeedbackSince,
            knownEventsSince: (control as ControlFeed).knownEventsSince,
          },
        )
      : ((o.store ?? ownStore) as Store);
  if (o.memoryLimit !== undefined && ownStore) {
    const [s] = await ownStore.runQuery('duckdb_memory_settings', {}, 'read');
    const settings: MemorySettings = {
      memoryLimit: o.memoryLimit,
      duckdbMemoryLimit: String(s?.memory_limit),
      checkpointThreshold: String(s?.checkpoint_threshold),
      heapLimitMb: Math.round(getHeapStatistics().heap_size_limit / 2 ** 20),
    };
    (o.onMemorySettings ?? ((m) => process.stderr.write(`${JSON.stringify({ event: 'memory', ...m })}\n`)))(
      settings,
    );
  }
  const deadFile = o.deadLetters ?? cfg.deadLetter.file;
  const sinks: DeadLetterSink[] = [];
  if (deadFile) sinks.push(createFileDeadLetterSink(deadFile));
  if (source.kind === 'kafka')
    sinks.push(
      await createKafkaDeadLetterSink({
        brokers: source.brokers,
        topic: o.deadLetterTopic ?? `${source.topic}.dead-letters`,
      }),
    );
  const sink = sinks.length > 0 ? teeDeadLetterSinks(sinks) : undefined;
  const metrics = new LiveMetrics('pipeline');
  const metricsServer =
    o.metricsPort !== undefined
      ? await startMetricsServer({ port: o.metricsPort, render: () => metrics.render() })
      : undefined;
  if (metricsServer) process.stderr.write(`vsplesk metrics on http://${addressOf(metricsServer)}/metrics\n`);
  // SIGINT/SIGTERM: finish the batch in hand, commit it with its offsets, leave the Kafka group, close the store.
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await runPipeline(cfg, source, {
      signal: stop.signal,
      store,
      gazetteer,
      clock: systemClock,
      progress: o.progress,
      metrics,
      ...(o.calendar ? { calendar: loadCalendar(o.calendar) } : {}),
      ...(sink ? { deadLetterSink: sink } : {}),
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await sink?.close();
    if (store !== o.store) await store.close();
    await control?.close();
    await metricsServer?.close();
  }
}
