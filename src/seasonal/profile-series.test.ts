import { describe, expect, it } from 'vitest';
import { rng } from '../detect/test-random.ts';
import { monthStartDay, yearOfDay } from './days.ts';
import { profileSeries } from './profile-series.ts';
import { drawWeather, simulateSeasons } from './simulate-seasons.ts';
import { seasonBounds } from './split-seasons.ts';

const WINTER = { riseWeek: 14, peakWeek: 26, endWeek: 40, amplitude: 8 };

describe('profileSeries', () => {
  it('profiles a recurring winter topic and forecasts the next season inside its interval', () => {
    const weather = drawWeather(6, { shiftSdWeeks: 1, severityLogSd: 0.25 }, rng(7));
    const all = simulateSeasons({
      firstYear: 2018,
      startMonth: 6,
      weather,
      baseDaily: 3,
      wave: WINTER,
      rand: rng(8),
    });
    // Train on the first 5 seasons.
    const cut = all.values.length - 365;
    const train = { firstDay: all.firstDay, values: all.values.slice(0, cut) };
    const p = profileSeries(train, { rand: rng(1) });
    expect(p).toBeDefined();
    if (p === undefined) return;
    expect(p.startMonth).toBeGreaterThanOrEqual(5); // lowest month in summer (rate flat June–September)
    expect(p.startMonth).toBeLessThanOrEqual(8);
    expect(p.observed.length).toBeGreaterThanOrEqual(4);
    expect(p.recurrence.recurring).toBe(true);
    const f = p.forecast;
    expect(f).toBeDefined();
    if (f === undefined) return;
    // The forecast season holds the day after the series' last day.
    const after = train.firstDay + train.values.length;
    expect(f.startDay).toBeLessThanOrEqual(after);
    expect(after).toBeLessThan(seasonBounds(f.startDay).nextStartDay);
    expect(f.onsetIndex.low).toBeLessThanOrEqual(f.onsetIndex.point);
    expect(f.onsetIndex.point).toBeLessThanOrEqual(f.onsetIndex.high);
    // Onset: 1 + 8·b = 0.3·9 → b = 0.2125 → x = 14 + 12·acos(1 − 2·0.2125)/π ≈ 17.7 weeks after 1 July (hand
    // calculation; seasons shift by ±1 week): the forecast point, a week index from the forecast season's first
    // Monday (its start month is June–September, so its winter's 1 July is in its first year), within 3 weeks.
    const expected = (monthStartDay(yearOfDay(f.startDay), 6) + 7 * 17.7 - f.firstMonday) / 7;
    expect(Math.abs(f.onsetIndex.point - expected)).toBeLessThanOrEqual(3);
    expect(f.peakWeekly.low).toBeLessThan(f.peakWeekly.point);
    expect(f.peakWeekly.point).toBeLessThan(f.peakWeekly.high);
    // Mondays follow from indices.
    expect(f.onsetMonday.point).toBe(f.firstMonday + 7 * f.onsetIndex.point);
  });

  it('is undefined under a year of data', () => {
    expect(profileSeries({ firstDay: 0, values: Array(300).fill(1) }, { rand: rng(1) })).toBeUndefined();
  });
});
