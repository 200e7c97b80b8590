import { describe, expect, it } from 'vitest';
import { isoDateFromDay } from './days.ts';
import { seasonStats } from './season-stats.ts';
import { firstMondayOnOrAfter, splitSeasons } from './split-seasons.ts';
import { day, seriesOf } from './test-series.ts';

describe('splitSeasons + seasonStats', () => {
  it('finds the first Monday of a season', () => {
    expect(isoDateFromDay(firstMondayOnOrAfter(day('2025-07-01')))).toBe('2025-07-07');
    expect(isoDateFromDay(firstMondayOnOrAfter(day('2024-07-01')))).toBe('2024-07-01');
  });

  it('splits into July seasons, marks the partial ones and finds onset and peak', () => {
    // Flat 1 a day, and 10 a day in the two weeks from Monday 2023-12-04 (peak) and 4 a day the week before.
    const s = seriesOf('2023-03-01', '2025-09-01', (d) => {
      if (d >= day('2023-12-04') && d < day('2023-12-18')) return d < day('2023-12-11') ? 10 : 11;
      if (d >= day('2023-11-27') && d < day('2023-12-04')) return 4;
      return 1;
    });
    const seasons = splitSeasons(s, 6);
    expect(seasons.map((x) => [isoDateFromDay(x.startDay), x.complete])).toEqual([
      ['2022-07-01', false],
      ['2023-07-01', true],
      ['2024-07-01', true],
      ['2025-07-01', false],
    ]);
    const st = seasonStats(seasons[1] as (typeof seasons)[number]);
    expect(isoDateFromDay(st.peakMonday as number)).toBe('2023-12-11'); // 77 beats 70
    expect(st.peakWeekly).toBe(77);
    // 30% of 77 = 23.1: the 4-a-day week (28) is the onset, a 1-a-day week (7) is not.
    expect(isoDateFromDay(st.onsetMonday as number)).toBe('2023-11-27');
    expect(st.onsetIndex).toBe(21); // 2023-07-03 + 21 weeks = 2023-11-27
    // 2023-07-03 … 2024-06-30: 52 weeks; 49 at 7, 28, 70, 77 → 49·7 + 28 + 70 + 77 = 518
    expect(st.total).toBe(518);
    // Mondays 2024-07-01 … 2025-06-30 (both Mondays, 364 days apart): 53 weeks; a season has 52 or 53.
    expect(seasons[2]?.weeks.length).toBe(53);
  });

  it('leaves onset and peak undefined in a season without complaints', () => {
    const seasons = splitSeasons(
      seriesOf('2023-07-01', '2024-07-01', () => 0),
      6,
    );
    expect(seasonStats(seasons[0] as (typeof seasons)[number]).onsetIndex).toBeUndefined();
  });
});
