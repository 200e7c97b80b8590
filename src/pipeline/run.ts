/**
 * The embedded runner: source batches → processor → store (one transaction per batch) and the dead-letter
 * file. Back-pressure is the await: the next batch is read only after the store has taken this one.
 *
 * Crash safety (docs/crash-safety.md): every batch commits, in one transaction, its results, the source position
 * it read up to (Kafka offsets; a file's next line; the generator's next record) and the state of the shards it
 * changed. A restart restores that state and skips what was committed, so a run killed at any point and run again
 * stores each message once and the same windows, anomalies and alerts as a run never stopped.
 */
import { realpathSync, statSync } from 'node:fs';
import type { Clock } from '../clock.ts';
import type { PipelineConfig } from '../config.ts';
import type { Calendar } from '../detect/calendar.ts';
import { vspError } from '../errors.ts';
import { createDistrictMatcher, type DistrictMatcher, loadDistricts } from '../geo/districts.ts';
import type { RunStats } from '../records.ts';
import type { Gazetteer } from '../reference/gazetteer.ts';
import type { DeadLetterSink } from '../source/dead-letter.ts';
import { readFileSource, type SourceBatch } from '../source/file.ts';
import type { GeneratorOptions } from '../source/generator/index.ts';
import { parseGeneratorSpec, readGeneratorSource } from '../source/generator-source.ts';
import {
  type KafkaBatch,
  type KafkaSourceOptions,
  kafkaSourceName,
  readKafkaSource,
  topicPartitionCount,
} from '../source/kafka.ts';
import type { SerialisedSnapshot, Store, WriteBatch } from '../store/index.ts';
import type { LiveMetrics } from './live-metrics.ts';
import type { LeanStoreBatch } from './merge-parts.ts';
import { createProcessor, emptyStoreBatch, type Processor } from './process.ts';
import { createProgress, type ProgressMode } from './progress.ts';
import { createRetentionSchedule } from './retention.ts';
import { inProcessEngine, type ShardEngine } from './shard-engine.ts';
import { startShardWorkers } from './shard-workers.ts';
import { positionAfterBatch, skipBefore } from './source-position.ts';

/**
 * How often a file or generator run commits its state by default (wall-clock ms; config `stateEveryMs`). Results are
 * stored every batch either way; a restart replays at most this much work, exactly (docs/crash-safety.md).
 */
export const DEFAULT_STATE_EVERY_MS = 60_000;

export type SourceSpec =
  | { kind: 'file'; path: string }
  | { kind: 'generator'; options: GeneratorOptions }
  | { kind: 'kafka'; topic: string; brokers: string; group: string; untilIdleMs?: number }
  /**
   * Batches made in this process (bench/soak.ts, tests). With a `name`, its records' origins (file lines, generator
   * sequence numbers) are positions saved under that name, as a file's are.
   */
  | { kind: 'batches'; batches: AsyncIterable<SourceBatch>; name?: string };

export interface KafkaFlags {
  brokers?: string;
  group?: string;
  untilIdleMs?: number;
}

/** Parses `file:PATH` (`file:-` = stdin), `generator:days=30,municipalities=20,seed=1` or `kafka:TOPIC`. */
export function parseSourceSpec(spec: string, kafka: KafkaFlags = {}): SourceSpec {
  const m = /^(\w+):(.*)$/.exec(spec);
  if (m?.[1] === 'kafka' && m[2])
    return {
      kind: 'kafka',
      topic: m[2],
      brokers: kafka.brokers ?? '127.0.0.1:9092',
      group: kafka.group ?? 'vsplesk',
      ...(kafka.untilIdleMs !== undefined ? { untilIdleMs: kafka.untilIdleMs } : {}),
    };
  if (m?.[1] === 'file' && m[2]) return { kind: 'file', path: m[2] };
  if (m?.[1] === 'generator') return { kind: 'generator', options: parseGeneratorSpec(m[2] ?? '') };
  throw vspError(
    'VSP_CLI_USAGE',
    `--source must be file:PATH, file:- (stdin), generator:days=D,municipalities=M,seed=S or kafka:TOPIC; got '${spec}'`,
  );
}

type AnyBatch = SourceBatch & Partial<Pick<KafkaBatch, 'offsets'>>;

async function openSource(
  source: SourceSpec,
  cfg: PipelineConfig,
  deps: RunDeps,
  onBytes: (b: number) => void,
  partitions: Pick<KafkaSourceOptions, 'onAssign' | 'onRevoke'>,
): Promise<AsyncIterable<AnyBatch>> {
  if (source.kind === 'batches') return source.batches;
  if (source.kind === 'generator') return readGeneratorSource(source.options, cfg.batchSize);
  if (source.kind === 'kafka')
    return readKafkaSource({
      brokers: source.brokers,
      topic: source.topic,
      group: source.group,
      batchSize: cfg.batchSize,
      ...partitions,
      ...(source.untilIdleMs !== undefined ? { untilIdleMs: source.untilIdleMs } : {}),
      ...(deps.signal ? { signal: deps.signal } : {}),
      ...(deps.metrics ? { onLag: (lag: Map<number, number>) => deps.metrics?.lag(lag) } : {}),
    });
  return readFileSource({
    path: source.path,
    maxRecordBytes: cfg.parse.maxRecordBytes,
    batchLines: cfg.batchSize,
    onBytes,
  });
}

/**
 * Where a run's results go, and where a Kafka partition's saved state and offset come back from: the DuckDB
 * store (one process), or the Kafka publisher (scale-out: src/sink/kafka-publisher.ts).
 */
export type ResultSink = Pick<Store, 'writeBatch' | 'resume'> &
  Partial<Pick<Store, 'alertFeedbackSince' | 'knownEventsSince'>>;

export interface RunDeps {
  store: ResultSink;
  gazetteer: Gazetteer;
  clock: Clock;
  deadLetterSink?: DeadLetterSink;
  progress?: ProgressMode;
  /** Aborting stops after the current batch (SIGINT/SIGTERM). */
  signal?: AbortSignal;
  /** Live counters (e.g. for /metrics while serving). */
  onStats?: (s: RunStats) => void;
  /** Live numbers for /metrics: rate, batch latency, dead letters, Kafka consumer lag. */
  metrics?: LiveMetrics;
  /** Known causes (planned shut-offs, heating season…) that label alerts as expected. */
  calendar?: Calendar;
  /** Districts below municipalities (default: the bundled fixtures/geo/districts.json). */
  districts?: DistrictMatcher;
}

/**
 * The name a finite source's position is saved under (the `offsets` and `shard_snapshots` tables), or undefined when
 * it has none (stdin, unnamed in-process batches: a rerun of those processes everything again).
 */
export function positionSourceName(source: SourceSpec): string | undefined {
  if (source.kind === 'file') {
    if (source.path === '-') return undefined;
    try {
      return `file:${realpathSync(source.path)}`;
    } catch (cause) {
      throw vspError(
        'VSP_SOURCE_UNREADABLE',
        `cannot read ${source.path}: ${(cause as Error).message}`,
        cause,
      );
    }
  }
  if (source.kind === 'generator') return `generator:${canonicalJson(source.options)}`;
  if (source.kind === 'batches') return source.name;
  return undefined;
}

function canonicalJson(o: object): string {
  return JSON.stringify(Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1))));
}

/** What one batch commits: its results, and with them the retention it enforces and the state it leaves. */
type Committed = LeanStoreBatch & Pick<WriteBatch, 'retention' | 'serialisedSnapshots' | 'dedupe' | 'replay'>;

/**
 * The `offsets` row (partition −1 of a file or generator source) saying how far results are stored: beyond the
 * state's position (partition 0) when state is committed less often than results (`stateEveryMs`).
 */
const WRITTEN_THROUGH = -1;

/**
 * The shards' engine of a run: worker threads for a file or generator run with `workers` > 1, else the processor
 * on this thread (a Kafka run's partitions come and go: it scales by processes instead).
 */
async function openEngine(cfg: PipelineConfig, source: SourceSpec, deps: RunDeps): Promise<ShardEngine> {
  const districts = deps.districts ?? createDistrictMatcher(loadDistricts());
  if ((cfg.workers ?? 1) > 1 && source.kind !== 'kafka')
    return startShardWorkers({
      cfg,
      workers: cfg.workers ?? 1,
      gazetteer: deps.gazetteer,
      clock: deps.clock,
      districts,
      ...(deps.calendar ? { calendar: deps.calendar } : {}),
    });
  // On Kafka a shard is a partition: same shard count, and each record's partition is checked, not computed.
  return inProcessEngine(
    createProcessor(cfg, {
      gazetteer: deps.gazetteer,
      clock: deps.clock,
      districts,
      ...(deps.calendar ? { calendar: deps.calendar } : {}),
      ...(source.kind === 'kafka'
        ? { shards: await topicPartitionCount(source.brokers, source.topic), partitioned: true }
        : {}),
    }),
  );
}

export async function runPipeline(cfg: PipelineConfig, source: SourceSpec, deps: RunDeps): Promise<RunStats> {
  const engine = await openEngine(cfg, source, deps);
  try {
    return await runEngine(engine, cfg, source, deps);
  } finally {
    // Also on an error or Ctrl-C: no worker thread outlives the run.
    await engine.close();
  }
}

async function runEngine(
  engine: ShardEngine,
  cfg: PipelineConfig,
  source: SourceSpec,
  deps: RunDeps,
): Promise<RunStats> {
  // Kafka only (always in-process): partitions assigned and revoked, their state taken by partition.
  const kafka = (): Processor => (engine as ShardEngine & { processor: Processor }).processor;
  const sourceName = source.kind === 'kafka' ? kafkaSourceName(source.topic) : undefined;
  const positionName = positionSourceName(source);
  const totalBytes = source.kind === 'file' && source.path !== '-' ? statSync(source.path).size : undefined;
  const progress = createProgress(deps.progress ?? 'off', totalBytes);
  const retention = createRetentionSchedule(cfg.retention);
  // A finite source resumes where the last committed batch left it, with the state of its shards then.
  let position = 0;
  // Results are stored through `writtenThrough`; below it a replayed batch keeps only what is not stored yet.
  let writtenThrough = 0;
  if (positionName !== undefined) {
    const resume = await deps.store.resume(positionName, [
      ...Array.from({ length: engine.shards }, (_, i) => i),
      WRITTEN_THROUGH,
    ]);
    // Worker threads: each gets its own shards' state.
    await engine.restore(resume.snapshots);
    position = Number(resume.offsets.get(0) ?? 0);
    writtenThrough = Math.max(position, Number(resume.offsets.get(WRITTEN_THROUGH) ?? 0));
    if (position > 0)
      progress.event('resumed', {
        source: positionName,
        next: position,
        restoredShards: resume.snapshots.map((s) => s.shard),
      });
  }
  let bytesDone = 0;
  let inFlight: Promise<void> = Promise.resolve();
  let feedbackAfterMs = Number.NEGATIVE_INFINITY;
  // Kafka: the partitions (shards) this processor holds now; verdicts for the others are their owners' to apply.
  const held = source.kind === 'kafka' ? new Set<number>() : undefined;
  let eventsAfterMs = Number.NEGATIVE_INFINITY;
  const opened = await openSource(
    source,
    cfg,
    deps,
    (b) => {
      bytesDone = b;
    },
    {
      // Partitions assigned (at start, or taken over from a processor that left or died): continue from the
      // shard state committed with the offsets they resume at. Our own last write lands first.
      onAssign: async (partitions) => {
        await inFlight;
        const resume = await deps.store.resume(sourceName as string, partitions);
        kafka().drop(partitions);
        kafka().restore(resume.snapshots);
        for (const p of partitions) held?.add(p);
        // Restored detectors know the last verdict they applied: offer them all again.
        feedbackAfterMs = Number.NEGATIVE_INFINITY;
        progress.event('assigned', {
          partitions,
          restoredShards: resume.snapshots.map((s) => s.shard),
          offsets: Object.fromEntries(resume.offsets),
        });
        return resume.offsets;
      },
      onRevoke: (partitions) => {
        kafka().drop(partitions);
        for (const p of partitions) held?.delete(p);
        progress.event('revoked', { partitions });
      },
    },
  );
  const batches = positionName !== undefined ? skipBefore(opened, position) : opened;
  // A file or generator run's state is committed with its position every batch, or at most every stateEveryMs.
  const stateEveryMs = cfg.stateEveryMs ?? DEFAULT_STATE_EVERY_MS;
  let stateAtMs = Date.now();
  let stateBehind = false;
  const stateWaiting = () => stateBehind;
  /** Whether the batch about to be processed commits the state (the engine then returns it with the results). */
  const stateDue = (force: boolean) =>
    positionName !== undefined && (force || stateEveryMs === 0 || Date.now() - stateAtMs >= stateEveryMs);
  /**
   * The position part of a file or generator batch's commit: with the state (of the shards changed since the last
   * state, serialised) when it was due, else alone — changed shards wait in the engine for the next one.
   * `replayed`: the batch began below what an earlier run stored, so its messages and dead letters may be there.
   */
  const positionCommit = (
    next: number,
    state: readonly SerialisedSnapshot[] | undefined,
    replayed: boolean,
  ): Pick<Committed, 'offsets' | 'serialisedSnapshots' | 'dedupe' | 'replay'> => {
    const source = positionName as string;
    // Only a run whose state may lag its results says how far they go (a run with state every batch: as before).
    const written = stateEveryMs > 0 ? [{ source, partition: WRITTEN_THROUGH, offset: String(next) }] : [];
    const dedupe = replayed ? { dedupe: true, replay: true } : {};
    if (state === undefined) {
      stateBehind = true;
      return { offsets: written, ...dedupe };
    }
    stateAtMs = Date.now();
    stateBehind = false;
    return {
      offsets: [{ source, partition: 0, offset: String(next) }, ...written],
      serialisedSnapshots: { source, shards: state },
      ...dedupe,
    };
  };
  const write = async (out: Committed, read: number, readAtMs: number) => {
    if (cfg.deadLetter.policy === 'fail' && out.deadLetters.length > 0) {
      const first = out.deadLetters[0];
      throw vspError(
        'VSP_CONFIG_INVALID',
        `dead-letter policy is 'fail' and a record was rejected: ${first?.reason} (${first?.detail})`,
      );
    }
    await deps.deadLetterSink?.write(out.deadLetters);
    await deps.store.writeBatch(out);
    // Where a restart would resume now (log mode: one line per batch of a file or generator run).
    const next = out.serialisedSnapshots ? out.offsets?.[0] : undefined;
    if (next) progress.event('committed', { source: next.source, next: Number(next.offset) });
    // Results stored, state not yet (stateEveryMs): a restart replays from the last 'committed'.
    else if (positionName !== undefined && out.offsets?.[0]?.partition === WRITTEN_THROUGH)
      progress.event('written', { source: positionName, through: Number(out.offsets[0].offset) });
    // Kafka: these partitions' offsets and shard state are now durable (a processor taking them over resumes here).
    else if (out.snapshots && out.offsets)
      progress.event('committed', {
        source: out.snapshots.source,
        offsets: Object.fromEntries(out.offsets.map((o) => [o.partition, Number(o.offset)])),
        // Only a partition whose offset moved gets its state published with it.
        shards: out.snapshots.shards
          .map((s) => s.shard)
          .filter((i) => out.offsets?.some((o) => o.partition === i)),
      });
    deps.onStats?.(engine.stats);
    deps.metrics?.batchCommitted(read, Date.now() - readAtMs);
    deps.metrics?.stats(engine.stats);
  };
  // One batch in flight: DuckDB commits batch N on its own threads while JavaScript processes batch N+1.
  // Writes stay in order (each waits for the previous), and an error stops the run at the next await.
  const enqueue = async (out: Committed, read = 0, readAtMs = Date.now()) => {
    await inFlight;
    inFlight = write(out, read, readAtMs);
    inFlight.catch(() => {}); // observed at the next await; avoids an unhandled rejection in between
  };
  try {
    for await (const b of batches) {
      // Analysts' verdicts given through the API since the last batch tune the detectors (a store that has
      // them: DuckDB in this process). Each detector skips what it applied before a restart.
      if (deps.store.knownEventsSince) {
        const added = await deps.store.knownEventsSince(eventsAfterMs);
        if (added.length > 0) {
          engine.addKnownEvents(added.map((e) => e.event));
          eventsAfterMs = Math.max(...added.map((e) => e.atMs));
        }
      }
      if (deps.store.alertFeedbackSince) {
        const fresh = await deps.store.alertFeedbackSince(feedbackAfterMs);
        if (fresh.length > 0) {
          engine.feedback(fresh, held);
          feedbackAfterMs = Math.max(...fresh.map((f) => f.atMs));
        }
      }
      const readAtMs = Date.now();
      // Stopping (SIGINT/SIGTERM): this is the last batch, and it commits the state.
      const withState = !(b.offsets && sourceName) && stateDue(deps.signal?.aborted === true);
      const { out, state } = await engine.process(b.records, b.rejected, withState);
      const cutoffs = retention.due(engine.watermarkMs, deps.clock.nowMs());
      let committed: Committed = cutoffs ? { ...out, retention: cutoffs } : out;
      if (b.offsets && sourceName)
        committed = {
          ...committed,
          offsets: b.offsets,
          // Every partition whose offset moves gets its state saved with it (dead letters move offsets too).
          // (Objects: the Kafka publisher, a sink of its own, publishes them.)
          snapshots: {
            source: sourceName,
            shards: kafka().snapshot(
              new Set([...kafka().takeTouched(), ...b.offsets.map((o) => o.partition)]),
            ),
          },
        };
      else if (positionName !== undefined) {
        const replayed = position < writtenThrough;
        position = positionAfterBatch(b, position);
        committed = { ...committed, ...positionCommit(position, state, replayed) };
      }
      await enqueue(committed, b.records.length + b.rejected.length, readAtMs);
      progress.update(engine.stats, bytesDone);
      // Stopped (SIGINT/SIGTERM): after the batch in hand, whatever the source (Kafka's reader also stops itself).
      if (deps.signal?.aborted) break;
    }
    // The state where the input ended, unless the last batch committed it: a rerun resumes there, not earlier.
    if (positionName !== undefined && stateWaiting())
      await enqueue({ ...emptyStoreBatch(), ...positionCommit(position, await engine.state(), false) });
    // End of a finite run (file, generator, Kafka --until-idle): every window closes. Its state is not saved, so
    // a later Kafka run resumes from the last batch and re-emits those windows as they fill (full values).
    // A stopped run (SIGINT/SIGTERM) has not ended its input: closing its open windows would store partial
    // hours, test them and close quiet alerts early — what a run never stopped would not do. The rerun closes them.
    if (!deps.signal?.aborted) await enqueue(await engine.finish());
    await inFlight;
  } finally {
    progress.stop(engine.stats);
    // Worker threads: how evenly their shares kept them busy (log mode).
    if (engine.busyMs)
      progress.event('workers', { busySeconds: engine.busyMs.map((ms) => +(ms / 1000).toFixed(1)) });
  }
  return engine.stats;
}
