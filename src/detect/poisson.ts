/**
 * Poisson probabilities computed in log space, stable from λ = 1e-6 to λ = 1e6 and for tails far below the
 * smallest double. The point mass uses Loader's saddle-point form (the one R's dpois and scipy use): for a
 * large count the naive `k ln λ − λ − ln k!` loses digits to cancellation, `−stirlerr(k) − bd0(k, λ)` does not.
 * Reference: C. Loader (2000), "Fast and accurate computation of binomial probabilities".
 */

const LN_SQRT_2PI = 0.918_938_533_204_672_8; // ln √(2π)

/** ln k! for k ≤ 15, from exact factorials (15! < 2^53). */
const LN_FACTORIAL_SMALL: readonly number[] = (() => {
  const out = [0];
  let f = 1;
  for (let k = 1; k <= 15; k++) {
    f *= k;
    out.push(Math.log(f));
  }
  return out;
})();

/**
 * The error of Stirling's formula, ln k! − (k + ½) ln k + k − ln √(2π), for an integer k ≥ 1.
 * @example stirlingError(20) // → 0.004166319691996922 (= 1/240 − 1/(360·20³) + …)
 */
export function stirlingError(k: number): number {
  if (k <= 15) return (LN_FACTORIAL_SMALL[k] as number) - (k + 0.5) * Math.log(k) + k - LN_SQRT_2PI;
  const kk = k * k;
  const S0 = 1 / 12;
  const S1 = 1 / 360;
  const S2 = 1 / 1260;
  const S3 = 1 / 1680;
  const S4 = 1 / 1188;
  if (k > 500) return (S0 - S1 / kk) / k;
  if (k > 80) return (S0 - (S1 - S2 / kk) / kk) / k;
  if (k > 35) return (S0 - (S1 - (S2 - S3 / kk) / kk) / kk) / k;
  return (S0 - (S1 - (S2 - (S3 - S4 / kk) / kk) / kk) / kk) / k;
}

/** k ln(k/λ) + λ − k, without cancellation when k ≈ λ (Loader's bd0). */
export function deviance(k: number, lambda: number): number {
  if (Math.abs(k - lambda) < 0.1 * (k + lambda)) {
    let v = (k - lambda) / (k + lambda);
    let s = (k - lambda) * v;
    let ej = 2 * k * v;
    v *= v;
    for (let j = 1; j < 1000; j++) {
      ej *= v;
      const s1 = s + ej / (2 * j + 1);
      if (s1 === s) return s1;
      s = s1;
    }
    return s;
  }
  return k * Math.log(k / lambda) + lambda - k;
}

/**
 * ln P(X = k) for X ~ Poisson(λ). Precondition: k is an integer ≥ 0 and λ ≥ 0 (otherwise −∞ or NaN).
 * @example poissonLogPmf(3, 2) // → ln(e^-2 · 2³ / 3!) = −1.7123...
 */
export function poissonLogPmf(k: number, lambda: number): number {
  if (!(lambda >= 0) || !Number.isInteger(k)) return Number.NaN;
  if (k < 0) return Number.NEGATIVE_INFINITY;
  if (lambda === 0) return k === 0 ? 0 : Number.NEGATIVE_INFINITY;
  if (k === 0) return -lambda;
  if (lambda === Number.POSITIVE_INFINITY) return Number.NEGATIVE_INFINITY;
  if (k <= 15 && lambda < 1e3) return k * Math.log(lambda) - lambda - (LN_FACTORIAL_SMALL[k] as number);
  return -stirlingError(k) - deviance(k, lambda) - LN_SQRT_2PI - 0.5 * Math.log(k);
}

/**
 * ln P(X ≥ k) for X ~ Poisson(λ): the log of the upper-tail probability, finite even when the probability
 * underflows a double (k = 500, λ = 1 → −2612.3...). Precondition: k is an integer, λ ≥ 0.
 * Equals ln scipy.stats.poisson.sf(k − 1, λ).
 */
export function poissonLogUpperTail(k: number, lambda: number): number {
  if (!(lambda >= 0) || !Number.isInteger(k)) return Number.NaN;
  if (k <= 0) return 0;
  if (lambda === 0) return Number.NEGATIVE_INFINITY;
  if (lambda === Number.POSITIVE_INFINITY) return 0;
  if (k > lambda) {
    // Σ_{j ≥ k} p(j) = p(k) · (1 + λ/(k+1) + λ²/((k+1)(k+2)) + …): positive terms, decreasing ratios.
    let term = 1;
    let sum = 1;
    for (let j = k + 1; term > sum * 1e-17; j++) {
      term *= lambda / j;
      sum += term;
    }
    return poissonLogPmf(k, lambda) + Math.log(sum);
  }
  // k ≤ λ: the upper tail is ≥ ~½; compute the lower tail Σ_{j < k} p(j) = p(k−1)·(1 + (k−1)/λ + …) and subtract.
  let term = 1;
  let sum = 1;
  for (let j = k - 1; j > 0 && term > sum * 1e-17; j--) {
    term *= j / lambda;
    sum += term;
  }
  const lower = Math.exp(poissonLogPmf(k - 1, lambda)) * sum;
  return Math.log1p(-Math.min(lower, 1));
}

/**
 * P(X ≥ k) for X ~ Poisson(λ), the p-value of observing k or more when λ is expected.
 * Precondition: k is an integer, λ ≥ 0. Underflows to 0 below ~1e-308; use `poissonLogUpperTail` there.
 * @example poissonUpperTail(8, 0.5) // → 6.2196908637286483e-8 (mpmath, 60 digits)
 */
export function poissonUpperTail(k: number, lambda: number): number {
  return Math.exp(poissonLogUpperTail(k, lambda));
}
