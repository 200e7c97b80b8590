/**
 * The first detector: a burst of *distinct authors* in one window, tested with the Poisson upper tail
 * against the key's baseline (baseline.ts). Honest for small counts — most (municipality, topic, hour) cells
 * hold 0 or 1 — where a z-score would call 3 against an expected 0.4 "4 sigma".
 *
 * - Observed value = `uniqueAuthors`, so a bot flood (one author, 100 copy-paste messages) never fires.
 * - Fires when, after `warmupMs` of history, observed ≥ minCount and P(X ≥ observed | expected) < pValue.
 * - Learns *after* testing; once warm, a window with p < pValue teaches the baseline at most
 *   ⌈λ + 3√λ + 1⌉, so a burst is not absorbed into its own baseline.
 * - Severity → response time: 'critical' (within an hour) when observed ≥ 5 × expected and ≥ 10 authors,
 *   or p < 1e-8 with ≥ 6 authors; 'high' (within 4 hours) when p < 1e-6; else 'normal' (within a working day).
 * - Anomaly ids are stable (`${bucket}:${municipality}:${topic}:${startMs}`): a replay or a revision upserts.
 */
import type { Clock } from '../clock.ts';
import { VspError } from '../errors.ts';
import type { Aggregate, Anomaly, Bucket, Severity } from '../records.ts';
import { Baseline, type BaselineContext, type BaselineOptions, type BaselineSnapshot } from './baseline.ts';
import { poissonLogUpperTail } from './poisson.ts';

export const POISSON_BURST_DETECTOR = 'poisson-burst';

export interface DetectorConfig {
  /** The window size this detector runs on: 'hour' for power, '5m' for early warning. */
  bucket: Bucket;
  /** Alert threshold on P(X ≥ observed | expected), e.g. 1e-4. */
  pValue: number;
  /** Minimum unique authors for an alert, e.g. 5. */
  minCount: number;
  /** No alerts before this much history per key (zeros included), e.g. 7 days. */
  warmupMs: number;
  /** Tuning of the baseline (defaults in baseline.ts). */
  baseline?: Partial<BaselineOptions>;
}

export interface DetectorContext {
  /** The municipality's fixed UTC offset (minutes), for its local hour of the week. */
  utcOffsetMin: number;
  /**
   * Prior rate of unique authors per hour for this (municipality, topic) when it has little history,
   * e.g. the topic's national rate × the municipality's population share. Read when the key is first seen.
   */
  priorPerHour?: number;
}

export interface DetectorStats {
  /** (municipality, topic) keys with a baseline. */
  keys: number;
  topics: number;
  /** Aggregates of this detector's bucket tested. */
  observed: number;
  anomalies: number;
  /** Tests that would have fired but the key was still warming up. */
  suppressedInWarmup: number;
  /** Aggregates of another bucket, ignored. */
  otherBucket: number;
  /** Revisions (late data) tested. */
  revisions: number;
  /** Windows whose update to the baseline was capped as anomalous. */
  cappedLearning: number;
}

export interface Detector {
  observe(agg: Aggregate, ctx: DetectorContext): Anomaly | null;
  stats(): DetectorStats;
  /** The learned state as JSON, for a checkpoint committed with the source offsets. */
  snapshot(): DetectorSnapshot;
}

/** A detector's state: its config (checked on restore), baseline and counters. */
export interface DetectorSnapshot {
  detector: string;
  bucket: Bucket;
  baseline: BaselineSnapshot;
  counters: Omit<DetectorStats, 'keys' | 'topics'>;
  /** Recently flagged windows: [anomaly id, times flagged, window end]. */
  flagged?: [string, number, number][];
}

/** How long a flagged window's count of updates is kept: revisions come within the allowed lateness (48 h). */
const FLAGGED_RETENTION_MS = 7 * 86_400_000;

const LN10 = Math.LN10;

/** Severity from the mapping above (exported for tests and for the docs). */
export function severityOf(observed: number, expected: number, pValue: number): Severity {
  // A handful of authors in a quiet series can reach p < 1e-8; "respond within the hour" needs at least six voices.
  if ((observed >= 5 * expected && observed >= 10) || (pValue < 1e-8 && observed >= 6)) return 'critical';
  if (pValue < 1e-6) return 'high';
  return 'normal';
}

/** 0..1, monotone in −log10 p: 0.33 at p = 1e-4, 0.5 at 1e-8, → 1 as p → 0. */
export function scoreOf(log10P: number): number {
  const x = Math.max(0, -log10P);
  return x === Number.POSITIVE_INFINITY ? 1 : x / (x + 8);
}

/** Upper bound on what an anomalous window may teach the baseline. */
export function learningCap(expected: number): number {
  return Math.ceil(expected + 3 * Math.sqrt(expected) + 1);
}

function validate(cfg: DetectorConfig): void {
  const bad = (detail: string) => new VspError('VSP_CONFIG_INVALID', `detector: ${detail}`);
  if (cfg.bucket !== '5m' && cfg.bucket !== 'hour' && cfg.bucket !== 'day')
    throw bad(`unknown bucket '${cfg.bucket}'`);
  if (!(cfg.pValue > 0 && cfg.pValue < 1)) throw bad(`pValue must be in (0, 1), got ${cfg.pValue}`);
  if (!(Number.isInteger(cfg.minCount) && cfg.minCount >= 1))
    throw bad(`minCount must be an integer ≥ 1, got ${cfg.minCount}`);
  if (!(cfg.warmupMs >= 0 && Number.isFinite(cfg.warmupMs)))
    throw bad(`warmupMs must be finite and ≥ 0, got ${cfg.warmupMs}`);
  const b = cfg.baseline ?? {};
  for (const name of ['levelTimeConstantMs', 'profileTimeConstantMs', 'priorWeightHours'] as const) {
    const v = b[name];
    if (v !== undefined && !(v > 0 && Number.isFinite(v)))
      throw bad(`baseline.${name} must be finite and > 0, got ${v}`);
  }
  const d = b.defaultPriorPerHour;
  if (d !== undefined && !(d >= 0 && Number.isFinite(d)))
    throw bad(`baseline.defaultPriorPerHour must be ≥ 0, got ${d}`);
}

/**
 * A Poisson burst detector on unique authors per window. `clock` only stamps `detectedAtMs`; without one the
 * window's end is used, so a replay produces identical anomalies.
 */
export function createPoissonBurstDetector(
  cfg: DetectorConfig,
  clock?: Clock,
  restoreFrom?: DetectorSnapshot,
): Detector {
  validate(cfg);
  const config = Object.freeze({ ...cfg, baseline: Object.freeze({ ...cfg.baseline }) });
  if (
    restoreFrom &&
    (restoreFrom.detector !== POISSON_BURST_DETECTOR || restoreFrom.bucket !== config.bucket)
  )
    throw new VspError(
      'VSP_CONFIG_INVALID',
      `saved detector state is ${restoreFrom.detector}/${restoreFrom.bucket}, the pipeline's ${POISSON_BURST_DETECTOR}/${config.bucket}`,
    );
  const baseline = restoreFrom
    ? Baseline.restore(config.baseline, restoreFrom.baseline)
    : new Baseline(config.baseline);
  /** Windows flagged within the retention, by anomaly id: times flagged and window end (about end order). */
  const flagged = new Map<string, { times: number; endMs: number }>(
    (restoreFrom?.flagged ?? []).map(([id, times, endMs]) => [id, { times, endMs }]),
  );
  const counters = restoreFrom
    ? { ...restoreFrom.counters }
    : {
        observed: 0,
        anomalies: 0,
        suppressedInWarmup: 0,
        otherBucket: 0,
        revisions: 0,
        cappedLearning: 0,
      };

  function observe(agg: Aggregate, ctx: DetectorContext): Anomaly | null {
    if (agg.bucket !== config.bucket) {
      counters.otherBucket++;
      return null;
    }
    counters.observed++;
    if (agg.revision) counters.revisions++;
    const base: BaselineContext = ctx;
    const exp = baseline.expect(agg, base);
    const observed = agg.uniqueAuthors;
    const logP = poissonLogUpperTail(observed, exp.expected);
    const warm = exp.historyMs >= config.warmupMs;
    const significant = logP < Math.log(config.pValue);
    let learnValue = observed;
    if (warm && significant) {
      const cap = learningCap(exp.expected);
      if (observed > cap) {
        learnValue = cap;
        counters.cappedLearning++;
      }
    }
    baseline.learn(agg, learnValue, base, agg.revision);
    if (!significant || observed < config.minCount) return null;
    if (!warm) {
      counters.suppressedInWarmup++;
      return null;
    }
    counters.anomalies++;
    const pValue = Math.exp(logP);
    const id = `${agg.bucket}:${agg.municipality}:${agg.topic}:${agg.startMs}`;
    const seen = flagged.get(id);
    const updates = seen?.times ?? 0;
    if (seen) seen.times++;
    else flagged.set(id, { times: 1, endMs: agg.endMs });
    for (const [old, f] of flagged) {
      if (f.endMs >= agg.endMs - FLAGGED_RETENTION_MS) break;
      flagged.delete(old);
    }
    return {
      id,
      bucket: agg.bucket,
      municipality: agg.municipality,
      topic: agg.topic,
      startMs: agg.startMs,
      endMs: agg.endMs,
      observed,
      expected: exp.expected,
      pValue,
      score: scoreOf(logP / LN10),
      severity: severityOf(observed, exp.expected, pValue),
      detector: POISSON_BURST_DETECTOR,
      detectedAtMs: clock ? clock.nowMs() : agg.endMs,
      updates,
    };
  }

  return {
    observe,
    stats: () => ({ keys: baseline.keyCount, topics: baseline.topicCount, ...counters }),
    snapshot: () => ({
      detector: POISSON_BURST_DETECTOR,
      bucket: config.bucket,
      baseline: baseline.snapshot(),
      counters: { ...counters },
      flagged: [...flagged].map(([id, f]) => [id, f.times, f.endMs]),
    }),
  };
}
