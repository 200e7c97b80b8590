import { describe, expect, it } from 'vitest';
import { dailyFromPoints } from './daily-from-points.ts';

describe('dailyFromPoints', () => {
  it('fills missing days with 0, sums repeats, drops points outside', () => {
    expect(
      dailyFromPoints(
        [
          { day: 3, count: 2 },
          { day: 3, count: 1 },
          { day: 9, count: 5 },
          { day: 1, count: 7 },
        ],
        2,
        5,
      ),
    ).toEqual({ firstDay: 2, values: [0, 3, 0] });
  });
});
