/**
 * Tail probabilities of the series detectors, on the log scale so that they stay finite far past underflow:
 * negative binomial (counts, over-dispersed Poisson) and normal. Reference values in series-tails.test.ts.
 */
import { deviance, poissonLogUpperTail, stirlingError } from './poisson.ts';

const LN_SQRT_2PI = 0.918_938_533_204_672_8;
const LN_2PI = 2 * LN_SQRT_2PI;

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
