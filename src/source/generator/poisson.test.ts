import { describe, expect, it } from 'vitest';
import { logFactorial, samplePoisson } from './poisson.ts';
import { createPrng } from './prng.ts';

/** Reference pmf values by hand formula exp(-λ) λ^k / k!, evaluated with python3 math.lgamma. */
const PMF: [number, number, number][] = [
  [0.3, 0, 0.740818],
  [0.3, 1, 0.222245],
  [0.3, 2, 0.033337],
  [2.5, 0, 0.082085],
  [2.5, 1, 0.205212],
  [2.5, 2, 0.256516],
  [2.5, 3, 0.213763],
  [2.5, 4, 0.133602],
  [40, 30, 0.018465],
  [40, 40, 0.062947],
  [40, 50, 0.017707],
];

describe('logFactorial', () => {
  it('matches lgamma(k+1) (python3 math.lgamma)', () => {
    expect(logFactorial(0)).toBe(0);
    expect(logFactorial(5)).toBeCloseTo(Math.log(120), 12);
    expect(logFactorial(300)).toBeCloseTo(1414.905849945068, 8);
    expect(logFactorial(1000)).toBeCloseTo(5912.128178488163, 8);
  });
});

describe('samplePoisson', () => {
  const n = 200_000;
  for (const lambda of [0.3, 2.5, 40]) {
    it(`reproduces the Poisson(${lambda}) pmf, mean and variance`, () => {
      const rng = createPrng(99, `poisson-${lambda}`);
      const counts = new Map<number, number>();
      let sum = 0;
      let sumSq = 0;
      let bad = 0;
      for (let i = 0; i < n; i++) {
        const k = samplePoisson(rng, lambda);
        if (!Number.isInteger(k) || k < 0) bad++;
        counts.set(k, (counts.get(k) ?? 0) + 1);
        sum += k;
        sumSq += k * k;
      }
      expect(bad).toBe(0);
      const mean = sum / n;
      const variance = sumSq / n - mean * mean;
      // Mean λ, variance λ; sd of the sample mean is sqrt(λ/n): 5 sd tolerance.
      expect(Math.abs(mean - lambda)).toBeLessThan(5 * Math.sqrt(lambda / n));
      expect(Math.abs(variance / lambda - 1)).toBeLessThan(0.03);
      for (const [l, k, p] of PMF) {
        if (l !== lambda) continue;
        const observed = (counts.get(k) ?? 0) / n;
        expect(Math.abs(observed - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / n));
      }
    });
  }
  it('returns 0 for lambda 0 and rejects bad lambdas', () => {
    const rng = createPrng(1);
    expect(samplePoisson(rng, 0)).toBe(0);
    expect(() => samplePoisson(rng, -1)).toThrow(RangeError);
    expect(() => samplePoisson(rng, Number.NaN)).toThrow(RangeError);
  });
});
