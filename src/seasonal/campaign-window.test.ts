import { describe, expect, it } from 'vitest';
import { windowTotal, windowVolume } from './campaign-window.ts';
import type { Season } from './split-seasons.ts';

const season = (totals: (number | undefined)[]): Season => ({
  startDay: 0,
  nextStartDay: 365,
  firstMonday: 0,
  complete: true,
  weeks: totals.flatMap((total, index) => (total === undefined ? [] : [{ monday: 7 * index, total, index }])),
});

describe('windowTotal / windowVolume', () => {
  it('sums the weeks of the window, and refuses a window with a missing week', () => {
    expect(windowTotal(season([1, 2, 3, 4]), 1, 3)).toBe(5);
    expect(windowTotal(season([1, undefined, 3, 4]), 1, 3)).toBeUndefined();
  });
  it('pairs the current window with the past seasons that hold it', () => {
    const v = windowVolume(
      [season([1, 2, 3]), season([5, undefined, 5]), season([2, 2, 2])],
      season([0, 1, 1]),
      1,
      3,
    );
    expect(v).toEqual({ observed: 2, past: [5, 4] });
    expect(windowVolume([], season([0, undefined, 1]), 1, 3)).toBeUndefined();
  });
});
