/**
 * Where a run's shards are processed: on the main thread (`inProcessEngine`, the processor itself) or in worker
 * threads (shard-workers.ts). The runner drives either the same way; only a Kafka run, whose partitions come and
 * go, reaches for the in-process processor directly.
 */
import type { KnownEvent } from '../detect/calendar.ts';
import type { RawRecord, Rejected, RunStats } from '../records.ts';
import type { SerialisedSnapshot } from '../store/types.ts';
import type { LeanStoreBatch } from './merge-parts.ts';
import type { Processor, ShardSnapshot } from './process.ts';
import { serialiseState } from './serialise-state.ts';
import type { FeedbackItem } from './shard-worker.ts';

export interface ShardEngine {
  readonly shards: number;
  /** Counters over every shard, as of the last reply. */
  readonly stats: RunStats;
  /** Worker threads only: milliseconds each has spent processing (the busiest bounds the run). */
  readonly busyMs?: readonly number[];
  /** The lowest watermark over the shards with state (−∞ before any), as of the last reply. */
  readonly watermarkMs: number;
  restore(snapshots: readonly ShardSnapshot[]): Promise<void>;
  /** Analysts' verdicts (Processor.feedback); applied before the next batch. */
  feedback(items: readonly FeedbackItem[], held?: ReadonlySet<number>): void;
  addKnownEvents(events: readonly KnownEvent[]): void;
  /** One batch; with `withState`, also the state of every shard changed since the last state taken. */
  process(
    records: readonly RawRecord[],
    sourceRejected: readonly Rejected[],
    withState: boolean,
  ): Promise<{ out: LeanStoreBatch; state?: SerialisedSnapshot[] }>;
  /** The state of every shard changed since the last state taken. */
  state(): Promise<SerialisedSnapshot[]>;
  /** End of a finite stream: closes every window. */
  finish(): Promise<LeanStoreBatch>;
  /** Stops the threads (a no-op on the main thread). */
  close(): Promise<void>;
}

/** Every shard on this thread: the processor, as it always ran. */
export function inProcessEngine(processor: Processor): ShardEngine & { processor: Processor } {
  const state = () => serialiseState(processor, processor.takeTouched());
  return {
    processor,
    shards: processor.shards,
    get stats() {
      return processor.stats;
    },
    get watermarkMs() {
      return processor.watermarkMs;
    },
    async restore(snapshots) {
      processor.restore(snapshots);
    },
    feedback: (items, held) => processor.feedback(items, held),
    addKnownEvents: (events) => processor.addKnownEvents(events),
    async process(records, sourceRejected, withState) {
      const out = processor.process(records, sourceRejected);
      return withState ? { out, state: state() } : { out };
    },
    state: async () => state(),
    finish: async () => processor.finish(),
    close: async () => {},
  };
}
