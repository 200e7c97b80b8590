import { sampleNormal } from './normal.ts';
import type { Prng } from './prng.ts';

/**
 * Gamma(shape, scale) variate, mean shape·scale, variance shape·scale². Marsaglia & Tsang (2000), "A simple
 * method for generating gamma variables", ACM TOMS 26(3); shape < 1 by the boost Gamma(a) = Gamma(a+1)·U^(1/a).
 *
 * @example
 * sampleGamma(createPrng(1), 8, 1 / 8); // mean 1, variance 1/8: the day-level noise of the generator
 */
export function sampleGamma(rng: Prng, shape: number, scale = 1): number {
  if (!(shape > 0) || !(scale > 0))
    throw new RangeError(`gamma needs shape > 0 and scale > 0 (got ${shape}, ${scale})`);
  if (shape < 1) {
    let u = rng.next();
    while (u <= 0) u = rng.next();
    return sampleGamma(rng, shape + 1, scale) * u ** (1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = sampleNormal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.next();
    const x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2) return d * v * scale;
    if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v * scale;
  }
}
