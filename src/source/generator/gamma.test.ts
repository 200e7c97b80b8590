import { describe, expect, it } from 'vitest';
import { sampleGamma } from './gamma.ts';
import { sampleNormal } from './normal.ts';
import { createPrng } from './prng.ts';

function moments(xs: number[]): { mean: number; variance: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
  return { mean, variance };
}

describe('sampleNormal', () => {
  it('has mean 0, variance 1 and P(|Z| < 1.96) = 0.95 (standard normal table)', () => {
    const rng = createPrng(5);
    const xs = Array.from({ length: 200_000 }, () => sampleNormal(rng));
    const { mean, variance } = moments(xs);
    expect(Math.abs(mean)).toBeLessThan(0.012);
    expect(Math.abs(variance - 1)).toBeLessThan(0.015);
    const inside = xs.filter((x) => Math.abs(x) < 1.96).length / xs.length;
    expect(Math.abs(inside - 0.95)).toBeLessThan(0.003);
  });
});

describe('sampleGamma', () => {
  // Gamma(k, θ): mean kθ, variance kθ² (textbook). P(X ≤ 1) for Gamma(1,1) = 1 − e⁻¹ = 0.632121 (hand).
  for (const [shape, scale] of [
    [0.5, 2],
    [1, 1],
    [8, 1 / 8],
    [30, 0.1],
  ] as const) {
    it(`Gamma(${shape}, ${scale}) has mean kθ and variance kθ²`, () => {
      const rng = createPrng(11, `g${shape}`);
      const xs = Array.from({ length: 200_000 }, () => sampleGamma(rng, shape, scale));
      expect(xs.every((x) => x > 0)).toBe(true);
      const { mean, variance } = moments(xs);
      expect(Math.abs(mean / (shape * scale) - 1)).toBeLessThan(0.015);
      expect(Math.abs(variance / (shape * scale * scale) - 1)).toBeLessThan(0.05);
      if (shape === 1) {
        const cdf1 = xs.filter((x) => x <= 1).length / xs.length;
        expect(Math.abs(cdf1 - 0.632121)).toBeLessThan(0.005);
      }
    });
  }
  it('rejects non-positive parameters', () => {
    expect(() => sampleGamma(createPrng(1), 0)).toThrow(RangeError);
    expect(() => sampleGamma(createPrng(1), 1, -1)).toThrow(RangeError);
  });
});
