/**
 * The `counts` model of `vsplesk detect` (the main case: complaints, messages, requests per step). For every
 * point, from the points before it only:
 *
 *   expected(t) = level × season(position of t in its cycle)
 *   ln p        = ln P(X ≥ value | expected, dispersion)          upper tail: the product looks for spikes
 *
 * - **Season** by the step: hour of the week (UTC) for steps up to 12 h, day of the week for steps up to 6 days,
 *   none for weekly and longer. Each cycle position keeps decayed sums of observed values C and of the level at
 *   the time E; its factor is (C + κ)/(E·m + κ), shrunk toward m — for hour of the week the day-of-week ×
 *   hour-of-day product model (so a sparse night hour borrows from its neighbours, as in
 *   hour-of-week-profile.ts), for day of the week flat. κ is worth 8 points (≥ 30 counts) for an hour of the
 *   week, ½ point (≥ 10 counts) for a day of the week. Profile memory: 8 weeks.
 * - **Level**: exponentially weighted (sum + ½) / (profile-weighted exposure + 1), time constant 3 weeks
 *   (≥ 8 points); the ½ count is Jeffreys' prior, so μ > 0 after a run of zeros.
 * - **Dispersion**: negative-binomial upper tail with variance μ + αμ²; α from past residuals, so a noisy
 *   series (and the error of the plug-in expectation itself) does not flag every other point. For μ ≥ 10 it is
 *   robust: α = (1.4826 · MAD of ln((x + ½)/(μ + ½)))² − 1/μ over the last 2000 points (Var ln X ≈ 1/μ + α), so
 *   bursts do not widen it; below, the method of moments α = max(0, Σ((x − μ)² − μ) / Σ μ²) with 8-week
 *   forgetting. α·μ < 1e-6 falls back to the Poisson tail (poisson.ts).
 * - **Learn after testing, capped**: once warm, a point with p < pValue teaches level, season and dispersion at
 *   most ⌈μ + 3√(μ + αμ²) + 1⌉, so a burst is not absorbed into its own baseline.
 * - Residual statistics start after half the warm-up, when the season has had a chance to settle.
 *
 * Cycle positions come from UTC time: a fixed offset only relabels them; a daylight-saving change moves an
 * hourly series' cycle by an hour twice a year (daily positions are rounded to whole days and do not move).
 */
import { localHourOfWeek } from './hour-of-week.ts';
import { negBinomialLogUpperTail } from './series-tails.ts';
import { RollingMad } from './series-rolling-mad.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const WEEK_MS = 7 * DAY_MS;
/** Expected counts from which the log ratio is fine enough for a robust dispersion. */
const ROBUST_DISPERSION_MIN_MEAN = 10;

export type Seasonality = 'hour-of-week' | 'day-of-week' | 'none';

/** The cycle a step is seasonal in: hour of the week up to 12 h, day of the week below 6 days, else none. */
export function seasonalityOf(stepMs: number): Seasonality {
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
    const n = kind === 'hour-of-week' ? 168 : kind === 'day-of-week' ? 7 : 1;
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
      (this.#kind === 'hour-of-week' ? Math.max(8 * pointValue, 30) : Math.max(0.5 * pointValue, 10)) ||
      1e-300;
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
  if (kind === 'none') return 0;
  const firstDay = Math.round(firstMs / DAY_MS);
  const day = firstDay + Math.round((timeMs - firstMs) / DAY_MS);
  return (((day + 3) % 7) + 7) % 7; // 1970-01-01 was a Thursday: day 0 is position 3 (Monday = 0)
}

export interface CountsTest {
  /** Baseline from earlier points; NaN for the first point. */
  expected: number;
  /** ln P(X ≥ value); 0 for the first point. */
  logP: number;
}

/** Online counts model: `test` a point (time passes, baseline, tail), then `learn` it — in that order, each point. */
export class CountsModel {
  readonly #stepMs: number;
  readonly #kind: Seasonality;
  readonly #firstMs: number;
  readonly #lnAlpha: number;
  readonly #warmup: number;
  readonly #residualsFrom: number;
  readonly #tauLevel: number;
  readonly #tauProfile: number;
  readonly #tauDispersion: number;
  readonly #profile: CycleProfile;
  #sum = 0;
  #exposure = 0;
  #dispNum = 0; // Σ decayed ((x − μ)² − μ)
  #dispDen = 0; // Σ decayed μ²
  readonly #logRatios = new RollingMad(2000);
  #prevMs: number;
  #i = 0;
  #pending:
    | { bin: number; factor: number; level: number; expected: number; sd: number; logP: number }
    | undefined;

  /** `warmupPoints`: no learning cap before; `pValue`: the cap applies to points below it. */
  constructor(stepMs: number, firstMs: number, opts: { warmupPoints: number; pValue: number }) {
    this.#stepMs = stepMs;
    this.#kind = seasonalityOf(stepMs);
    this.#firstMs = firstMs;
    this.#prevMs = firstMs;
    this.#lnAlpha = Math.log(opts.pValue);
    this.#warmup = opts.warmupPoints;
    this.#residualsFrom = Math.floor(opts.warmupPoints / 2);
    this.#tauLevel = Math.max((21 * DAY_MS) / stepMs, 8);
    this.#tauProfile = Math.max((8 * WEEK_MS) / stepMs, 8);
    this.#tauDispersion = Math.max((8 * WEEK_MS) / stepMs, 30);
    this.#profile = new CycleProfile(this.#kind);
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
      const keepDisp = Math.exp(-steps / this.#tauDispersion);
      this.#dispNum *= keepDisp;
      this.#dispDen *= keepDisp;
    }
    const bin = positionOf(this.#kind, timeMs, this.#firstMs);
    // Jeffreys' half count over one more point of exposure: a series of zeros so far does not make its first
    // event infinitely surprising (μ = 0 would).
    const level = this.#exposure > 0 ? (this.#sum + 0.5) / (this.#exposure + 1) : Number.NaN;
    const factor = this.#i === 0 ? 1 : this.#profile.factor(bin, level);
    const expected = level * factor;
    let logP = 0;
    let sd = Number.NaN;
    if (this.#i > 0) {
      const alpha = this.#dispersion(expected);
      logP = negBinomialLogUpperTail(value, expected, alpha);
      sd = Math.sqrt(expected + alpha * expected * expected);
    }
    this.#pending = { bin, factor, level, expected, sd, logP };
    return { expected, logP };
  }

  /**
   * α: for μ ≥ 10, from the robust scale of past log ratios ln((x + ½)/(μ + ½)), whose variance is ≈ 1/μ + α
   * for a negative binomial (delta method) — a median, so the bursts it looks for do not widen it; below 10 the
   * log of a small count is too coarse for that and the method of moments is used.
   */
  #dispersion(expected: number): number {
    if (expected >= ROBUST_DISPERSION_MIN_MEAN && this.#logRatios.size >= 30)
      return Math.max(0, (1.4826 * this.#logRatios.median()) ** 2 - 1 / expected);
    return this.#dispDen > 0 ? Math.max(0, this.#dispNum / this.#dispDen) : 0;
  }

  learn(value: number): void {
    const p = this.#pending;
    this.#pending = undefined;
    if (p === undefined) throw new Error('CountsModel: learn() without test()');
    const i = this.#i++;
    let learned = value;
    if (i >= this.#warmup && p.logP < this.#lnAlpha)
      learned = Math.min(learned, Math.ceil(p.expected + 3 * p.sd + 1));
    if (i >= Math.max(1, this.#residualsFrom)) {
      const r = learned - p.expected;
      this.#dispNum += r * r - p.expected;
      this.#dispDen += p.expected * p.expected;
      this.#logRatios.push(Math.log((value + 0.5) / (p.expected + 0.5)));
    }
    this.#profile.add(p.bin, learned, i === 0 ? value : p.level);
    this.#sum += learned;
    this.#exposure += p.factor;
  }
}
