/**
 * Last year's seasonal curve of each topic, to correct the baseline's lag at the edges of a season.
 *
 * The baseline's level is an exponentially weighted mean with a time constant of days: on the steep front of
 * a seasonal wave (heating complaints rise ×20 over four weeks when the heating season starts) it trails the
 * true rate by about that time constant, and every front would read as a burst. Once a year of history is
 * kept, the curve the topic followed a year (52 weeks, so weekdays align) earlier says how much the rate
 * should have moved since the level's data was seen:
 *
 *   ratio(t) = C(t − 52 w) / Σ_d ω_d C(t − 52 w − d days)   (ω_d: the level's own exponential weights)
 *
 * where C is the topic's daily total (all keys of the shard) smoothed over a week. Only ratios of C between
 * days a few weeks apart are used, so growth of the total from year to year cancels. Before a year of history,
 * for quiet topics (fewer than `minWeekCount` a week), or where last year's days are missing, the ratio is 1:
 * the baseline behaves as without it. The ratio is clamped to [1/3, 3] — a year can start its season a week
 * early or late, and this correction must never turn into a detector of its own.
 *
 * State: `RING_DAYS` numbers per topic.
 */
import type { TopicId } from '../records.ts';

const DAY_MS = 86_400_000;
/** 52 weeks: the same weekday a year earlier. */
export const YEAR_LAG_DAYS = 364;
/** Days of the level's memory the correction looks back over (at τ = 3 days, e^(−14/3) ≈ 1% is left). */
const MEMORY_DAYS = 14;
/** Days kept per topic: a year back, the level's memory, a week's smoothing, and slack. */
const RING_DAYS = YEAR_LAG_DAYS + MEMORY_DAYS + 14;
const MAX_RATIO = 3;

export interface YearOverYearOptions {
  /** The baseline level's time constant, days (its lag). */
  levelTimeConstantDays: number;
  /** A topic below this many (authors) per week last year gets no correction. Default 30. */
  minWeekCount?: number;
}

/** State as JSON: per topic, the absolute day of ring slot 0's first sample and the ring. */
export interface YearOverYearSnapshot {
  firstDay: number;
  topics: [TopicId, number[]][];
}

export class YearOverYear {
  readonly #weights: Float64Array;
  readonly #minWeekCount: number;
  readonly #rings = new Map<TopicId, Float64Array>();
  /** The first absolute day (UTC days since epoch) seen: that day and before are incomplete. */
  #firstDay = Number.NaN;
  /** Per topic, the last day a ratio was computed for, and the ratio (one computation per topic-day). */
  readonly #cache = new Map<TopicId, [number, number]>();

  constructor(opts: YearOverYearOptions) {
    this.#minWeekCount = opts.minWeekCount ?? 30;
    const keep = Math.exp(-1 / opts.levelTimeConstantDays);
    this.#weights = new Float64Array(MEMORY_DAYS);
    let total = 0;
    for (let d = 0; d < MEMORY_DAYS; d++) {
      this.#weights[d] = keep ** d;
      total += keep ** d;
    }
    for (let d = 0; d < MEMORY_DAYS; d++) this.#weights[d] = (this.#weights[d] as number) / total;
  }

  snapshot(): YearOverYearSnapshot {
    return { firstDay: this.#firstDay, topics: [...this.#rings].map(([t, r]) => [t, [...r]]) };
  }

  static restore(opts: YearOverYearOptions, s: YearOverYearSnapshot): YearOverYear {
    const y = new YearOverYear(opts);
    y.#firstDay = s.firstDay ?? Number.NaN;
    for (const [t, r] of s.topics) if (r.length === RING_DAYS * 2) y.#rings.set(t, Float64Array.from(r));
    return y;
  }

  /** Count `value` (authors) for a topic at event time `atMs`. */
  add(topic: TopicId, atMs: number, value: number): void {
    const day = Math.floor(atMs / DAY_MS);
    if (Number.isNaN(this.#firstDay)) this.#firstDay = day;
    if (day < this.#firstDay) return;
    let ring = this.#rings.get(topic);
    if (ring === undefined) {
      // Pairs [count, day]: slot i holds the latest day ≡ i (mod RING_DAYS), overwritten when it comes round.
      ring = new Float64Array(RING_DAYS * 2);
      this.#rings.set(topic, ring);
    }
    this.#put(ring, day, value);
  }

  /**
   * How much the topic's rate at `atMs` should exceed what a level of the given memory has seen, from last
   * year's curve; 1 without enough of it.
   */
  ratio(topic: TopicId, atMs: number): number {
    const day = Math.floor(atMs / DAY_MS);
    const cached = this.#cache.get(topic);
    if (cached !== undefined && cached[0] === day) return cached[1];
    const r = this.#compute(topic, day);
    this.#cache.set(topic, [day, r]);
    return r;
  }

  #compute(topic: TopicId, day: number): number {
    const ring = this.#rings.get(topic);
    const lastYear = day - YEAR_LAG_DAYS;
    // The week-smoothed value at lastYear − MEMORY_DAYS reaches back 3 more days; all must be complete days.
    if (ring === undefined || !(lastYear - MEMORY_DAYS - 3 > this.#firstDay)) return 1;
    const now = this.#week(ring, lastYear);
    if (now === undefined || now < this.#minWeekCount) return 1;
    let before = 0;
    for (let d = 1; d <= MEMORY_DAYS; d++) {
      const c = this.#week(ring, lastYear - d);
      if (c === undefined) return 1;
      before += (this.#weights[d - 1] as number) * c;
    }
    if (before < this.#minWeekCount) return 1;
    return Math.min(MAX_RATIO, Math.max(1 / MAX_RATIO, now / before));
  }

  /** Sum of the 7 days centred on `day`, or undefined when one of them is not held. */
  #week(ring: Float64Array, day: number): number | undefined {
    let sum = 0;
    for (let d = day - 3; d <= day + 3; d++) {
      const slot = ((d % RING_DAYS) + RING_DAYS) % RING_DAYS;
      if (ring[2 * slot + 1] !== d) return undefined;
      sum += ring[2 * slot] as number;
    }
    return sum;
  }

  #put(ring: Float64Array, day: number, value: number): void {
    const slot = day % RING_DAYS;
    const held = ring[2 * slot + 1] as number;
    if (held === day) ring[2 * slot] = (ring[2 * slot] as number) + value;
    else if (held < day) {
      ring[2 * slot] = value;
      ring[2 * slot + 1] = day;
    }
  }
}
