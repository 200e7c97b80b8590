import { describe, expect, it } from 'vitest';
import { seasonStartMonth } from './season-start-month.ts';
import { day, seriesOf } from './test-series.ts';

describe('seasonStartMonth', () => {
  it('starts the season in the lowest month', () => {
    // High in winter, lowest in July (month 6): cos peaks mid-January.
    const s = seriesOf(
      '2022-01-01',
      '2025-01-01',
      (d) => 10 + 9 * Math.cos((2 * Math.PI * (d - day('2022-01-15'))) / 365.25),
    );
    expect(seasonStartMonth(s)).toBe(6);
  });
  it('is undefined under a year', () => {
    expect(seasonStartMonth(seriesOf('2022-01-01', '2022-11-01', () => 1))).toBeUndefined();
  });
});
