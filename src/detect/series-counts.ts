/**
 * The `counts` model of `vsplesk detect` (the main case: complaints, messages, requests per step). For every
 * point, from the points before it only:
 *
 *   expected(t) = level × season(position of t in its cycle)
 *   ln p        = ln P(X ≥ value | expected, dispersion)          upper tail: the product looks for spikes
 *   strongest   min(ln p, ln p of the sums of the last 3 and 6 points) + ln 3      ranks (series-span-test.ts)
 *
 * - **Season** by the step: hour of the day (UTC) below an hour, hour of the week up to 12 h, day of the week
 *   for steps up to 6 days, none for weekly and longer. Below an hour, the 168 hours of the week would each be
 *   seen only as many times as there are weeks (8 in a two-month export): one burst inflates its hour for weeks
 *   and the expectation jumps 2–5× at hour boundaries; the 24 hours of the day pool 7 visits a week. Each cycle position keeps decayed sums of observed values C and of the level at
 *   the time E; its factor is (C + κ)/(E·m + κ), shrunk toward m — for hour of the week the day-of-week ×
 *   hour-of-day product model (so a sparse night hour borrows from its neighbours, as in
 *   hour-of-week-profile.ts), for day of the week flat. κ is worth 8 points (≥ 30 counts) for an hour of the
 *   week, ½ point (≥ 10 counts) for a day of the week. Profile memory: 8 weeks.
 * - **Level**: exponentially weighted (sum + ½) / (profile-weighted exposure + 1), time constant 3 weeks
 *   (≥ 8 points); the ½ count is Jeffreys' prior, so μ > 0 after a run of zeros.
 * - **Dispersion**: negative-binomial upper tail with variance μ + αμ²; α from past residuals
 *   (series-counts-dispersion.ts: robust for μ ≥ 10, method of moments below, 8-week forgetting), so a noisy
 *   series (and the error of the plug-in expectation itself) does not flag every other point. α·μ < 1e-6 falls
 *   back to the Poisson tail (poisson.ts).
 * - **Spans**: a burst that builds over several steps is weak at each point and strong summed; the sums of the
 *   last 3 and 6 points are tested too, each with its own dispersion, and the strongest, Bonferroni-corrected,
 *   ranks the point. Flags stay on the point's own p.
 * - **Learn after testing, capped**: from when residual statistics start, every point teaches level, season and
 *   dispersion at most ⌈μ + 3√(μ + αμ²) + 1⌉, flagged or not. Capping only flagged points let a burst-heavy
 *   series feed itself: bursts inflate α, so no burst point is significant, so they are learned in full and
 *   inflate level and α further. The 3-sd cap hardly moves an ordinary point (+1 keeps small counts whole).
 * - Residual statistics start after half the warm-up, when the season has had a chance to settle.
 *
 * Cycle positions come from UTC time: a fixed offset only relabels them; a daylight-saving change moves an
 * hourly series' cycle by an hour twice a year (daily positions are rounded to whole days and do not move).
 */
import { localHourOfWeek } from './hour-of-week.ts';
import { negBinomialLogUpperTail } from './series-tails.ts';
import { CountsDispersion } from './series-counts-dispersion.ts';
import { SpanTest } from './series-span-test.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const WEEK_MS = 7 * DAY_MS;

/** Spans (in points) whose sums are tested besides the point itself. */
const SPANS: readonly number[] = [3, 6];

export type Seasonality = 'hour-of-day' | 'hour-of-week' | 'day-of-week' | 'none';

/**
 * The cycle a step is seasonal in: hour of the day below an hour, hour of the week up to 12 h, day of the week
 * below 6 days, else none.
 */
export function seasonalityOf(stepMs: number): Seasonality {
  if (stepMs < HOUR_MS) return 'hour-of-day';
  if (stepMs <= 12 * HOUR_MS) return 'hour-of-week';
  if (stepMs < 6 * DAY_MS) return 'day-of-week';
  return 'none';
}

/** Decayed per-position sums: C = values learned, E = the level at the time (what a flat season expects). */
class CycleProfile {
  readonly #kind: Seasonality;
  readonly #c: Float64Array;
  readonly #e: Float64Array;
  readonly #f: Float64Array;
  #stale = false;
  #pseudo = Number.NaN;

  constructor(kind: Seasonality) {
    this.#kind = kind;
    const n = kind === 'hour-of-week' ? 168 : kind === 'hour-of-day' ? 24 : kind === 'day-of-week' ? 7 : 1;
    this.#c = new Float64Array(n);
    this.#e = new Float64Array(n);
    this.#f = new Float64Array(n).fill(1);
  }

  decay(keep: number): void {
    if (keep === 1 || this.#kind === 'none') return;
    for (let i = 0; i < this.#c.length; i++) {
      this.#c[i] = (this.#c[i] as number) * keep;
      this.#e[i] = (this.#e[i] as number) * keep;
    }
    this.#stale = true;
  }

  add(bin: number, value: number, levelNow: number): void {
    if (this.#kind === 'none') return;
    this.#c[bin] = (this.#c[bin] as number) + value;
    this.#e[bin] = (this.#e[bin] as number) + levelNow;
    this.#stale = true;
  }

  /** Factor of a position (mean 1 over the cycle). `pointValue` = one point's worth at the current level. */
  factor(bin: number, pointValue: number): number {
    if (this.#kind === 'none') return 1;
    if (this.#stale || pointValue !== this.#pseudo) this.#recompute(pointValue);
    return this.#f[bin] as number;
  }

  #recompute(pointValue: number): void {
    this.#pseudo = pointValue;
    this.#stale = false;
    const c = this.#c;
    const e = this.#e;
    const f = this.#f;
    const n = c.length;
    const m = new Float64Array(n).fill(1);
    if (this.#kind === 'hour-of-week') {
      const kMarginal = Math.max(2 * pointValue, 5) || 1e-300;
      const cd = new Float64Array(7);
      const ed = new Float64Array(7);
      const ch = new Float64Array(24);
      const eh = new Float64Array(24);
      for (let b = 0; b < n; b++) {
        const d = Math.floor(b / 24);
        const h = b % 24;
        cd[d] = (cd[d] as number) + (c[b] as number);
        ed[d] = (ed[d] as number) + (e[b] as number);
        ch[h] = (ch[h] as number) + (c[b] as number);
        eh[h] = (eh[h] as number) + (e[b] as number);
      }
      for (let b = 0; b < n; b++) {
        const d = Math.floor(b / 24);
        const h = b % 24;
        m[b] =
          (((cd[d] as number) + kMarginal) / ((ed[d] as number) + kMarginal)) *
          (((ch[h] as number) + kMarginal) / ((eh[h] as number) + kMarginal));
      }
    }
    const kBin =
      (this.#kind === 'hour-of-week' || this.#kind === 'hour-of-day'
        ? Math.max(8 * pointValue, 30)
        : Math.max(0.5 * pointValue, 10)) || 1e-300;
    let sum = 0;
    for (let b = 0; b < n; b++) {
      const mb = m[b] as number;
      const v = (mb * ((c[b] as number) + kBin)) / ((e[b] as number) * mb + kBin);
      f[b] = v;
      sum += v;
    }
    const norm = n / sum;
    for (let b = 0; b < n; b++) f[b] = (f[b] as number) * norm;
  }
}

/** Position in the cycle: UTC hour of the week, or day of the week counted in whole days from the first point. */
function positionOf(kind: Seasonality, timeMs: number, firstMs: number): number {
  if (kind === 'hour-of-week') return localHourOfWeek(timeMs, 0);
  if (kind === 'hour-of-day') return Math.floor((((timeMs % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS);
  if (kind === 'none') return 0;
  const firstDay = Math.round(firstMs / DAY_MS);
  const day = firstDay + Math.round((timeMs - firstMs) / DAY_MS);
  return (((day + 3) % 7) + 7) % 7; // 1970-01-01 was a Thursday: day 0 is position 3 (Monday = 0)
}

export interface CountsTest {
  /** Baseline from earlier points; NaN for the first point. */
  expected: number;
  /** ln P(X ≥ value); 0 for the first point. What flags a point. */
  logP: number;
  /**
   * The stronger of the point and the sums of the spans ending at it (series-span-test.ts), Bonferroni-corrected:
   * what ranks a point. A burst that builds over several steps ranks from its start; flags stay on the point's
   * own tail, so the points after a spike are not flagged for it.
   */
  strongestLogP: number;
}

/** Online counts model: `test` a point (time passes, baseline, tail), then `learn` it — in that order, each point. */
export class CountsModel {
  readonly #stepMs: number;
  readonly #kind: Seasonality;
  readonly #firstMs: number;
  readonly #residualsFrom: number;
  readonly #tauLevel: number;
  readonly #tauProfile: number;
  readonly #tauDispersion: number;
  readonly #profile: CycleProfile;
  #sum = 0;
  #exposure = 0;
  readonly #dispersion = new CountsDispersion(2000);
  readonly #spans: SpanTest[];
  #prevMs: number;
  #i = 0;
  #pending:
    | { bin: number; factor: number; level: number; expected: number; sd: number; logP: number }
    | undefined;

  /** `warmupPoints`: residual statistics (and the learning cap) start after half of it. */
  constructor(stepMs: number, firstMs: number, opts: { warmupPoints: number; spans?: readonly number[] }) {
    this.#stepMs = stepMs;
    this.#kind = seasonalityOf(stepMs);
    this.#firstMs = firstMs;
    this.#prevMs = firstMs;
    this.#residualsFrom = Math.floor(opts.warmupPoints / 2);
    this.#tauLevel = Math.max((21 * DAY_MS) / stepMs, 8);
    this.#tauProfile = Math.max((8 * WEEK_MS) / stepMs, 8);
    this.#tauDispersion = Math.max((8 * WEEK_MS) / stepMs, 30);
    this.#profile = new CycleProfile(this.#kind);
    this.#spans = (opts.spans ?? SPANS).map((k) => new SpanTest(k, 2000));
  }

  /** Precondition: value an integer ≥ 0, times non-decreasing. */
  test(timeMs: number, value: number): CountsTest {
    const steps = (timeMs - this.#prevMs) / this.#stepMs;
    this.#prevMs = timeMs;
    if (steps > 0) {
      const keepLevel = Math.exp(-steps / this.#tauLevel);
      this.#sum *= keepLevel;
      this.#exposure *= keepLevel;
      this.#profile.decay(Math.exp(-steps / this.#tauProfile));
      const keepDispersion = Math.exp(-steps / this.#tauDispersion);
      this.#dispersion.decay(keepDispersion);
      for (const s of this.#spans) s.decay(keepDispersion);
    }
    const bin = positionOf(this.#kind, timeMs, this.#firstMs);
    // Jeffreys' half count over one more point of exposure: a series of zeros so far does not make its first
    // event infinitely surprising (μ = 0 would).
    const level = this.#exposure > 0 ? (this.#sum + 0.5) / (this.#exposure + 1) : Number.NaN;
    const factor = this.#i === 0 ? 1 : this.#profile.factor(bin, level);
    const expected = level * factor;
    let logP = 0;
    let sd = Number.NaN;
    let combined = 0;
    if (this.#i > 0) {
      const alpha = this.#dispersion.alpha(expected);
      logP = negBinomialLogUpperTail(value, expected, alpha);
      sd = Math.sqrt(expected + alpha * expected * expected);
      // The strongest of the point and its spans, Bonferroni-corrected for the number of tests.
      let min = logP;
      for (const s of this.#spans) min = Math.min(min, s.test(value, expected));
      combined = Math.min(0, min + Math.log(1 + this.#spans.length));
    }
    this.#pending = { bin, factor, level, expected, sd, logP };
    return { expected, logP, strongestLogP: combined };
  }

  learn(value: number): void {
    const p = this.#pending;
    this.#pending = undefined;
    if (p === undefined) throw new Error('CountsModel: learn() without test()');
    const i = this.#i++;
    let learned = value;
    // Before residual statistics start α is 0: a Poisson cap would clip an over-dispersed series' ordinary points.
    if (i >= Math.max(1, this.#residualsFrom)) {
      learned = Math.min(learned, Math.ceil(p.expected + 3 * p.sd + 1));
      this.#dispersion.learn(value, learned, p.expected);
    }
    if (i >= 1) for (const s of this.#spans) s.learn(value, learned, p.expected);
    this.#profile.add(p.bin, learned, i === 0 ? value : p.level);
    this.#sum += learned;
    this.#exposure += p.factor;
  }
}
