import { describe, expect, it } from 'vitest';
import { forecastQuantity } from './forecast-quantity.ts';

describe('forecastQuantity', () => {
  it('matches a hand calculation', () => {
    // See the @example: t(0.9, 4) = 1.533206 (R qt), half-width 1.533206 · √(16/3) = 3.54079.
    const f = forecastQuantity([10, 12, 14], { sd: 2, df: 2 }, 0.8);
    expect(f?.point).toBeCloseTo(12, 10);
    expect(f?.low).toBeCloseTo(8.45921, 4);
    expect(f?.high).toBeCloseTo(15.54079, 4);
    expect(f?.pooled).toBe(0);
  });

  it('centres on the median when asked, with the spread still the standard deviation', () => {
    // Hand calculation: median 11; mean 17, SS = 49 + 36 + 169 = 254, s̃² = (2·4 + 254)/4 = 65.5,
    // half-width t(0.9, 4)·√(65.5·(1 + 1/3)) = 1.533206 · 9.34523 = 14.3281.
    const f = forecastQuantity([10, 11, 30], { sd: 2, df: 2 }, 0.8, 'median');
    expect(f?.point).toBe(11);
    expect(f?.low).toBeCloseTo(11 - 14.3281, 3);
    expect(f?.high).toBeCloseTo(11 + 14.3281, 3);
    expect(forecastQuantity([10, 11, 30], { sd: 2, df: 2 }, 0.8)?.point).toBe(17);
  });

  it('widens for short histories', () => {
    const prior = { sd: 1, df: 2 };
    const w = (v: number[]) => {
      const f = forecastQuantity(v, prior, 0.8);
      return (f?.high ?? 0) - (f?.low ?? 0);
    };
    // Same per-season spread (sd 1), fewer seasons → wider.
    expect(w([9, 11])).toBeGreaterThan(w([9, 11, 9, 11, 9, 11]));
    expect(w([10])).toBeGreaterThan(w([9, 11]));
  });

  it('shrinks a short history toward the group, a long one barely', () => {
    const prior = { sd: 1, df: 4, mean: 20, betweenVar: 1 };
    const one = forecastQuantity([10], prior, 0.8);
    const eight = forecastQuantity([10, 10, 10, 10, 10, 10, 10, 10], prior, 0.8);
    // k = s̃²/τ²: one season → s̃² = 1, k = 1, point = (10 + 20)/2 = 15.
    expect(one?.point).toBeCloseTo(15, 10);
    // eight equal seasons: s̃² = 4·1/11, k = 0.3636, point = (80 + 7.27)/8.3636 = 10.43
    expect(eight?.point).toBeCloseTo((80 + (4 / 11) * 20) / (8 + 4 / 11), 10);
  });

  it('forecasts from the group alone when a town has no season, and not at all without one', () => {
    expect(forecastQuantity([], { sd: 1, df: 2, mean: 5, betweenVar: 2 }, 0.8)?.point).toBe(5);
    expect(forecastQuantity([], { sd: 1, df: 2 }, 0.8)).toBeUndefined();
  });
});
