import { describe, expect, it } from 'vitest';
import { ONSET_SHARE_OF_PEAK, seasonStats } from './season-stats.ts';
import type { Season } from './split-seasons.ts';

/** A season whose week i (Monday = 7·i) has totals[i]. */
const season = (totals: number[]): Season => ({
  startDay: 0,
  nextStartDay: 365,
  firstMonday: 0,
  complete: true,
  weeks: totals.map((total, index) => ({ monday: 7 * index, total, index })),
});

describe('seasonStats', () => {
  it('matches its example: peak 10 at index 3, onset index 2 (5 ≥ 0.3·10), total 22', () => {
    const s = seasonStats(season([1, 2, 5, 10, 4]));
    expect([s.peakIndex, s.peakMonday, s.peakWeekly, s.onsetIndex, s.onsetMonday, s.total]).toEqual([
      3, 21, 10, 2, 14, 22,
    ]);
  });

  it('takes the first of equal peaks, and a week exactly at 30% as the onset', () => {
    const s = seasonStats(season([0, 3, 10, 10, 1]));
    expect(ONSET_SHARE_OF_PEAK).toBe(0.3);
    expect(s.peakIndex).toBe(2);
    expect(s.onsetIndex).toBe(1); // 3 = 0.3 · 10
  });

  it('has no onset or peak in a season without complaints', () => {
    const s = seasonStats(season([0, 0, 0]));
    expect([s.onsetIndex, s.peakIndex, s.peakWeekly, s.total]).toEqual([undefined, undefined, 0, 0]);
  });
});
