import { describe, expect, it } from 'vitest';
import { studentTCdf, studentTQuantile } from './student-t.ts';

describe('studentTQuantile', () => {
  // Reference values from R 4.x: qt(p, df).
  it.each([
    [0.9, 1, 3.077684],
    [0.9, 2, 1.885618],
    [0.9, 3, 1.637744],
    [0.975, 10, 2.228139],
    [0.1, 4, -1.533206],
    [0.9, 1000, 1.282399],
  ])('qt(%f, %f) = %f', (p, df, q) => {
    expect(studentTQuantile(p, df)).toBeCloseTo(q, 5);
  });

  it('is the inverse of the CDF, also for fractional df', () => {
    for (const df of [1.5, 2.7, 7.3]) {
      for (const p of [0.05, 0.3, 0.9, 0.99])
        expect(studentTCdf(studentTQuantile(p, df), df)).toBeCloseTo(p, 9);
    }
  });

  it('gives the Cauchy CDF at df = 1', () => {
    // pt(t, 1) = 1/2 + atan(t)/π
    expect(studentTCdf(2, 1)).toBeCloseTo(0.5 + Math.atan(2) / Math.PI, 10);
  });
});
