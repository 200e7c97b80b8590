/**
 * Slow waves: a sustained rise of one (municipality, topic) over days that no single hour betrays — water that
 * tastes of rust for two weeks, a yard that is not cleaned for a month. The burst tests miss it by design (their
 * level forgets in 3 days), so a CUSUM watches the local days:
 *
 *   μ_d = L × trend_topic      L: the key's mean per day, forgotten over 28 days
 *                              trend: the topic's last 3 days over its last 28 across the shard's *other* towns
 *   z_d = min((x_d − μ_d) / √(μ_d + α μ_d²), 3)      α: the topic's day-to-day over-dispersion (moments)
 *   S_d = max(0, S_{d−1} + z_d − k)                  flagged while S > h
 *
 * Dividing by the other towns' trend is the point: a season or a weather wave moves a topic everywhere at once
 * and cancels; a town drifting away from its peers does not. Capping z at 3 leaves one-day bursts to the burst
 * tests. k = 0.75, h = 8: a town drifting 60 % above its peers over two weeks is flagged about three weeks
 * into the drift (the level keeps learning meanwhile), a doubling within days; steady over-dispersed counts
 * and seasons shared by the towns stay quiet (slow-rise.test.ts).
 *
 * Days without a window (no message) are zeros. A flagged run is one anomaly (id from the run's first day),
 * re-emitted each day it continues; detector 'cusum', bucket 'day'. State: a few numbers per key and per topic.
 */
import type { Aggregate, Anomaly, TopicId } from '../records.ts';
import { scoreOf } from './poisson-burst.ts';
import { normalLogUpperTail } from './series.ts';

const DAY_MS = 86_400_000;
export const SLOW_RISE_DETECTOR = 'cusum';

export interface SlowRiseOptions {
  /** Reference value: half the shift (in sd per day) the CUSUM is tuned to. */
  k: number;
  /** Decision interval. */
  h: number;
  /** Keys expecting fewer authors a day are not tested (a trickle cannot show a 1.5 σ shift). */
  minDailyMean: number;
  /** Memory of the key's level and of the topic's long mean, in days. */
  longDays: number;
  /** The topic's recent window, in days. */
  shortDays: number;
  /** No flags before this many days of history. */
  warmupDays: number;
}

export const DEFAULT_SLOW_RISE: Readonly<SlowRiseOptions> = Object.freeze({
  k: 0.75,
  h: 8,
  minDailyMean: 2,
  longDays: 28,
  shortDays: 7,
  warmupDays: 28,
});

/** An exponentially forgotten sum: [value, atMs]. */
type Decayed = [number, number];

interface KeyState {
  /** Forgotten authors and days of exposure: L = sum / days. */
  sum: Decayed;
  days: Decayed;
  /** This key's share of the topic's sums (left out of its own trend). */
  short: Decayed;
  long: Decayed;
  /** Start of the last local day seen, and of the first. */
  lastDayMs: number;
  firstDayMs: number;
  cusum: number;
  /** The current run (S > 0): first day, authors observed and expected, variance. */
  run: [number, number, number, number] | null;
  /** Times the current run was emitted as an anomaly. */
  emitted: number;
}

interface TopicState {
  /** Sums over the days already complete for every town: a day's counts wait in `pending` until a later day
   * is stepped, so every town of a day sees the same trend (whatever order their windows close in). */
  short: Decayed;
  long: Decayed;
  pending: [number, number][];
  /** Over-dispersion moments: Σ((x − μ)² − x), Σ μ². */
  num: number;
  den: number;
}

export interface SlowRiseSnapshot {
  keys: [string, KeyState][];
  topics: [TopicId, TopicState][];
}

export interface SlowRiseStats {
  keys: number;
  tested: number;
  flagged: number;
  dispersion: Partial<Record<TopicId, number>>;
}

export class SlowRise {
  readonly #o: SlowRiseOptions;
  readonly #keys: Map<string, KeyState>;
  readonly #topics: Map<TopicId, TopicState>;
  #tested = 0;
  #flagged = 0;

  constructor(options: Partial<SlowRiseOptions> = {}, s?: SlowRiseSnapshot) {
    this.#o = { ...DEFAULT_SLOW_RISE, ...options };
    this.#keys = new Map((s?.keys ?? []).map(([k, v]) => [k, structuredClone(v)]));
    this.#topics = new Map((s?.topics ?? []).map(([t, v]) => [t, structuredClone(v)]));
  }

  stats(): SlowRiseStats {
    return {
      keys: this.#keys.size,
      tested: this.#tested,
      flagged: this.#flagged,
      dispersion: Object.fromEntries([...this.#topics].map(([t, s]) => [t, alphaOf(s)])),
    };
  }

  /** A closed local-day window; returns an anomaly while the key's CUSUM is above h. Revisions are ignored. */
  observe(agg: Aggregate): Anomaly | null {
    if (agg.bucket !== 'day' || agg.revision) return null;
    const id = `${agg.municipality}\u0000${agg.topic}`;
    let key = this.#keys.get(id);
    let topic = this.#topics.get(agg.topic);
    if (topic === undefined) {
      topic = { short: [0, agg.startMs], long: [0, agg.startMs], pending: [], num: 0, den: 0 };
      this.#topics.set(agg.topic, topic);
    }
    if (key === undefined) {
      key = {
        sum: [0, agg.startMs],
        days: [0, agg.startMs],
        short: [0, agg.startMs],
        long: [0, agg.startMs],
        lastDayMs: agg.startMs - DAY_MS,
        firstDayMs: agg.startMs,
        cusum: 0,
        run: null,
        emitted: 0,
      };
      this.#keys.set(id, key);
    }
    if (agg.startMs <= key.lastDayMs) return null; // out of order: its day is past
    // The silent days since the last window were zeros (at most a long memory of them matters).
    const gap = Math.min(Math.round((agg.startMs - key.lastDayMs) / DAY_MS) - 1, 3 * this.#o.longDays);
    for (let i = gap; i >= 1; i--) this.#step(key, topic, agg.startMs - i * DAY_MS, 0);
    const out = this.#step(key, topic, agg.startMs, agg.uniqueAuthors);
    key.lastDayMs = agg.startMs;
    if (!out) return null;
    const [startMs, observed, expected, variance] = key.run as [number, number, number, number];
    const logP = normalLogUpperTail((observed - expected) / Math.sqrt(Math.max(variance, 1e-9)));
    const anomaly: Anomaly = {
      id: `cusum:day:${agg.municipality}:${agg.topic}:${startMs}`,
      bucket: 'day',
      municipality: agg.municipality,
      topic: agg.topic,
      startMs,
      endMs: agg.endMs,
      observed,
      expected,
      pValue: Math.exp(logP),
      score: scoreOf(logP / Math.LN10),
      severity: 'normal',
      detector: SLOW_RISE_DETECTOR,
      detectedAtMs: agg.endMs,
      updates: key.emitted,
    };
    key.emitted++;
    this.#flagged++;
    return anomaly;
  }

  /** One local day of a key: test it against the level × the other towns' trend, then learn. */
  #step(key: KeyState, topic: TopicState, dayMs: number, x: number): boolean {
    const o = this.#o;
    const longMs = o.longDays * DAY_MS;
    const shortMs = o.shortDays * DAY_MS;
    foldBefore(topic, dayMs, shortMs, longMs);
    const days = decayed(key.days, dayMs, longMs);
    const level = days > 0 ? decayed(key.sum, dayMs, longMs) / days : 0;
    // The other towns' recent days against their month (per day of each window).
    const otherShort = decayed(topic.short, dayMs, shortMs) - decayed(key.short, dayMs, shortMs);
    const otherLong = decayed(topic.long, dayMs, longMs) - decayed(key.long, dayMs, longMs);
    const trend = otherShort > 1 && otherLong > 1 ? otherShort / o.shortDays / (otherLong / o.longDays) : 1;
    const mu = level * trend;
    let fired = false;
    const warm = dayMs - key.firstDayMs >= o.warmupDays * DAY_MS;
    if (warm && mu >= o.minDailyMean) {
      this.#tested++;
      const variance = mu + alphaOf(topic) * mu * mu;
      const z = Math.min((x - mu) / Math.sqrt(variance), 3);
      key.cusum = Math.max(0, key.cusum + z - o.k);
      if (key.cusum === 0) {
        key.run = null;
        key.emitted = 0;
      } else {
        key.run ??= [dayMs, 0, 0, 0];
        key.run[1] += x;
        key.run[2] += mu;
        key.run[3] += variance;
      }
      fired = key.cusum > o.h;
      // Day-to-day over-dispersion of the topic, by moments (x capped so a burst does not inflate it).
      if (mu >= 2) {
        const capped = Math.min(x, mu + 6 * Math.sqrt(mu));
        const keep = 1 - 1 / 2_000;
        topic.num = topic.num * keep + ((capped - mu) ** 2 - capped);
        topic.den = topic.den * keep + mu * mu;
      }
    }
    // Learn, capped at expectation + 3 sd (a burst day is the burst tests' business). The level keeps
    // following: freezing it during a run (tried) flags every season — the CUSUM must catch a wave first.
    const taught = mu > 0 ? Math.min(x, mu + 3 * Math.sqrt(mu + alphaOf(topic) * mu * mu)) : x;
    key.sum = [decayed(key.sum, dayMs, longMs) + taught, dayMs];
    key.days = [days + 1, dayMs];
    key.short = [decayed(key.short, dayMs, shortMs) + x, dayMs];
    key.long = [decayed(key.long, dayMs, longMs) + x, dayMs];
    const p = topic.pending.find((e) => e[0] === dayMs);
    if (p) p[1] += x;
    else topic.pending.push([dayMs, x]);
    return fired;
  }

  snapshot(): SlowRiseSnapshot {
    return {
      keys: [...this.#keys].map(([k, v]) => [k, structuredClone(v)]),
      topics: [...this.#topics].map(([t, v]) => [t, structuredClone(v)]),
    };
  }
}

/** Move the topic's pending days before `dayMs` into its sums. */
function foldBefore(topic: TopicState, dayMs: number, shortMs: number, longMs: number): void {
  if (!topic.pending.some((e) => e[0] < dayMs)) return;
  topic.pending.sort((a, b) => a[0] - b[0]);
  while (topic.pending.length > 0 && (topic.pending[0] as [number, number])[0] < dayMs) {
    const [at, x] = topic.pending.shift() as [number, number];
    topic.short = [decayed(topic.short, at, shortMs) + x, Math.max(at, topic.short[1])];
    topic.long = [decayed(topic.long, at, longMs) + x, Math.max(at, topic.long[1])];
  }
}

function decayed(d: Decayed, atMs: number, memoryMs: number): number {
  return d[0] * Math.exp(-Math.max(0, atMs - d[1]) / memoryMs);
}

/** The topic's over-dispersion α (0 until 50 busy days were seen; at most 1). */
function alphaOf(t: TopicState): number {
  return t.den < 50 ? 0 : Math.min(1, Math.max(0, t.num / t.den));
}
