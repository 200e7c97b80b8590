import type { Prng } from './prng.ts';

/** log(k!) : exact table below 256, Stirling series above. */
const LOG_FACTORIAL: number[] = [0];
for (let k = 1; k < 256; k++) LOG_FACTORIAL.push((LOG_FACTORIAL[k - 1] ?? 0) + Math.log(k));
export function logFactorial(k: number): number {
  if (k < 256) return LOG_FACTORIAL[k] ?? 0;
  const x = k + 1;
  return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x * x * x);
}

/**
 * Poisson(lambda) variate. Inversion by sequential search for lambda < 10 (one uniform for the common
 * λ ≪ 1 case of a (municipality, topic, hour) cell), Hörmann's PTRS transformed rejection for lambda ≥ 10
 * (W. Hörmann, "The transformed rejection method for generating Poisson random variables", 1993).
 *
 * @example
 * samplePoisson(createPrng(1), 0.2); // usually 0
 */
export function samplePoisson(rng: Prng, lambda: number): number {
  if (!(lambda >= 0) || !Number.isFinite(lambda))
    throw new RangeError(`poisson needs a finite lambda ≥ 0 (got ${lambda})`);
  if (lambda === 0) return 0;
  if (lambda < 10) {
    let p = Math.exp(-lambda);
    let cdf = p;
    const u = rng.next();
    let k = 0;
    while (u > cdf) {
      k++;
      p *= lambda / k;
      cdf += p;
      if (p < 1e-17 && cdf >= 1 - 1e-15) break;
    }
    return k;
  }
  const slam = Math.sqrt(lambda);
  const loglam = Math.log(lambda);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invalpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = rng.next() - 0.5;
    const v = rng.next();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (
      Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b) <=
      -lambda + k * loglam - logFactorial(k)
    ) {
      return k;
    }
  }
}
