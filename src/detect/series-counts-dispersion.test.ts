import { describe, expect, it } from 'vitest';
import { CountsDispersion } from './series-counts-dispersion.ts';

describe('CountsDispersion', () => {
  it('below μ = 10: the method of moments, Σ((x − μ)² − μ) / Σ μ² (hand calculation)', () => {
    const d = new CountsDispersion(2000);
    d.learn(14, 14, 10); // (16 − 10) / 100
    expect(d.alpha(5)).toBeCloseTo(0.06, 12);
    d.learn(2, 2, 5); // + (9 − 5) / + 25 → 10 / 125
    expect(d.alpha(5)).toBeCloseTo(0.08, 12);
  });

  it('below μ = 10: the learned (capped) value counts, not the observed one', () => {
    const d = new CountsDispersion(2000);
    d.learn(500, 14, 10);
    expect(d.alpha(5)).toBeCloseTo(0.06, 12);
  });

  it('from μ = 10 with ≥ 30 log ratios: (1.4826 · MAD of ln((x + ½)/(μ + ½)))² − 1/μ, unmoved by bursts', () => {
    const d = new CountsDispersion(2000);
    // log ratios ±0.2 alternately (x + ½ = 100.5 e^±0.2), then 10 bursts of 20× (under half of the window)
    for (let i = 0; i < 40; i++) d.learn(100.5 * Math.exp(i % 2 ? 0.2 : -0.2) - 0.5, 100, 100);
    const before = d.alpha(100);
    expect(before).toBeCloseTo((1.4826 * 0.2) ** 2 - 1 / 100, 12); // 0.0779…
    for (let i = 0; i < 10; i++) d.learn(2000, 2000, 100);
    expect(d.alpha(100)).toBeCloseTo(before, 12);
  });

  it('decay forgets the moments, not their ratio', () => {
    const d = new CountsDispersion(2000);
    d.learn(14, 14, 10);
    d.decay(0.5);
    expect(d.alpha(5)).toBeCloseTo(0.06, 12);
    d.learn(10, 10, 10); // (0.5·6 − 10) / (0.5·100 + 100) < 0 → 0
    expect(d.alpha(5)).toBe(0);
  });
});
