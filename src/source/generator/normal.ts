import type { Prng } from './prng.ts';

/**
 * Standard normal variate by the Box–Muller transform (one of the pair is used, so no hidden cached state).
 *
 * @example
 * sampleNormal(createPrng(1)); // ≈ N(0, 1)
 */
export function sampleNormal(rng: Prng): number {
  let u = rng.next();
  while (u <= 0) u = rng.next();
  const v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
