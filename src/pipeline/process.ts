/**
 * The stages in order, for one batch: parse → normalise → classify (topic, geography) → shard → dedupe → window →
 * detect. No I/O: it turns raw records into what the store writes in one transaction (`StoreBatch`) and keeps
 * only bounded state (open windows, per-key baselines, a time-bounded id set) per shard (shard.ts). The runner
 * (run.ts) owns I/O.
 *
 * Windows are emitted — and tested by the detectors — at the message that closes them (or revises them), not at
 * the end of the batch, so a shard's output depends on its messages and their order only: a restart from a
 * snapshot (`snapshot`/`restore`, committed with the source offsets) continues exactly as if never stopped.
 */

import type { Clock } from '../clock.ts';
import type { PipelineConfig } from '../config.ts';
import { type Calendar, createCalendar, type KnownEvent } from '../detect/calendar.ts';
import type { FeedbackLabel } from '../detect/index.ts';
import type { DistrictMatcher } from '../geo/districts.ts';
import { neighboursWithin } from '../geo/neighbours.ts';
import type {
  Aggregate,
  Alert,
  Anomaly,
  ClassifiedDoc,
  RawRecord,
  Rejected,
  RunStats,
  Story,
  TermBurst,
  TopicId,
} from '../records.ts';
import type { Gazetteer } from '../reference/gazetteer.ts';
import type { ShardSnapshot } from '../state/shard-snapshot.ts';
import { createDetectStage } from './detect-stage.ts';
import { createIntake } from './intake.ts';
import { shardOfPlace } from './shard.ts';
import { runShardStages } from './shard-stages.ts';
import { type Shard, shardStates } from './shard-state.ts';
import { stemIdCompaction } from './stem-id-compaction.ts';

export type { ShardSnapshot };

import { emptyStats } from './stats.ts';

/** What one batch produced: written by the store in one transaction. */
export interface StoreBatch {
  messages: ClassifiedDoc[];
  lateMessages: ClassifiedDoc[];
  aggregates: Aggregate[];
  anomalies: Anomaly[];
  /** Alerts opened, updated or closed (full values; a later one of the same id supersedes). */
  alerts: Alert[];
  /** Emerging terms of the hours that closed (detect/emerging-terms.ts). */
  termBursts: TermBurst[];
  /** Stories opened, grown or closed (full values; a later one of the same id supersedes). */
  stories: Story[];
  deadLetters: Rejected[];
  /** Source offsets this batch completes (Kafka): committed in the same transaction. */
  offsets?: { source: string; partition: number; offset: string }[];
  /** State of the shards this batch changed, committed with the offsets: where a restart resumes. */
  snapshots?: { source: string; shards: ShardSnapshot[] };
}

/** A batch with nothing in it yet (what a batch starts from; a commit of state alone). */
export function emptyStoreBatch(): StoreBatch {
  return {
    messages: [],
    lateMessages: [],
    aggregates: [],
    anomalies: [],
    alerts: [],
    termBursts: [],
    stories: [],
    deadLetters: [],
  };
}

export interface Processor {
  /** Number of shards (Kafka: partitions of the input topic). */
  readonly shards: number;
  /** Continue from snapshots (after a restart, before the first `process`). Emits nothing. */
  restore(snapshots: readonly ShardSnapshot[]): void;
  /**
   * Analysts' verdicts on alerts, applied to the keys' detectors (their sensitivity, detect/poisson-burst.ts);
   * saved with the shard state. Each detector skips verdicts no newer than the last it applied. `held`: the
   * shards this processor owns (Kafka); verdicts for others are left to their owners.
   */
  feedback(
    items: readonly { municipality: string; topic: TopicId; label: FeedbackLabel; atMs?: number }[],
    held?: ReadonlySet<number>,
  ): void;
  /** Known causes added while running (API): alerts opening from now on are labelled by them too. */
  addKnownEvents(events: readonly KnownEvent[]): void;
  /** Forget the given shards' state (their partitions went to another processor). */
  drop(shards: Iterable<number>): void;
  /** State of the given shards (those with none yet are skipped). */
  snapshot(shards: Iterable<number>): ShardSnapshot[];
  /** Shards that took a message since the last call. */
  takeTouched(): number[];
  /** The lowest watermark over the shards with state (−∞ before any). */
  readonly watermarkMs: number;
  /** How many shards have state here (0: `watermarkMs` is −∞ for want of any). */
  readonly heldShards: number;
  /**
   * `outcomes`, when given (length ≥ records), receives what became of each record (RECORD_OUTCOME): how a
   * caller that split a batch over processors puts their messages and dead letters back in input order.
   */
  process(
    records: readonly RawRecord[],
    sourceRejected?: readonly Rejected[],
    outcomes?: Uint8Array,
  ): StoreBatch;
  /** End of a finite stream: closes every window. */
  finish(): StoreBatch;
  readonly stats: RunStats;
}

export { RECORD_OUTCOME } from './record-outcome.ts';

export function createProcessor(
  cfg: PipelineConfig,
  deps: {
    gazetteer: Gazetteer;
    clock: Clock;
    /** Shard count; default `cfg.shards`. */
    shards?: number;
    /** Records come from a partitioned source whose partition is their shard (Kafka): checked, not computed. */
    partitioned?: boolean;
    /** Known causes (planned shut-offs, heating season…): alerts they explain are labelled expected. */
    calendar?: Calendar;
    /** Finds the district a message names within its municipality (absent: messages carry none). */
    districts?: DistrictMatcher;
    /**
     * The shards this processor may hold (a worker thread's share, pipeline/shard-workers.ts); a record of another
     * shard means the router and the processor disagree — a bug that would split a shard's state — and throws.
     */
    owns?: ReadonlySet<number>;
    /** Stem ids past which the processor compacts them (stem-id-compaction.ts). Default DEFAULT_STEM_ID_LIMIT. */
    stemIdLimit?: number;
  },
): Processor {
  const { gazetteer, clock } = deps;
  const shardCount = deps.shards ?? cfg.shards;
  const districts = deps.districts;
  const detectDistricts = cfg.districts.detect && districts !== undefined;
  const states = shardStates(
    cfg,
    shardCount,
    neighboursWithin(gazetteer, cfg.stories.neighbourKm ?? 30),
    detectDistricts,
  );
  const shards = new Map<number, Shard>();
  const shardAt = (i: number): Shard => {
    let s = shards.get(i);
    if (s === undefined) {
      s = states.fresh();
      shards.set(i, s);
    }
    return s;
  };
  let touched = new Set<number>();
  const stats = emptyStats();
  const calendar = deps.calendar ?? createCalendar([]);
  const intake = createIntake(cfg, {
    gazetteer,
    shards: shardCount,
    ...(deps.partitioned !== undefined ? { partitioned: deps.partitioned } : {}),
    ...(districts !== undefined ? { districts } : {}),
    ...(deps.owns !== undefined ? { owns: deps.owns } : {}),
  });
  const detect = createDetectStage({ gazetteer, calendar, ...(districts ? { districts } : {}), stats });
  const stages = { shardAt, detect, stats, detectDistricts };
  const compaction = stemIdCompaction(
    {
      save: () => [...shards].map(([i, s]) => states.snapshot(i, s)),
      restore: (saved) => {
        for (const s of saved) shards.set(s.shard, states.restore(s));
      },
    },
    deps.stemIdLimit,
  );

  const deadLetterInto = (out: Rejected[]) => (r: Rejected) => {
    out.push(r);
    stats.deadLettered++;
    stats.deadByReason[r.reason] = (stats.deadByReason[r.reason] ?? 0) + 1;
  };

  return {
    stats,
    shards: shardCount,
    get watermarkMs() {
      let wm = Number.POSITIVE_INFINITY;
      for (const s of shards.values()) wm = Math.min(wm, s.windower.watermarkMs);
      return shards.size === 0 ? Number.NEGATIVE_INFINITY : wm;
    },
    get heldShards() {
      return shards.size;
    },
    restore(snapshots) {
      for (const s of snapshots) shards.set(s.shard, states.restore(s));
    },
    feedback(items, held) {
      for (const f of items) {
        const m = gazetteer.byCode(f.municipality);
        const i = shardOfPlace(f.municipality, m?.region ?? '', shardCount);
        if (held && !held.has(i)) continue;
        // A shard not seen yet starts here (its first messages will find the verdict applied).
        const shard = shardAt(i);
        for (const d of shard.detectors) d.detector.feedback(f.municipality, f.topic, f.label, f.atMs);
        // A verdict on a city's alert tunes its districts' series too (the alert may have been raised by one).
        for (const d of shard.districtDetectors ?? [])
          for (const district of districts?.of(f.municipality) ?? [])
            d.detector.feedback(district.code, f.topic, f.label, f.atMs);
        touched.add(i);
      }
    },
    addKnownEvents(events) {
      calendar.add(events);
    },
    drop(which) {
      for (const i of which) {
        shards.delete(i);
        touched.delete(i);
      }
    },
    snapshot(which) {
      const out: ShardSnapshot[] = [];
      for (const i of which) {
        const s = shards.get(i);
        if (s !== undefined) out.push(states.snapshot(i, s));
      }
      return out;
    },
    takeTouched() {
      const t = [...touched].sort((a, b) => a - b);
      touched = new Set();
      return t;
    },
    process(records, sourceRejected = [], outcomes) {
      const out = emptyStoreBatch();
      stats.read += records.length + sourceRejected.length;
      const deadLetter = deadLetterInto(out.deadLetters);
      for (const r of sourceRejected) deadLetter(r);
      const batch = intake(records, clock.nowMs(), deadLetter, outcomes);
      const batchShards = runShardStages(stages, batch, out, outcomes);
      // Nothing is due any more; this only evicts windows past the allowed lateness.
      for (const i of batchShards) {
        const shard = shardAt(i);
        detect.emit(shard, shard.windower.advance(), out);
        if (shard.stories) {
          shard.stories.advance(shard.windower.watermarkMs);
          out.stories.push(...shard.stories.take());
        }
        touched.add(i);
      }
      compaction.afterBatch();
      return out;
    },
    finish() {
      const out = emptyStoreBatch();
      for (const [i, shard] of [...shards].sort((a, b) => a[0] - b[0])) {
        detect.emit(shard, shard.windower.flush(), out);
        if (shard.terms) detect.addTerms(shard, shard.terms.flush(), out);
        if (shard.stories) {
          shard.stories.flush();
          out.stories.push(...shard.stories.take());
        }
        touched.add(i);
      }
      return out;
    },
  };
}
