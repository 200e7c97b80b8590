import { describe, expect, it } from 'vitest';
import { weekdayNorm } from './weekday-norm.ts';

describe('weekdayNorm', () => {
  it('is the mean of the same weekday in the four weeks before (hand calculation: (3+5+0+4)/4 = 3)', () => {
    const counts = new Map([
      [100 - 28, 3],
      [100 - 21, 5],
      [100 - 7, 4],
      [100 - 1, 50], // another weekday: not read
      [100, 9], // the day itself: not its own norm
    ]);
    const r = weekdayNorm(counts, 100, 0);
    expect(r.norm).toBe(3);
    expect(r.days.map((d) => d.dayNumber)).toEqual([72, 79, 86, 93]);
    expect(r.days.map((d) => d.count)).toEqual([3, 5, 0, 4]);
  });

  it('leaves out the weeks before the data begin, and has no norm without any', () => {
    const counts = new Map([[93, 6]]);
    expect(weekdayNorm(counts, 100, 90)).toEqual({ norm: 6, days: [{ dayNumber: 93, count: 6 }] });
    expect(weekdayNorm(counts, 100, 95).norm).toBeNull();
  });
});
