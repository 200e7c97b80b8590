import { describe, expect, it } from 'vitest';
import { ModelChooser } from './series-model-choice.ts';

function chooserAfter(values: number[]): ModelChooser {
  const c = new ModelChooser();
  for (const v of values) c.observe(v);
  return c;
}

describe('ModelChooser', () => {
  it('counts for integers ≥ 0 at least as variable as Poisson; counts before 30 values', () => {
    // a hand-made count series: steps of ±3 around a mean of 5 → D = 9 / (2·5) = 0.9
    const counts = Array.from({ length: 60 }, (_, i) => (i % 2 ? 8 : 2));
    expect(chooserAfter(counts).current()).toBe('counts');
    expect(chooserAfter(counts).dispersionIndex()).toBeCloseTo(36 / 10, 10); // steps of 6: 36 / (2·5)
    expect(chooserAfter([60, 61, 60]).current()).toBe('counts'); // too few to judge
    expect(chooserAfter(new Array(40).fill(0)).current()).toBe('counts'); // all zeros: a quiet count series
  });

  it('values for integers under-dispersed for counts (a speed in whole km/h)', () => {
    const speed = Array.from({ length: 60 }, (_, i) => 60 + (i % 3)); // D = mean((Δ)²)/(2·61) ≈ 0.022
    const c = chooserAfter(speed);
    expect(c.dispersionIndex()).toBeLessThan(0.5);
    expect(c.current()).toBe('values');
    expect(c.allCounts).toBe(true);
  });

  it('values for good after a negative or fractional value', () => {
    const c = chooserAfter([3, 5, -1]);
    expect(c.current()).toBe('values');
    expect(c.allCounts).toBe(false);
    for (let i = 0; i < 100; i++) c.observe(i % 2 ? 0 : 20);
    expect(c.current()).toBe('values');
    expect(chooserAfter([2.5]).current()).toBe('values');
  });
});
