/** Seeded randomness for the detectors' tests: the same series on every run. */
import { mulberry32 } from '../classify/softmax-regression.ts';

/** A seeded uniform [0, 1) source (mulberry32). */
export const rng = mulberry32;

/** Knuth's Poisson sampler. */
export function poissonSample(lambda: number, rand: () => number): number {
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = rand();
  while (p > limit) {
    k++;
    p *= rand();
  }
  return k;
}
