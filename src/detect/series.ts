/**
 * Spikes in one exported series (`vsplesk detect`): any regular step (5 minutes … weekly), counts or measurements.
 * For every point, using only the points before it:
 *
 *   expected(t) = level × season(position of t in its cycle)
 *   p           = P(X ≥ value | expected, dispersion)           flag when warm, value ≥ minCount and p < pValue
 *
 * - **Step**: the median difference between consecutive timestamps (`inferStepMs`). Gaps (missing points) are
 *   allowed: the level forgets by the elapsed time, not by the number of points.
 * - **Season** by the step: hour of the week (UTC) for steps up to 12 h, day of the week for steps up to 6 days,
 *   none for weekly and longer. Each cycle position keeps decayed sums of observed values C and of the level at
 *   the time E; its factor is (C + κ)/(E·m + κ), shrunk toward m — for hour of the week the day-of-week ×
 *   hour-of-day product model (so a sparse night hour borrows from its neighbours, as in
 *   hour-of-week-profile.ts), for day of the week flat. κ is worth 8 points (≥ 30 counts) for an hour of the week, ½ point (≥ 10
 *   counts) for a day of the week.
 *   Profile memory: 8 weeks.
 * - **Level**: exponentially weighted sum / profile-weighted exposure, time constant 3 weeks (≥ 8 points).
 * - **Counts** (every value an integer): negative-binomial upper tail with variance μ + αμ²; α is estimated by
 *   the method of moments from past residuals, α = max(0, Σ((x − μ)² − μ) / Σ μ²) with 8-week forgetting,
 *   so a noisy series (and the error of the plug-in expectation itself) does not flag every other point.
 *   α·μ < 1e-6 falls back to the Poisson tail (poisson.ts).
 * - **Measurements** (any non-integer value): Gaussian upper tail of (x − μ)/σ, σ = 1.4826 × the median absolute
 *   residual (MAD) of the last min(2000, ~8 weeks) residuals: robust to the spikes it is looking for.
 * - **Learn after testing, capped**: once warm, a point with p < pValue teaches level, season and dispersion at
 *   most μ + 3·sd (counts: ⌈μ + 3√(μ + αμ²) + 1⌉), so a burst is not absorbed into its own baseline.
 * - Residual statistics start after half the warm-up, when the season has had a chance to settle.
 *
 * Cycle positions come from UTC time: a fixed offset only relabels them; a daylight-saving change moves an
 * hourly series' cycle by an hour twice a year (daily positions are rounded to whole days and do not move).
 */
import { localHourOfWeek } from './hour-of-week.ts';
import { deviance, poissonLogUpperTail, stirlingError } from './poisson.ts';
import { scoreOf } from './poisson-burst.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const WEEK_MS = 7 * DAY_MS;
const LN_SQRT_2PI = 0.918_938_533_204_672_8;
const LN_2PI = 2 * LN_SQRT_2PI;

export interface SeriesPoint {
  timeMs: number;
  value: number;
}

export interface SeriesOptions {
  /** Flag threshold on the upper-tail probability. Default 1e-4. */
  pValue?: number;
  /** Smallest value that may be flagged. Default 0 (no minimum). */
  minCount?: number;
  /** No flags for the first this many points. Default: 14 days of points below a daily step, 28 points daily, 8 weekly. */
  warmupPoints?: number;
}

export interface SeriesResult {
  timeMs: number;
  value: number;
  /** Baseline expectation from earlier points only; NaN for the first point. */
  expected: number;
  /** Upper-tail probability P(X ≥ value | expected); 1 when there is nothing to compare with yet. */
  pValue: number;
  /** 0..1, monotone in −log10 pValue (scoreOf): 0.33 at 1e-4, 0.5 at 1e-8. */
  score: number;
  flag: boolean;
}

export type Seasonality = 'hour-of-week' | 'day-of-week' | 'none';

/**
 * The step of a series: the median of the differences between consecutive timestamps (the lower median for an
 * even count). Precondition: timestamps strictly increasing. NaN for fewer than two points.
 * @example inferStepMs([0, 3_600_000, 7_200_000, 14_400_000]) // → 3600000
 */
export function inferStepMs(timesMs: readonly number[]): number {
  if (timesMs.length < 2) return Number.NaN;
  const d: number[] = [];
  for (let i = 1; i < timesMs.length; i++) d.push((timesMs[i] as number) - (timesMs[i - 1] as number));
  d.sort((a, b) => a - b);
  return d[(d.length - 1) >> 1] as number;
}

/**
 * Indexes of points whose difference from the previous point is not the step (more than 10 % off, so a daily
 * series at local midnight across a daylight-saving change — 23 h or 25 h — is still regular).
 * @example findStepBreaks([0, 10, 20, 40], 10) // → [{ index: 3, deltaMs: 20 }]
 */
export function findStepBreaks(
  timesMs: readonly number[],
  stepMs: number,
): { index: number; deltaMs: number }[] {
  const out: { index: number; deltaMs: number }[] = [];
  for (let i = 1; i < timesMs.length; i++) {
    const delta = (timesMs[i] as number) - (timesMs[i - 1] as number);
    if (Math.abs(delta - stepMs) > 0.1 * stepMs) out.push({ index: i, deltaMs: delta });
  }
  return out;
}

/** The cycle a step is seasonal in: hour of the week up to 12 h, day of the week below 6 days, else none. */
export function seasonalityOf(stepMs: number): Seasonality {
  if (stepMs <= 12 * HOUR_MS) return 'hour-of-week';
  if (stepMs < 6 * DAY_MS) return 'day-of-week';
  return 'none';
}

// ---------------------------------------------------------------------------------------------------------------
// Tails

/** ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms; relative error ~1e-15). Used only for small non-integer x. */
function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const c = [
    0.999_999_999_999_809_9, 676.520_368_121_885_1, -1_259.139_216_722_402_8, 771.323_428_777_653_1,
    -176.615_029_162_140_6, 12.507_343_278_686_905, -0.138_571_095_265_720_12, 9.984_369_578_019_572e-6,
    1.505_632_735_149_311_6e-7,
  ];
  const z = x - 1;
  let a = c[0] as number;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += (c[i] as number) / (z + i);
  return LN_SQRT_2PI + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Stirling's error for any real n > 0 (stirlingError's series is valid for real n > 15). */
function stirlingErrorReal(n: number): number {
  if (n > 15 || Number.isInteger(n)) return stirlingError(n);
  return logGamma(n + 1) - (n + 0.5) * Math.log(n) + n - LN_SQRT_2PI;
}

/** ln k! for an integer k ≥ 0. */
function logFactorial(k: number): number {
  if (k < 2) return 0;
  return stirlingError(k) + (k + 0.5) * Math.log(k) - k + LN_SQRT_2PI;
}

/**
 * ln P(X = k), X ~ NegBin(mean μ, size r): R's dnbinom_mu (Loader's saddle-point binomial), accurate for large k
 * and r. Precondition: k integer ≥ 0, μ > 0, r > 0.
 */
export function negBinomialLogPmf(k: number, mu: number, size: number): number {
  const r = size;
  if (k === 0) return r * (r < mu ? Math.log(r / (r + mu)) : Math.log1p(-mu / (r + mu)));
  if (k < 1e-10 * r) {
    const p = r < mu ? Math.log(r / (1 + r / mu)) : Math.log(mu / (1 + mu / r));
    return k * p - mu - logFactorial(k) + Math.log1p((k * (k - 1)) / (2 * r));
  }
  // dbinom_raw(x = r, n = k + r, p = r/(r+μ), q = μ/(r+μ)), times r/(r+k).
  const n = k + r;
  const p = r / (r + mu);
  const q = mu / (r + mu);
  const lc =
    stirlingErrorReal(n) - stirlingErrorReal(r) - stirlingError(k) - deviance(r, n * p) - deviance(k, n * q);
  const lf = LN_2PI + Math.log(r) + Math.log1p(-r / n);
  return Math.log(r / (r + k)) + lc - 0.5 * lf;
}

/** Continued fraction of the regularised incomplete beta (Numerical Recipes betacf, modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const TINY = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 100_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return h;
}

/**
 * ln P(X ≥ k) for X ~ negative binomial with mean μ and variance μ + αμ² (size 1/α). α = 0 (or αμ < 1e-6) is
 * the Poisson tail. Precondition: k integer, μ ≥ 0, α ≥ 0.
 * Uses P(X ≥ k) = I_q(k, 1/α), q = αμ/(1 + αμ), evaluated as pmf(k) × betacf (NR §6.4).
 * @example Math.exp(negBinomialLogUpperTail(30, 10, 0.1)) // → 0.000532509817276151 (mpmath betainc: 5.3250981727615008e-4)
 */
export function negBinomialLogUpperTail(k: number, mu: number, alpha: number): number {
  if (!Number.isInteger(k) || !(mu >= 0) || !(alpha >= 0)) return Number.NaN;
  if (k <= 0) return 0;
  if (mu === 0) return Number.NEGATIVE_INFINITY;
  if (alpha * mu < 1e-6) return poissonLogUpperTail(k, mu);
  const r = 1 / alpha;
  const q = (alpha * mu) / (1 + alpha * mu);
  const p = 1 / (1 + alpha * mu);
  const logPmf = negBinomialLogPmf(k, mu, r);
  if (q < (k + 1) / (k + r + 2)) return logPmf + Math.log(betaContinuedFraction(k, r, q));
  const lower = Math.exp(logPmf) * (k / r) * betaContinuedFraction(r, k, p);
  return Math.log1p(-Math.min(lower, 1));
}

/**
 * ln P(Z ≥ z) for a standard normal Z, finite far beyond underflow (z = 40 → −804.608…).
 * |z| small: erf by its positive series; z > 3: Laplace's continued fraction.
 * @example Math.exp(normalLogUpperTail(3)) // → 0.0013498980316300946 (mpmath ncdf)
 */
export function normalLogUpperTail(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  if (z === Number.POSITIVE_INFINITY) return Number.NEGATIVE_INFINITY;
  if (z > 3) {
    let t = z;
    for (let n = 400; n >= 1; n--) t = z + n / t;
    return -0.5 * z * z - LN_SQRT_2PI - Math.log(t);
  }
  if (z < -8) return Math.log1p(-Math.exp(normalLogUpperTail(-z)));
  // erf(x) = 2/√π e^{−x²} Σ 2^n x^{2n+1} / (1·3·…·(2n+1)): positive terms, no cancellation.
  const x = Math.abs(z) / Math.SQRT2;
  let term = x;
  let sum = x;
  for (let n = 1; term > sum * 1e-17; n++) {
    term *= (2 * x * x) / (2 * n + 1);
    sum += term;
  }
  const erf = (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x) * sum;
  return z >= 0 ? Math.log(0.5 * (1 - erf)) : Math.log(0.5 * (1 + erf));
}

// ---------------------------------------------------------------------------------------------------------------
// Season

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
  factor(bin: number, pointValue: number, isCount: boolean): number {
    if (this.#kind === 'none') return 1;
    if (this.#stale || pointValue !== this.#pseudo) this.#recompute(pointValue, isCount);
    return this.#f[bin] as number;
  }

  #recompute(pointValue: number, isCount: boolean): void {
    this.#pseudo = pointValue;
    this.#stale = false;
    const c = this.#c;
    const e = this.#e;
    const f = this.#f;
    const n = c.length;
    const m = new Float64Array(n).fill(1);
    if (this.#kind === 'hour-of-week') {
      const kMarginal = Math.max(2 * pointValue, isCount ? 5 : 0) || 1e-300;
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
      (this.#kind === 'hour-of-week'
        ? Math.max(8 * pointValue, isCount ? 30 : 0)
        : Math.max(0.5 * pointValue, isCount ? 10 : 0)) || 1e-300;
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

// ---------------------------------------------------------------------------------------------------------------
// Robust scale

/** Median absolute value of the last `capacity` residuals, kept sorted (O(capacity) per update). */
class RollingMad {
  readonly #capacity: number;
  readonly #ring: number[] = [];
  readonly #sorted: number[] = [];
  #next = 0;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  get size(): number {
    return this.#ring.length;
  }

  push(residual: number): void {
    const a = Math.abs(residual);
    if (this.#ring.length === this.#capacity) {
      const old = this.#ring[this.#next] as number;
      this.#sorted.splice(this.#search(old), 1);
      this.#ring[this.#next] = a;
      this.#next = (this.#next + 1) % this.#capacity;
    } else {
      this.#ring.push(a);
    }
    this.#sorted.splice(this.#search(a), 0, a);
  }

  median(): number {
    const s = this.#sorted;
    if (s.length === 0) return Number.NaN;
    const mid = s.length >> 1;
    return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
  }

  #search(v: number): number {
    let lo = 0;
    let hi = this.#sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.#sorted[mid] as number) < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The detector

function defaultWarmupPoints(stepMs: number, kind: Seasonality): number {
  if (kind === 'hour-of-week') return Math.ceil((14 * DAY_MS) / stepMs);
  if (kind === 'day-of-week') return Math.ceil((28 * DAY_MS) / stepMs);
  return 8;
}

function validate(points: readonly SeriesPoint[], opts: SeriesOptions): void {
  if (opts.pValue !== undefined && !(opts.pValue > 0 && opts.pValue < 1))
    throw new RangeError(`detectSeries: pValue must be in (0, 1), got ${opts.pValue}`);
  if (opts.minCount !== undefined && !(opts.minCount >= 0 && Number.isFinite(opts.minCount)))
    throw new RangeError(`detectSeries: minCount must be finite and ≥ 0, got ${opts.minCount}`);
  if (opts.warmupPoints !== undefined && !(Number.isInteger(opts.warmupPoints) && opts.warmupPoints >= 0))
    throw new RangeError(`detectSeries: warmupPoints must be an integer ≥ 0, got ${opts.warmupPoints}`);
  for (let i = 0; i < points.length; i++) {
    const p = points[i] as SeriesPoint;
    if (!Number.isFinite(p.timeMs) || !(p.value >= 0 && Number.isFinite(p.value)))
      throw new RangeError(`detectSeries: point ${i} must have a finite time and a finite value ≥ 0`);
    if (i > 0 && !(p.timeMs > (points[i - 1] as SeriesPoint).timeMs))
      throw new RangeError(`detectSeries: times must be strictly increasing (point ${i})`);
  }
}

/**
 * Test every point of a series against a baseline learned from the points before it (see the file comment).
 * Preconditions: times strictly increasing, values finite and ≥ 0 (a RangeError otherwise — the command
 * filters bad rows first). Pure: the same points give the same results.
 * @example detectSeries(hourlyCounts, { pValue: 1e-4 }).filter((r) => r.flag)
 */
export function detectSeries(points: readonly SeriesPoint[], opts: SeriesOptions = {}): SeriesResult[] {
  validate(points, opts);
  const n = points.length;
  if (n === 0) return [];
  const stepMs = n >= 2 ? inferStepMs(points.map((p) => p.timeMs)) : DAY_MS;
  const kind = seasonalityOf(stepMs);
  const isCount = points.every((p) => Number.isInteger(p.value));
  const pValue = opts.pValue ?? 1e-4;
  const lnAlpha = Math.log(pValue);
  const minCount = opts.minCount ?? 0;
  const warmup = opts.warmupPoints ?? defaultWarmupPoints(stepMs, kind);
  const residualsFrom = Math.floor(warmup / 2);
  const tauLevel = Math.max((21 * DAY_MS) / stepMs, 8);
  const tauProfile = Math.max((8 * WEEK_MS) / stepMs, 8);
  const tauDispersion = Math.max((8 * WEEK_MS) / stepMs, 30);

  const profile = new CycleProfile(kind);
  const mad = new RollingMad(Math.min(2000, Math.max(30, Math.round(tauDispersion))));
  let sum = 0;
  let exposure = 0;
  let dispNum = 0; // Σ decayed ((x − μ)² − μ)
  let dispDen = 0; // Σ decayed μ²
  const firstMs = (points[0] as SeriesPoint).timeMs;
  let prevMs = firstMs;
  const out: SeriesResult[] = new Array(n);

  for (let i = 0; i < n; i++) {
    const { timeMs, value } = points[i] as SeriesPoint;
    const steps = (timeMs - prevMs) / stepMs;
    prevMs = timeMs;
    if (steps > 0) {
      const keepLevel = Math.exp(-steps / tauLevel);
      sum *= keepLevel;
      exposure *= keepLevel;
      profile.decay(Math.exp(-steps / tauProfile));
      const keepDisp = Math.exp(-steps / tauDispersion);
      dispNum *= keepDisp;
      dispDen *= keepDisp;
    }
    const bin = positionOf(kind, timeMs, firstMs);
    const level = exposure > 0 ? sum / exposure : Number.NaN;
    const factor = i === 0 ? 1 : profile.factor(bin, level, isCount);
    const expected = level * factor;

    let logP = 0;
    let sd = Number.NaN;
    let alpha = 0;
    if (i > 0) {
      if (isCount) {
        alpha = dispDen > 0 ? Math.max(0, dispNum / dispDen) : 0;
        logP = negBinomialLogUpperTail(value, expected, alpha);
        sd = Math.sqrt(expected + alpha * expected * expected);
      } else if (mad.size >= 3) {
        sd = Math.max(1.4826 * mad.median(), 1e-9 * Math.max(expected, 1e-300));
        logP = value > expected ? normalLogUpperTail((value - expected) / sd) : 0;
      }
    }
    const warm = i >= warmup;
    const significant = logP < lnAlpha;
    const flag = warm && significant && value >= minCount;
    let learned = value;
    if (warm && significant) {
      const cap = isCount ? Math.ceil(expected + 3 * sd + 1) : expected + 3 * sd;
      if (learned > cap) learned = cap;
    }

    if (i >= Math.max(1, residualsFrom)) {
      if (isCount) {
        const r = learned - expected;
        dispNum += r * r - expected;
        dispDen += expected * expected;
      } else {
        mad.push(learned - expected);
      }
    }
    const levelNow = i === 0 ? value : level;
    profile.add(bin, learned, levelNow);
    sum += learned;
    exposure += factor;

    const pv = Math.exp(logP);
    out[i] = { timeMs, value, expected, pValue: pv, score: scoreOf(logP / Math.LN10), flag };
  }
  return out;
}
