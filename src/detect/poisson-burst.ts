/**
 * The detector: a burst of *distinct authors* in one window — or in a span of recent windows — tested with a
 * count tail against the key's baseline (baseline.ts). Honest for small counts — most (municipality, topic,
 * hour) cells hold 0 or 1 — where a z-score would call 3 against an expected 0.4 "4 sigma".
 *
 * - Observed value = `uniqueAuthors`, so a bot flood (one author, 100 copy-paste messages) never fires.
 * - Fires when, after `warmupMs` of history, observed ≥ minCount and P(X ≥ observed) < pValue, X negative
 *   binomial with mean = expected and size = the counts behind the level (Poisson–Gamma: the level of a quiet
 *   key is itself uncertain; for a busy key this is the Poisson tail).
 * - `spanWindows` > 1: also the distinct authors of the last 2…N windows against the rate before the span, at
 *   pValue / (N − 1); id `span:…`, detector 'poisson-span' (docs/detection.md).
 * - Learns *after* testing; once warm, a window with p < pValue teaches the baseline at most
 *   ⌈λ + 3√λ + 1⌉, so a burst is not absorbed into its own baseline.
 * - Severity → response time: 'critical' (within an hour) when observed ≥ 5 × expected and ≥ 10 authors;
 *   'high' (within 4 hours) when p < 1e-6; else 'normal' (within a working day).
 * - Anomaly ids are stable (`${bucket}:${municipality}:${topic}:${startMs}`): a replay or a revision upserts.
 */
import type { Clock } from '../clock.ts';
import { VspError } from '../errors.ts';
import type { Aggregate, Anomaly, Bucket, Severity, TopicId } from '../records.ts';
import { decodeNumber, encodeNumber, type JsonNumber } from '../state/json-number.ts';
import {
  Baseline,
  type BaselineContext,
  type BaselineOptions,
  type BaselineSnapshot,
  type Expectation,
} from './baseline.ts';
import { keyId } from './key-id.ts';
import { negBinomialLogUpperTail } from './series.ts';

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
  /**
   * Also test spans of the last 2…`spanWindows` windows (distinct authors across them, against the rate the key
   * had before the span), at pValue / (spanWindows − 1): a burst spread over several hours — or one that the
   * single-window test let seep into the baseline an author at a time — is flagged. Needs the windows' authors
   * (`Aggregate.authorIds`). 0 or 1: off.
   */
  spanWindows?: number;
  /** Correct the baseline's lag on seasonal fronts with last year's curve (baseline.ts). Default on. */
  yearOverYear?: boolean;
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
  /** Estimated over-dispersion α (variance = μ + αμ²), pooled over topics. */
  dispersion: number;
  /** Each topic's own α (used once it has enough busy windows; the pooled one before). */
  topicDispersion: Partial<Record<TopicId, number>>;
}

/** An analyst's verdict on an alert of a key (feedback): a real incident, a rise with a known cause, or noise. */
export type FeedbackLabel = 'real' | 'known_cause' | 'noise';

/** Each 'noise' label makes the key's thresholds 10× stricter, down to this; each 'real' one 10× looser, up to 1. */
const MIN_SENSITIVITY = 1e-3;

export interface Detector {
  observe(agg: Aggregate, ctx: DetectorContext): Anomaly | null;
  /**
   * Tune one key's sensitivity from an analyst's label: 'noise' multiplies its p-value thresholds by 0.1
   * (at most 1,000× stricter), 'real' by 10 (never looser than configured); 'known_cause' leaves them — the
   * rise was real, the calendar is what should have known.
   */
  feedback(municipality: string, topic: TopicId, label: FeedbackLabel, atMs?: number): void;
  /** Time of the latest feedback applied (−∞ when none): a restart applies only what came after. */
  readonly feedbackUpToMs: number;
  stats(): DetectorStats;
  /** The learned state as JSON, for a checkpoint committed with the source offsets. */
  snapshot(): DetectorSnapshot;
}

/** A detector's state: its config (checked on restore), baseline and counters. */
export interface DetectorSnapshot {
  detector: string;
  bucket: Bucket;
  baseline: BaselineSnapshot;
  counters: Omit<DetectorStats, 'keys' | 'topics' | 'dispersion' | 'topicDispersion'>;
  /** Recently flagged windows: [anomaly id, times flagged, window end]. */
  flagged?: [string, number, number][];
  /** Per key, its recent windows for the span test (keys idle for SPAN_HISTORY_RETENTION_MS dropped). */
  recent?: [string, RecentWindow[]][];
  /** End of the newest window tested for spans (absent in older state: the newest in `recent`). */
  recentEndMs?: number;
  /** Per key, its threshold multiplier from analyst feedback (absent: 1). */
  sensitivity?: [string, number][];
  feedbackUpToMs?: JsonNumber;
  /** Running sums of the over-dispersion estimate: [Σ w((x−μ)² − x), Σ w μ²]. */
  dispersion?: [number, number];
  /** The same per topic, forgetting faster (the season's weather-driven swings). */
  topicDispersion?: [TopicId, [number, number]][];
}

/**
 * Over-dispersion of the counts beyond Poisson — real complaint volumes swing from day to day (weather, news,
 * a busy Monday) — estimated online by moments: for X ~ NB(μ, α), E[(X − μ)² − X] = α μ². Only windows with
 * μ ≥ 2 count (sparse keys emit mostly non-empty windows and would bias it), x is capped at μ + 6√μ so an
 * incident does not inflate it, and the sums forget slowly (≈ 20,000 windows). The tail tests add α to the
 * level's own uncertainty (1 / evidence). Busy series gain most: a city's hour of 10 expected is no longer
 * judged as if its sd were √10.
 */
class DispersionEstimate {
  #num = 0;
  #den = 0;
  readonly #keep: number;
  static readonly MIN_MEAN = 2;

  /** `memory`: windows after which an observation's weight falls to 1/e. */
  constructor(s?: [number, number], memory = 20_000) {
    if (s) [this.#num, this.#den] = s;
    this.#keep = 1 - 1 / memory;
  }

  get ready(): boolean {
    return this.#den >= 50;
  }

  /** α, 0 until enough busy windows were seen; at most 1. */
  get alpha(): number {
    if (!this.ready) return 0;
    return Math.min(1, Math.max(0, this.#num / this.#den));
  }

  observe(x: number, mu: number): void {
    if (!(mu >= DispersionEstimate.MIN_MEAN)) return;
    const capped = Math.min(x, mu + 6 * Math.sqrt(mu));
    this.#num = this.#num * this.#keep + ((capped - mu) ** 2 - capped);
    this.#den = this.#den * this.#keep + mu * mu;
  }

  snapshot(): [number, number] {
    return [this.#num, this.#den];
  }
}

/** A recent window of a key, as the span test needs it. */
interface RecentWindow {
  startMs: number;
  endMs: number;
  /** Named authors, or null when there were too many to keep (the span test then skips this key). */
  authors: string[] | null;
  anonymous: number;
  /** The key's rate before this window was learned, and the decayed count behind it. */
  levelPerHour: number;
  evidence: number;
}

export const POISSON_SPAN_DETECTOR = 'poisson-span';
/** A window with more named authors than this is not kept for span tests (a big city's busy hour). */
const MAX_SPAN_AUTHORS = 200;

/** How long a flagged window's count of updates is kept: revisions come within the allowed lateness (48 h). */
const FLAGGED_RETENTION_MS = 7 * 86_400_000;
/**
 * A key's span history is dropped once its newest window is this far behind the newest window tested: a window
 * that can still come (a first emission within the allowed lateness, 48 h) would filter it out anyway, so the
 * output is the same and an idle key holds nothing (the same assumption as FLAGGED_RETENTION_MS: lateness ≤ 7 days).
 */
const SPAN_HISTORY_RETENTION_MS = 7 * 86_400_000;
const DAY_MS = 86_400_000;

const LN10 = Math.LN10;
/** Busy windows a topic's own over-dispersion remembers: a few weeks of a shard's hours, so it follows the season. */
const TOPIC_DISPERSION_MEMORY = 2_000;

/** Severity from the mapping above (exported for tests and for the docs). */
export function severityOf(observed: number, expected: number, pValue: number): Severity {
  // Severity is about size, not surprise: six authors in a quiet village reach p < 1e-8, and that is a story to
  // read today, not a crisis to answer within the hour (which took 9 of 10 alerts of a year to 'critical').
  if (observed >= 5 * expected && observed >= 10) return 'critical';
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
  const config = Object.freeze({
    ...cfg,
    baseline: Object.freeze({
      ...cfg.baseline,
      yearOverYear: cfg.yearOverYear ?? cfg.baseline?.yearOverYear ?? true,
    }),
  });
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
  const spanWindows = config.spanWindows ?? 0;
  const dispersion = new DispersionEstimate(restoreFrom?.dispersion);
  const topicDispersion = new Map<TopicId, DispersionEstimate>(
    (restoreFrom?.topicDispersion ?? []).map(([t, s]) => [
      t,
      new DispersionEstimate(s, TOPIC_DISPERSION_MEMORY),
    ]),
  );
  /** The topic's own over-dispersion once it has enough busy windows, else the detector's pooled one. */
  const alphaOf = (topic: TopicId): number => {
    const own = topicDispersion.get(topic);
    return own?.ready ? own.alpha : dispersion.alpha;
  };
  const observeDispersion = (topic: TopicId, x: number, mu: number) => {
    dispersion.observe(x, mu);
    let own = topicDispersion.get(topic);
    if (own === undefined) {
      own = new DispersionEstimate(undefined, TOPIC_DISPERSION_MEMORY);
      topicDispersion.set(topic, own);
    }
    own.observe(x, mu);
  };
  const sensitivity = new Map<string, number>(restoreFrom?.sensitivity ?? []);
  let feedbackUpToMs =
    restoreFrom?.feedbackUpToMs === undefined
      ? Number.NEGATIVE_INFINITY
      : decodeNumber(restoreFrom.feedbackUpToMs);
  const recent = new Map<string, RecentWindow[]>(restoreFrom?.recent ?? []);
  /** End of the newest window kept for span tests (idle keys are swept when it enters a new UTC day). */
  let recentEndMs = restoreFrom?.recentEndMs ?? Number.NEGATIVE_INFINITY;
  if (restoreFrom?.recentEndMs === undefined)
    for (const list of recent.values()) for (const w of list) recentEndMs = Math.max(recentEndMs, w.endMs);
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
    const alpha = 1 / Math.max(exp.evidence, 1e-9) + alphaOf(agg.topic);
    const logP = negBinomialLogUpperTail(observed, exp.expected, alpha);
    if (!agg.revision) observeDispersion(agg.topic, observed, exp.expected);
    const warm = exp.historyMs >= config.warmupMs;
    const factor = sensitivity.get(keyId(agg.municipality, agg.topic)) ?? 1;
    const significant = logP < Math.log(config.pValue * factor);
    let learnValue = observed;
    if (warm && significant) {
      const cap = learningCap(exp.expected);
      if (observed > cap) {
        learnValue = cap;
        counters.cappedLearning++;
      }
    }
    const fires = significant && observed >= config.minCount;
    const span = spanWindows > 1 && !agg.revision ? spanTest(agg, exp, ctx, !fires, factor) : undefined;
    if (span && warm && observed > learningCap(exp.expected)) {
      learnValue = learningCap(exp.expected);
      counters.cappedLearning++;
    }
    baseline.learn(agg, learnValue, base, agg.revision);
    if (span) {
      if (!warm) {
        counters.suppressedInWarmup++;
        return null;
      }
      counters.anomalies++;
      return anomalyOf(`span:${agg.bucket}:${agg.municipality}:${agg.topic}:${span.startMs}`, {
        startMs: span.startMs,
        observed: span.observed,
        expected: span.expected,
        logP: span.logP,
        detector: POISSON_SPAN_DETECTOR,
      });
    }
    if (!fires) return null;
    if (!warm) {
      counters.suppressedInWarmup++;
      return null;
    }
    counters.anomalies++;
    return anomalyOf(`${agg.bucket}:${agg.municipality}:${agg.topic}:${agg.startMs}`, {
      startMs: agg.startMs,
      observed,
      expected: exp.expected,
      logP,
      detector: POISSON_BURST_DETECTOR,
    });

    function anomalyOf(
      id: string,
      a: { startMs: number; observed: number; expected: number; logP: number; detector: string },
    ): Anomaly {
      const pValue = Math.exp(a.logP);
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
        startMs: a.startMs,
        endMs: agg.endMs,
        observed: a.observed,
        expected: a.expected,
        pValue,
        score: scoreOf(a.logP / LN10),
        severity: severityOf(a.observed, a.expected, pValue),
        detector: a.detector,
        detectedAtMs: clock ? clock.nowMs() : agg.endMs,
        updates,
      };
    }
  }

  /**
   * Keep the window among the key's recent ones and test the spans ending with it: distinct authors of the
   * last k windows' time (k = 2…spanWindows) against the lowest rate the key had in that time × the span's
   * profile-weighted hours. Returns the most significant span, if any passes pValue / (spanWindows − 1).
   */
  function spanTest(
    agg: Aggregate,
    exp: Expectation,
    ctx: DetectorContext,
    test: boolean,
    factor: number,
  ): { startMs: number; observed: number; expected: number; logP: number } | undefined {
    const key = keyId(agg.municipality, agg.topic);
    const size = agg.endMs - agg.startMs;
    const horizon = agg.endMs - spanWindows * size;
    const list = (recent.get(key) ?? []).filter((w) => w.startMs >= horizon && w.endMs <= agg.startMs);
    const authors = agg.authorIds ?? null;
    list.push({
      startMs: agg.startMs,
      endMs: agg.endMs,
      authors: authors && authors.length <= MAX_SPAN_AUTHORS ? [...authors] : null,
      anonymous: agg.uniqueAuthors - (authors?.length ?? 0),
      levelPerHour: exp.levelPerHour,
      evidence: exp.evidence,
    });
    recent.set(key, list);
    if (agg.endMs > recentEndMs) {
      // Amortised: once a day of event time, forget the keys idle for longer than the retention. The day is the
      // windows' (saved with the state), so a restored detector sweeps where one never stopped does.
      const newDay = Math.floor(agg.endMs / DAY_MS) !== Math.floor(recentEndMs / DAY_MS);
      recentEndMs = agg.endMs;
      if (newDay) {
        const oldestMs = recentEndMs - SPAN_HISTORY_RETENTION_MS;
        for (const [k, ws] of recent)
          if ((ws[ws.length - 1] as RecentWindow).endMs < oldestMs) recent.delete(k);
      }
    }
    if (!test || list.length < 2 || list.some((w) => w.authors === null)) return undefined;
    const threshold = Math.log((config.pValue * factor) / (spanWindows - 1));
    let best: { startMs: number; observed: number; expected: number; logP: number } | undefined;
    // Spans grow backwards with k: the authors of the windows a span adds join those of the shorter ones (one set,
    // not one per span); the quietest window is still the first lowest in the list's order.
    const named = new Set<string>();
    let anonymous = 0;
    let addedFromMs = Number.POSITIVE_INFINITY;
    for (let k = 2; k <= spanWindows; k++) {
      const from = agg.endMs - k * size;
      let inSpan = 0;
      let before: RecentWindow | undefined;
      for (const w of list) {
        if (w.startMs < from) continue;
        inSpan++;
        if (before === undefined || w.levelPerHour < before.levelPerHour) before = w;
        if (w.startMs >= addedFromMs) continue;
        for (const a of w.authors as string[]) named.add(a);
        anonymous += w.anonymous;
      }
      addedFromMs = from;
      if (inSpan < 2 || before === undefined) continue;
      const observed = named.size + anonymous;
      if (observed < config.minCount) continue;
      const expected =
        before.levelPerHour * baseline.exposureHours(agg.topic, from, agg.endMs, ctx.utcOffsetMin);
      // Several hours of a quiet key: the level itself is uncertain (a handful of counts behind it), so the
      // span's count is negative binomial (Poisson–Gamma), not Poisson — far fewer false alarms on quiet keys.
      const logP = negBinomialLogUpperTail(
        observed,
        expected,
        1 / Math.max(before.evidence, 1e-9) + alphaOf(agg.topic),
      );
      if (logP < threshold && (best === undefined || logP < best.logP))
        best = { startMs: from, observed, expected, logP };
    }
    return best;
  }

  return {
    observe,
    stats: () => ({
      keys: baseline.keyCount,
      topics: baseline.topicCount,
      ...counters,
      dispersion: dispersion.alpha,
      topicDispersion: Object.fromEntries([...topicDispersion].map(([t, d]) => [t, d.alpha])),
    }),
    get feedbackUpToMs() {
      return feedbackUpToMs;
    },
    feedback(municipality, topic, label, atMs) {
      if (atMs !== undefined) {
        if (atMs <= feedbackUpToMs) return; // applied before a restart: in the restored sensitivity already
        feedbackUpToMs = atMs;
      }
      const k = keyId(municipality, topic);
      const f = sensitivity.get(k) ?? 1;
      const next =
        label === 'noise' ? Math.max(MIN_SENSITIVITY, f * 0.1) : label === 'real' ? Math.min(1, f * 10) : f;
      if (next === 1) sensitivity.delete(k);
      else sensitivity.set(k, next);
    },
    snapshot: () => ({
      detector: POISSON_BURST_DETECTOR,
      bucket: config.bucket,
      baseline: baseline.snapshot(),
      counters: { ...counters },
      flagged: [...flagged].map(([id, f]) => [id, f.times, f.endMs]),
      recent: [...recent],
      ...(Number.isFinite(recentEndMs) ? { recentEndMs } : {}),
      sensitivity: [...sensitivity],
      feedbackUpToMs: encodeNumber(feedbackUpToMs),
      dispersion: dispersion.snapshot(),
      topicDispersion: [...topicDispersion].map(([t, d]) => [t, d.snapshot()]),
    }),
  };
}
