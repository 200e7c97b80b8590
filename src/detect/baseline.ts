/**
 * The expected rate of one (municipality, topic), per hour:
 *
 *   rate(t) = level × profile_topic(local hour-of-week of t)
 *
 * - `level` is an exponentially forgetting rate estimate, sum / exposure: `sum` is the decayed count of
 *   unique authors observed, `exposure` the decayed number of profile-weighted hours *elapsed* — including
 *   the silent hours that produce no window at all (windows arrive only when non-empty, so the time between
 *   them is counted as zeros). The time constant (default 3 days) lets a seasonal wave that builds over a
 *   week be absorbed, while one burst hour moves it by ~1/72 — and the detector caps what an anomalous
 *   window may teach it and learns only *after* testing.
 * - `profile` is learned per topic across all its keys in each key's *local* hour of the week (people
 *   complain in their own morning), smoothed toward hour-of-day and flat (hour-of-week-profile.ts).
 * - Seasonal fronts: once a year of history is kept, the expectation is multiplied by how much the topic's
 *   curve a year earlier rose (or fell) since the days the level remembers (year-over-year.ts), so the level's
 *   lag of a few days does not turn the start of the heating season into a burst.
 * - Cold start: a new key starts from a prior rate (`priorPerHour` given by the caller — e.g. the topic's
 *   national rate × the municipality's population share — else the running mean level of the topic's keys,
 *   else `defaultPriorPerHour`) worth `priorWeightHours` of exposure, which is forgotten like data. History
 *   counts from the first window this baseline saw for *any* key: a key that stayed silent since then has
 *   that much history of zeros.
 *
 * State: five numbers per key (key-levels.ts: a Float64Array, not an object per key) plus 192 per topic; never
 * grows with the number of messages or days, only with the keys (municipalities × topics) seen.
 */
import type { TopicId } from '../records.ts';
import { decodeNumber, encodeNumber, type JsonNumber } from '../state/json-number.ts';
import { isHolidayAt } from './holidays.ts';
import { forEachLocalHour, HOURS_PER_WEEK, localHourEndMs, localHourOfWeek } from './hour-of-week.ts';
import { HourOfWeekProfile, type HourOfWeekProfileSnapshot } from './hour-of-week-profile.ts';
import { keyId } from './key-id.ts';
import { AT_MS, EXPOSURE, KeyLevels, LAST_START_MS, LAST_VALUE, SUM } from './key-levels.ts';
import { YearOverYear, type YearOverYearSnapshot } from './year-over-year.ts';

/** A Baseline's state as JSON: per key [id, sum, exposure, atMs, lastStartMs, lastValue]; per topic its profile. */
export interface BaselineSnapshot {
  keys: [string, number, number, number, JsonNumber, number][];
  profiles: [TopicId, HourOfWeekProfileSnapshot][];
  topicMeanLevel: [TopicId, number][];
  streamStartMs: JsonNumber;
  /** Per topic, authors observed and expected (before the factor) on public holidays. Absent in older state. */
  holidays?: [TopicId, number, number][];
  /** Last year's daily totals per topic (year-over-year.ts). Absent in older state or when off. */
  yearOverYear?: YearOverYearSnapshot;
}

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
/** Expected authors the holiday factor's prior (1) is worth. */
const HOLIDAY_PRIOR = 20;
const HOLIDAY_WARMUP_MS = 28 * 24 * HOUR_MS;

export interface BaselineOptions {
  /** Memory of the level: e-folding time of the exponential forgetting. Default 3 days. */
  levelTimeConstantMs: number;
  /** Memory of the topic's hour-of-week profile. Default 28 days. */
  profileTimeConstantMs: number;
  /** How many hours of data the prior is worth at the start (it is forgotten like data). Default 48. */
  priorWeightHours: number;
  /** Prior when neither the caller nor the topic's other keys give one, per hour. Default 0.1. */
  defaultPriorPerHour: number;
  /** Correct the level's lag on seasonal fronts with the topic's curve a year earlier (year-over-year.ts). */
  yearOverYear: boolean;
}

export const DEFAULT_BASELINE_OPTIONS: Readonly<BaselineOptions> = Object.freeze({
  levelTimeConstantMs: 3 * 24 * HOUR_MS,
  profileTimeConstantMs: 28 * 24 * HOUR_MS,
  priorWeightHours: 48,
  defaultPriorPerHour: 0.1,
  yearOverYear: true,
});

export interface BaselineWindow {
  municipality: string;
  topic: TopicId;
  startMs: number;
  endMs: number;
}

export interface BaselineContext {
  /** The municipality's fixed UTC offset, for its local hour of the week. */
  utcOffsetMin: number;
  /** Prior rate per hour for a key with little history (read when the key is first seen). */
  priorPerHour?: number;
}

export interface Expectation {
  /** Expected count (of unique authors) in the window. */
  expected: number;
  /** Deseasonalised rate of the key, per average hour. */
  levelPerHour: number;
  /** Profile-weighted length of the window in hours (1 h at an average hour = 1). */
  exposureHours: number;
  /** Event time covered since this baseline's first window: the key's history, zeros included. */
  historyMs: number;
  /**
   * Decayed count (plus prior pseudo-count) behind the level: how sure the level is. The level's uncertainty
   * is Gamma(evidence, exposure), so a span's count is negative binomial with size = evidence.
   */
  evidence: number;
}

/*
 * Per key (key-levels.ts, one Float64Array): SUM, the decayed sum of observed values (plus the decayed prior
 * pseudo-count); EXPOSURE, the decayed profile-weighted hours (plus the decayed prior pseudo-exposure); AT_MS, the
 * event time both account for; LAST_START_MS and LAST_VALUE, the latest window learned (for its revisions).
 */

/** What learning did with a window (for counters). */
export type LearnOutcome = 'learned' | 'learned-late' | 'revised' | 'not-learned';

export class Baseline {
  readonly options: Readonly<BaselineOptions>;
  readonly #tauHours: number;
  /** exp(−1 h / τ): the decay of one whole hour. */
  readonly #keepHour: number;
  readonly #keys = new KeyLevels();
  readonly #profiles = new Map<TopicId, HourOfWeekProfile>();
  readonly #topicMeanLevel = new Map<TopicId, number>();
  #streamStartMs = Number.NaN;
  /**
   * Per topic: authors observed and expected (without this factor) on public holidays. The factor — how a
   * holiday compares with the same weekday — is (observed + 20) / (expected + 20): 1 until holidays teach it.
   */
  readonly #holidays = new Map<TopicId, [number, number]>();
  #yearOverYear: YearOverYear | undefined;

  constructor(options: Partial<BaselineOptions> = {}) {
    this.options = Object.freeze({ ...DEFAULT_BASELINE_OPTIONS, ...options });
    this.#tauHours = this.options.levelTimeConstantMs / HOUR_MS;
    this.#keepHour = Math.exp(-1 / this.#tauHours);
    if (this.options.yearOverYear) this.#yearOverYear = new YearOverYear(this.#yearOverYearOptions());
  }

  #yearOverYearOptions() {
    return { levelTimeConstantDays: this.#tauHours / 24 };
  }

  snapshot(): BaselineSnapshot {
    return {
      keys: [...this.#keys.entries()].map(([id, k]) => {
        const d = this.#keys.data;
        return [
          id,
          d[k + SUM] as number,
          d[k + EXPOSURE] as number,
          d[k + AT_MS] as number,
          encodeNumber(d[k + LAST_START_MS] as number),
          d[k + LAST_VALUE] as number,
        ];
      }),
      profiles: [...this.#profiles].map(([t, p]) => [t, p.snapshot()]),
      topicMeanLevel: [...this.#topicMeanLevel],
      streamStartMs: encodeNumber(this.#streamStartMs),
      holidays: [...this.#holidays].map(([t, [o, e]]) => [t, o, e]),
      ...(this.#yearOverYear ? { yearOverYear: this.#yearOverYear.snapshot() } : {}),
    };
  }

  static restore(options: Partial<BaselineOptions>, s: BaselineSnapshot): Baseline {
    const b = new Baseline(options);
    for (const [id, sum, exposure, atMs, lastStartMs, lastValue] of s.keys)
      b.#keys.add(id, sum, exposure, atMs, decodeNumber(lastStartMs), lastValue);
    for (const [t, p] of s.profiles)
      b.#profiles.set(t, HourOfWeekProfile.restore({ timeConstantMs: b.options.profileTimeConstantMs }, p));
    for (const [t, v] of s.topicMeanLevel) b.#topicMeanLevel.set(t, v);
    b.#streamStartMs = decodeNumber(s.streamStartMs);
    for (const [t, o, e] of s.holidays ?? []) b.#holidays.set(t, [o, e]);
    if (b.#yearOverYear && s.yearOverYear)
      b.#yearOverYear = YearOverYear.restore(b.#yearOverYearOptions(), s.yearOverYear);
    return b;
  }

  get keyCount(): number {
    return this.#keys.size;
  }

  get topicCount(): number {
    return this.#profiles.size;
  }

  /** A public holiday against the same weekday, for a topic (learned; 1 before). */
  holidayFactor(topic: TopicId): number {
    const h = this.#holidays.get(topic);
    return h ? Math.min(3, Math.max(1 / 3, (h[0] + HOLIDAY_PRIOR) / (h[1] + HOLIDAY_PRIOR))) : 1;
  }

  /** Profile factor of a topic's local hour of the week (1 = an average hour). */
  profileFactor(topic: TopicId, hourOfWeek: number): number {
    return this.#profiles.get(topic)?.factor(hourOfWeek) ?? 1;
  }

  /**
   * What the key is expected to show in the window. Brings the key forward to `startMs` first, counting the
   * silent time since its last window as zeros. Call before `learn` for the same window.
   */
  expect(w: BaselineWindow, ctx: BaselineContext): Expectation {
    if (Number.isNaN(this.#streamStartMs) || w.startMs < this.#streamStartMs) this.#streamStartMs = w.startMs;
    const key = this.#key(w, ctx);
    const profile = this.#profile(w.topic);
    const d = this.#keys.data;
    const atMs = d[key + AT_MS] as number;
    if (w.startMs > atMs) this.#elapse(key, atMs, w.startMs, 0, profile, ctx.utcOffsetMin, w.topic);
    const sum = d[key + SUM] as number;
    const levelPerHour = sum / (d[key + EXPOSURE] as number);
    const exposureHours = this.exposureHours(w.topic, w.startMs, w.endMs, ctx.utcOffsetMin);
    return {
      expected: levelPerHour * exposureHours,
      levelPerHour,
      exposureHours,
      historyMs: w.startMs - this.#streamStartMs,
      evidence: sum,
    };
  }

  /** How far the topic's season moves the rate at `atMs` beyond what the level has seen (1: not known). */
  seasonRatio(topic: TopicId, atMs: number): number {
    return this.#yearOverYear?.ratio(topic, atMs) ?? 1;
  }

  /**
   * Profile-weighted hours of a topic over [fromMs, toMs) in local time (1 h at an average hour = 1), times
   * the season's move since the level's data (`seasonRatio`).
   */
  exposureHours(topic: TopicId, fromMs: number, toMs: number, utcOffsetMin: number): number {
    const profile = this.#profile(topic);
    const holiday = this.holidayFactor(topic);
    // forEachLocalHour's walk inline: every window of every key comes here, and a callback's captured sum
    // would be a heap number allocated at each hour.
    const offsetMs = utcOffsetMin * MINUTE_MS;
    let exposure = 0;
    for (let t = fromMs; t < toMs; ) {
      const end = Math.min(localHourEndMs(t, offsetMs), toMs);
      const how = localHourOfWeek(t, utcOffsetMin);
      exposure += profile.factor(how) * ((end - t) / HOUR_MS) * (isHolidayAt(t, utcOffsetMin) ? holiday : 1);
      t = end;
    }
    return exposure * this.seasonRatio(topic, fromMs);
  }

  /**
   * Learn the value of a window already passed to `expect`. In order: the window's time is added to the
   * exposure and `value` to the sum. A window behind the key's clock (delivered out of order) adds its
   * value only (its time was already counted as zeros); a revision of the key's latest window adds the
   * increase; a revision of an older window is not learned.
   */
  learn(w: BaselineWindow, value: number, ctx: BaselineContext, revision: boolean): LearnOutcome {
    const key = this.#key(w, ctx);
    const profile = this.#profile(w.topic);
    const d = this.#keys.data;
    let learned = value;
    let outcome: LearnOutcome = 'learned';
    const holiday = isHolidayAt(w.startMs, ctx.utcOffsetMin);
    const atMs = d[key + AT_MS] as number;
    if (w.startMs >= atMs) {
      if (w.startMs > atMs) this.#elapse(key, atMs, w.startMs, 0, profile, ctx.utcOffsetMin, w.topic);
      // Only against a profile that has seen four weeks: an immature one would teach the factor its own errors.
      if (holiday && w.startMs - this.#streamStartMs >= HOLIDAY_WARMUP_MS) {
        // What the same hours of an ordinary weekday would have brought: teaches the topic's holiday factor.
        const h = this.#holidays.get(w.topic) ?? [0, 0];
        let weekday = 0;
        forEachLocalHour(w.startMs, w.endMs, ctx.utcOffsetMin, (how, hours) => {
          weekday += profile.factor(how) * hours;
        });
        const level = (d[key + SUM] as number) / (d[key + EXPOSURE] as number);
        this.#holidays.set(w.topic, [h[0] + value, h[1] + level * weekday]);
      }
      this.#elapse(key, w.startMs, w.endMs, value, profile, ctx.utcOffsetMin, w.topic);
      d[key + LAST_START_MS] = w.startMs;
      d[key + LAST_VALUE] = value;
    } else if (!revision) {
      d[key + SUM] = (d[key + SUM] as number) + value;
      outcome = 'learned-late';
    } else if (w.startMs === d[key + LAST_START_MS]) {
      const lastValue = d[key + LAST_VALUE] as number;
      learned = Math.max(0, value - lastValue);
      d[key + SUM] = (d[key + SUM] as number) + learned;
      d[key + LAST_VALUE] = Math.max(lastValue, value);
      outcome = 'revised';
    } else {
      return 'not-learned';
    }
    // A holiday's hours teach the weekday's profile what an ordinary day would have brought.
    if (learned > 0) {
      this.#yearOverYear?.add(w.topic, w.startMs, learned);
      const spread = (w.endMs - w.startMs) / HOUR_MS;
      const scale = holiday ? 1 / this.holidayFactor(w.topic) : 1;
      const offsetMs = ctx.utcOffsetMin * MINUTE_MS;
      for (let t = w.startMs; t < w.endMs; ) {
        const end = Math.min(localHourEndMs(t, offsetMs), w.endMs);
        profile.add(
          localHourOfWeek(t, ctx.utcOffsetMin),
          (learned * scale * ((end - t) / HOUR_MS)) / spread,
          w.endMs,
        );
        t = end;
      }
    }
    const level = (d[key + SUM] as number) / (d[key + EXPOSURE] as number);
    const mean = this.#topicMeanLevel.get(w.topic);
    this.#topicMeanLevel.set(w.topic, mean === undefined ? level : mean + 0.01 * (level - mean));
    return outcome;
  }

  /** The key's slot in `#keys` (made with its prior when first seen). */
  #key(w: BaselineWindow, ctx: BaselineContext): number {
    const id = keyId(w.municipality, w.topic);
    let key = this.#keys.slotOf(id);
    if (key === undefined) {
      const prior =
        ctx.priorPerHour !== undefined && ctx.priorPerHour >= 0 && Number.isFinite(ctx.priorPerHour)
          ? ctx.priorPerHour
          : (this.#topicMeanLevel.get(w.topic) ?? this.options.defaultPriorPerHour);
      // The prior is a pseudo-observation at the start of the stream; the key's silence since is zeros.
      const elapsedHours = Math.max(0, (w.startMs - this.#streamStartMs) / HOUR_MS) || 0;
      const keep = Math.exp(-elapsedHours / this.#tauHours);
      const w0 = this.options.priorWeightHours;
      key = this.#keys.add(
        id,
        w0 * prior * keep,
        w0 * keep + this.#tauHours * (1 - keep),
        w.startMs,
        Number.NaN,
        0,
      );
    }
    return key;
  }

  #profile(topic: TopicId): HourOfWeekProfile {
    let p = this.#profiles.get(topic);
    if (p === undefined) {
      p = new HourOfWeekProfile({ timeConstantMs: this.options.profileTimeConstantMs });
      this.#profiles.set(topic, p);
    }
    return p;
  }

  /**
   * Move the key's clock over [fromMs, toMs) with `value` observed at its end: sum and exposure decay, the
   * profile-weighted hours are added. A gap longer than a week is fast-forwarded with the profile's weekly
   * mean (1) except for its last week, so the cost is bounded by 168 steps.
   */
  #elapse(
    key: number,
    fromMs: number,
    toMs: number,
    value: number,
    profile: HourOfWeekProfile,
    offsetMin: number,
    topic: TopicId,
  ) {
    const tau = this.#tauHours;
    const d = this.#keys.data;
    let from = fromMs;
    const weekMs = HOURS_PER_WEEK * HOUR_MS;
    if (toMs - from > weekMs) {
      const skipHours = Math.floor((toMs - from - weekMs) / weekMs) * HOURS_PER_WEEK;
      const keep = Math.exp(-skipHours / tau);
      d[key + SUM] = (d[key + SUM] as number) * keep;
      d[key + EXPOSURE] = (d[key + EXPOSURE] as number) * keep + tau * (1 - keep);
      from += skipHours * HOUR_MS;
    }
    // Hot path (every window of every key): walk local hours inline, with the decay of a whole hour
    // precomputed, rather than through forEachLocalHour's callback.
    const offsetMs = offsetMin * MINUTE_MS;
    const keepHour = this.#keepHour;
    let how = localHourOfWeek(from, offsetMin);
    let sum = d[key + SUM] as number;
    let exposure = d[key + EXPOSURE] as number;
    const holidayFactor = this.holidayFactor(topic);
    for (let t = from; t < toMs; ) {
      const local = t + offsetMs;
      const end = Math.min(local - (((local % HOUR_MS) + HOUR_MS) % HOUR_MS) + HOUR_MS - offsetMs, toMs);
      const hours = (end - t) / HOUR_MS;
      const keep = hours === 1 ? keepHour : Math.exp(-hours / tau);
      sum *= keep;
      const weight = isHolidayAt(t, offsetMin) ? profile.factor(how) * holidayFactor : profile.factor(how);
      exposure = exposure * keep + weight * tau * (1 - keep);
      how = how === HOURS_PER_WEEK - 1 ? 0 : how + 1;
      t = end;
    }
    d[key + SUM] = sum + value;
    d[key + EXPOSURE] = exposure;
    d[key + AT_MS] = toMs;
  }
}
