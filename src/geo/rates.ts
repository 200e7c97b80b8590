/**
 * Honest per-10,000 complaint rates for "top municipalities by complaints" in one region over one period.
 *
 * Absolute counts only map population, and raw rates put villages of 800 people first by chance: 3 complaints
 * among 800 people is 37.5 per 10,000, yet the exact 95% interval runs from 7.7 to 109.6. So each place gets
 *  - its raw rate with the exact Poisson (Garwood 1936) interval, from gamma (= chi-square / 2) quantiles;
 *  - an empirical-Bayes rate: the posterior mean under a Gamma prior fitted across the region's places by
 *    the method of moments (Marshall 1991's global estimator, the moment version of Clayton & Kaldor 1987).
 *    A place with few expected complaints is pulled toward the regional rate; a city keeps its own rate.
 * Ranking by the shrunk rate is what `placeRates` returns.
 *
 * Model. count_i ~ Poisson(θ_i · population_i), θ_i ~ Gamma(shape α, rate β), so the posterior is
 * Gamma(α + count_i, β + population_i) and its mean is the weighted average
 * w_i · count_i/population_i + (1 − w_i) · α/β with w_i = population_i / (population_i + β).
 * Moments (Marshall 1991): m = Σcount / Σpopulation, s² = Σ population_i (r_i − m)² / Σpopulation,
 * prior variance A = s² − m / n̄ with n̄ the mean population; then α = m²/A and β = m/A.
 *
 * Policies, in one place:
 *  - A place whose population is not a finite number > 0 has no rate: it is left out of the result and of the
 *    prior fit (`isRateable` says which; the caller lists them as "population unknown"). A count that is
 *    not a finite integer ≥ 0 is a bug upstream and throws a RangeError.
 *  - When no prior can be fitted — fewer than two rateable places, or no complaints at all in the region
 *    (m = 0, a Gamma prior with mean 0 does not exist) — the shrunk rate is the raw rate, its interval is the
 *    exact interval, and the weight is 1.
 *  - When the moment estimate A is negative or tiny (the places differ no more than Poisson noise says they
 *    would), A is raised to the floor m / (1000 · largest population): every weight is then below 0.001, i.e.
 *    shrinkage is total: each shrunk rate sits within 0.1% of its own raw deviation from the regional rate.
 *  - The posterior interval is equal-tailed. If the posterior is so skewed (shape below ≈ 0.0055 at 95%: a
 *    region whose complaints all sit in a few small places) that its mean lies above the upper quantile, the
 *    upper bound is raised to the mean, which keeps the coverage ≥ level and the point inside its interval.
 *
 * References: F. Garwood (1936), Biometrika 28:437–442; D. Clayton & J. Kaldor (1987), Biometrics 43:671–681;
 * R. J. Marshall (1991), Applied Statistics 40:283–294.
 */
import { gammaln } from 'simple-statistics';

export interface PlaceCount {
  code: string;
  name: string;
  population: number;
  count: number;
}

export interface PlaceRate extends PlaceCount {
  /** Raw rate: count / population × 10,000. */
  per10k: number;
  /** Exact (Garwood) interval of the raw rate per 10,000 at the requested level; `low` = 0 when count = 0. */
  low: number;
  high: number;
  /** Empirical-Bayes rate per 10,000: the Gamma–Poisson posterior mean. */
  shrunk: number;
  /** Equal-tailed posterior interval per 10,000 (see the policy on very skewed posteriors above). */
  shrunkLow: number;
  shrunkHigh: number;
  /** Share of the place's own rate in `shrunk` (0..1): population / (population + β). */
  weight: number;
}

/** The Gamma prior fitted across a region, in per-person units (multiply rates by 10,000 for per-10k). */
export interface RegionalPrior {
  /** Regional rate m = Σcount / Σpopulation, per person; the prior mean α/β. */
  mean: number;
  /** Prior variance A = α/β² per person², after the floor. */
  variance: number;
  /** α = m²/A. */
  shape: number;
  /** β = m/A, in persons: a place of β people weighs its own data at ½. */
  rate: number;
  /** True when the moment estimate was below the floor and was raised to it (total shrinkage). */
  clamped: boolean;
}

const PER_10K = 10_000;
/** Floor of the prior variance as a share of m / (largest population): caps every weight at ~0.001. */
const VARIANCE_FLOOR_SHARE = 1e-3;
const LN_SQRT_2PI = 0.918_938_533_204_672_8; // ln √(2π)

/**
 * Whether a place can have a rate: its population is a finite number > 0.
 * @example isRateable({ code: '1', name: 'Ивановка', population: 0, count: 2 }) // → false
 */
export function isRateable(place: PlaceCount): boolean {
  return Number.isFinite(place.population) && place.population > 0;
}

function checkCount(place: PlaceCount): void {
  if (!(Number.isInteger(place.count) && place.count >= 0)) {
    throw new RangeError(`placeRates: count of ${place.code} must be an integer ≥ 0, got ${place.count}`);
  }
}

/**
 * Fits the Gamma prior across rateable places by the method of moments (Marshall 1991). Returns undefined
 * when no prior exists: fewer than two rateable places, or no complaints at all. Places without a rateable
 * population are ignored.
 * @example
 * fitRegionalPrior([
 *   { code: 'a', name: 'A', population: 1000, count: 1 },
 *   { code: 'b', name: 'B', population: 1000, count: 9 },
 * ]) // → { mean: 0.005, variance: ≈1.1e-5, shape: 2.2727…, rate: 454.54…, clamped: false }
 */
export function fitRegionalPrior(places: readonly PlaceCount[]): RegionalPrior | undefined {
  const rated = places.filter(isRateable);
  for (const p of rated) checkCount(p);
  if (rated.length < 2) return undefined;
  let totalCount = 0;
  let totalPopulation = 0;
  let largestPopulation = 0;
  for (const p of rated) {
    totalCount += p.count;
    totalPopulation += p.population;
    largestPopulation = Math.max(largestPopulation, p.population);
  }
  if (totalCount === 0) return undefined;
  const mean = totalCount / totalPopulation;
  let weightedSquares = 0;
  for (const p of rated) weightedSquares += p.population * (p.count / p.population - mean) ** 2;
  const momentVariance = weightedSquares / totalPopulation - mean / (totalPopulation / rated.length);
  const floor = (VARIANCE_FLOOR_SHARE * mean) / largestPopulation;
  const clamped = !(momentVariance > floor);
  const variance = clamped ? floor : momentVariance;
  return { mean, variance, shape: (mean * mean) / variance, rate: mean / variance, clamped };
}

/**
 * Exact (Garwood) confidence interval for a Poisson mean given an observed count: [χ²(α/2; 2k)/2,
 * χ²(1 − α/2; 2k + 2)/2] with α = 1 − level; the lower bound is 0 when count is 0. Throws a RangeError for a
 * count that is not an integer ≥ 0 or a level outside (0, 1).
 * @example garwoodInterval(5) // → { low: 1.6234863901184…, high: 11.668332079322… }
 */
export function garwoodInterval(count: number, level = 0.95): { low: number; high: number } {
  if (!(level > 0 && level < 1))
    throw new RangeError(`garwoodInterval: level must be in (0, 1), got ${level}`);
  if (!(Number.isInteger(count) && count >= 0)) {
    throw new RangeError(`garwoodInterval: count must be an integer ≥ 0, got ${count}`);
  }
  const tail = (1 - level) / 2;
  return {
    low: count === 0 ? 0 : gammaQuantile(tail, count),
    high: gammaUpperQuantile(tail, count + 1),
  };
}

/**
 * Ranks the rateable places of one region by their empirical-Bayes rate per 10,000 (descending, then code).
 * Places without a finite population > 0 are left out (see `isRateable`). Throws a RangeError when a count is
 * not an integer ≥ 0 or the level is not in (0, 1).
 * @example
 * const ranked = placeRates([
 *   { code: '01', name: 'village', population: 800, count: 3 },       // raw 37.5 per 10k, first by raw rate
 *   { code: '02', name: 'city', population: 1_000_000, count: 400 },  // raw 4.0
 *   { code: '03', name: 'town', population: 50_000, count: 30 },      // raw 6.0
 *   { code: '04', name: 'suburb', population: 20_000, count: 6 },
 *   { code: '05', name: 'settlement', population: 5_000, count: 4 },
 *   { code: '06', name: 'hamlet', population: 1_500, count: 1 },
 * ]);
 * ranked.map((r) => r.code) // → ['03', '01', '05', '06', '02', '04']
 * ranked[1] // → village: shrunk 4.6804 [2.9455, 6.8106], weight 0.0167 (raw 37.5 [7.7334, 109.5909])
 */
export function placeRates(places: readonly PlaceCount[], opts: { level?: number } = {}): PlaceRate[] {
  const level = opts.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new RangeError(`placeRates: level must be in (0, 1), got ${level}`);
  const tail = (1 - level) / 2;
  const rated = places.filter(isRateable);
  for (const p of rated) checkCount(p);
  const prior = fitRegionalPrior(rated);
  const out = rated.map((p): PlaceRate => {
    const scale = PER_10K / p.population;
    const raw = garwoodInterval(p.count, level);
    const base = {
      code: p.code,
      name: p.name,
      population: p.population,
      count: p.count,
      per10k: p.count * scale,
      low: raw.low * scale,
      high: raw.high * scale,
    };
    if (prior === undefined) {
      return { ...base, shrunk: base.per10k, shrunkLow: base.low, shrunkHigh: base.high, weight: 1 };
    }
    const shape = prior.shape + p.count;
    const rate = prior.rate + p.population;
    const shrunk = (shape / rate) * PER_10K;
    const shrunkLow = (gammaQuantile(tail, shape) / rate) * PER_10K;
    const shrunkHigh = (gammaUpperQuantile(tail, shape) / rate) * PER_10K;
    return {
      ...base,
      shrunk,
      shrunkLow: Math.min(shrunkLow, shrunk),
      shrunkHigh: Math.max(shrunkHigh, shrunk),
      weight: p.population / rate,
    };
  });
  return out.sort((a, b) => b.shrunk - a.shrunk || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

// ---------------------------------------------------------------------------------------------------------
// Regularised incomplete gamma and its inverse. Nothing installed has an inverse gamma or chi-square
// (simple-statistics has gammaln and a chi-square table of fixed levels only).

/** lnΓ(a) − [(a − ½) ln a − a + ln √(2π)] for a ≥ 15: Stirling's series (the same as R's stirlerr). */
function stirlingRemainder(a: number): number {
  const aa = a * a;
  return (1 / 12 - (1 / 360 - (1 / 1260 - (1 / 1680 - 1 / (1188 * aa)) / aa) / aa) / aa) / a;
}

/**
 * ln(x^a e^−x / Γ(a)), the log of both the prefactor of the incomplete-gamma series and x times the density.
 * For a ≥ 15 it is written as a·(ln(1 + d) − d) + ½ ln a − ln √(2π) − stirling(a) with d = (x − a)/a, which
 * does not lose digits to the cancellation of a ln x − lnΓ(a) when a is large.
 */
function logGammaKernel(a: number, x: number): number {
  if (a < 15) return a * Math.log(x) - x - gammaln(a);
  const d = (x - a) / a;
  return a * (Math.log1p(d) - d) + 0.5 * Math.log(a) - LN_SQRT_2PI - stirlingRemainder(a);
}

const MAX_TERMS = 10_000_000;

/** P(a, x) by its power series; converges for any x, quickly for x < a + 1. */
function lowerSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < MAX_TERMS; n++) {
    term *= x / (a + n);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return Math.exp(logGammaKernel(a, x)) * sum;
}

/** Q(a, x) by its continued fraction (modified Lentz); for x ≥ a + 1. */
function upperContinuedFraction(a: number, x: number): number {
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let n = 1; n < MAX_TERMS; n++) {
    const an = -n * (n - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) <= Number.EPSILON) break;
  }
  return Math.exp(logGammaKernel(a, x)) * h;
}

/** Regularised lower incomplete gamma P(a, x) = P(X ≤ x) for X ~ Gamma(a, 1). */
function gammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  if (x === Number.POSITIVE_INFINITY) return 1;
  return x < a + 1 ? lowerSeries(a, x) : 1 - upperContinuedFraction(a, x);
}

/** Regularised upper incomplete gamma Q(a, x) = 1 − P(a, x), computed directly in its own tail. */
function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  if (x === Number.POSITIVE_INFINITY) return 0;
  return x < a + 1 ? 1 - lowerSeries(a, x) : upperContinuedFraction(a, x);
}

/**
 * Starting point ln x₀ for the quantile: Wilson–Hilferty for a ≥ 1 (relative error ~ a^−1.5), the small-x
 * expansion P ≈ x^a / Γ(a + 1) for a < 1, and an exponential-tail guess for the upper tail of a small shape.
 * `lowerP` is the lower-tail probability (≤ ½ or not), `q` = 1 − lowerP computed without cancellation.
 */
function startLog(lowerP: number, q: number, a: number): number {
  if (a >= 1) {
    // z from Abramowitz & Stegun 26.2.23 (|error| < 4.5e-4): plenty for a starting point.
    const tailP = Math.min(lowerP, q);
    const t = Math.sqrt(-2 * Math.log(tailP));
    let z =
      t - (2.515517 + t * (0.802853 + t * 0.010328)) / (1 + t * (1.432788 + t * (0.189269 + t * 0.001308)));
    if (lowerP < q) z = -z;
    const c = 1 - 1 / (9 * a) + z / (3 * Math.sqrt(a));
    if (c > 0) return Math.log(a) + 3 * Math.log(c);
    return (Math.log(lowerP) + gammaln(a + 1)) / a;
  }
  const small = (Math.log(lowerP) + gammaln(a + 1)) / a;
  if (lowerP <= 0.5) return small;
  // Upper tail, small shape: Q(a, x) ≈ x^(a−1) e^−x / Γ(a) → x ≈ −ln(q Γ(a)) when that is well above 1.
  const tailGuess = -Math.log(q) - gammaln(a);
  return tailGuess > 1 ? Math.log(tailGuess) : small;
}

/**
 * Solves P(a, x) = lowerP (or, equivalently, Q(a, x) = q) by safeguarded Newton steps on u = ln x, choosing
 * whichever of P or Q is the smaller tail so that neither loses digits to 1 − p.
 */
function invertGamma(lowerP: number, q: number, a: number): number {
  if (!(a > 0)) throw new RangeError(`gamma quantile: shape must be > 0, got ${a}`);
  if (lowerP <= 0) return 0;
  if (q <= 0) return Number.POSITIVE_INFINITY;
  const useLower = lowerP <= q;
  // F(u) = P(a, e^u) − lowerP, increasing in u; computed as q − Q in the upper tail.
  const f = (x: number) => (useLower ? gammaP(a, x) - lowerP : q - gammaQ(a, x));
  let lo = Number.NEGATIVE_INFINITY;
  let hi = Number.POSITIVE_INFINITY;
  let u = startLog(lowerP, q, a);
  for (let i = 0; i < 200; i++) {
    const x = Math.exp(u);
    if (x === 0) {
      // Below the smallest double: the quantile underflows if the CDF already exceeds p there.
      if (f(Number.MIN_VALUE) >= 0) return 0;
      lo = u;
      u = hi < Number.POSITIVE_INFINITY ? (u + hi) / 2 : -744;
      continue;
    }
    const fx = f(x);
    if (fx === 0) return x;
    if (fx < 0) lo = u;
    else hi = u;
    const slope = Math.exp(logGammaKernel(a, x)); // dP/du = x · density(x)
    const delta = fx / slope;
    // Newton converges quadratically: once its step is this small, taking it leaves an error far below 1e-16.
    if (Math.abs(delta) <= 1e-13 * Math.max(1, Math.abs(u))) return Math.exp(u - delta);
    let next = u - delta;
    if (!(next > lo && next < hi)) {
      if (Number.isFinite(lo) && Number.isFinite(hi)) next = (lo + hi) / 2;
      else next = Number.isFinite(lo) ? u + 2 : u - 2;
    }
    u = next;
    if (hi - lo <= 1e-15 * Math.max(1, Math.abs(u))) break;
  }
  return Math.exp(u);
}

/**
 * The p-quantile of Gamma(shape, 1): x with P(shape, x) = p. Equals chi-square quantile(p, 2·shape) / 2.
 * Cost grows like √shape (series and continued fraction): well under a millisecond up to shape 1e8.
 * @example gammaQuantile(0.025, 5) // → 1.6234863901184… (Garwood lower bound for a count of 5)
 */
export function gammaQuantile(p: number, shape: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`gammaQuantile: p must be in [0, 1], got ${p}`);
  return invertGamma(p, 1 - p, shape);
}

/**
 * The upper-tail quantile of Gamma(shape, 1): x with Q(shape, x) = P(X > x) = q. Takes q rather than 1 − q
 * so a small tail keeps all its digits.
 * @example gammaUpperQuantile(0.025, 1) // → 3.6888794541139… (Garwood upper bound for a count of 0)
 */
export function gammaUpperQuantile(q: number, shape: number): number {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`gammaUpperQuantile: q must be in [0, 1], got ${q}`);
  return invertGamma(1 - q, q, shape);
}
