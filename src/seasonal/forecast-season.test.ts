import { describe, expect, it } from 'vitest';
import { forecastSeason, naiveForecast, seasonFeatures, WEATHER_PRIORS } from './forecast-season.ts';
import type { SeasonStats } from './season-stats.ts';

const stats = (
  onset: number | undefined,
  peakIndex: number | undefined,
  peak: number,
  total: number,
): SeasonStats => ({
  startDay: 0,
  onsetIndex: onset,
  onsetMonday: onset === undefined ? undefined : 7 * onset,
  peakIndex,
  peakMonday: peakIndex === undefined ? undefined : 7 * peakIndex,
  peakWeekly: peak,
  total,
});

describe('seasonFeatures', () => {
  it('takes weeks from seasons with complaints and logs of (volume + ½) per scale from all', () => {
    const f = seasonFeatures([stats(10, 20, 99.5, 999.5), stats(undefined, undefined, 0, 0)], 2);
    expect(f.onset).toEqual([10]);
    expect(f.peakWeek).toEqual([20]);
    expect(f.logPeak[0]).toBeCloseTo(Math.log(50), 12);
    expect(f.logTotal[1]).toBeCloseTo(Math.log(0.25), 12);
  });
});

describe('forecastSeason', () => {
  const past = [
    stats(10, 20, 100, 1000),
    stats(12, 22, 150, 1400),
    stats(11, 21, 120, 1100),
    stats(11, 21, 90, 900),
  ];

  it('forecasts weeks as integer indices inside their interval, Mondays from the first Monday', () => {
    const f = forecastSeason(seasonFeatures(past), { startDay: 1000, firstMonday: 1003 });
    expect(f).toBeDefined();
    if (f === undefined) return;
    expect(f.onsetIndex.point).toBe(11); // median (and mean) of 10, 12, 11, 11
    expect(Number.isInteger(f.onsetIndex.low) && Number.isInteger(f.onsetIndex.high)).toBe(true);
    expect(f.onsetIndex.low).toBeLessThanOrEqual(11);
    expect(f.onsetIndex.high).toBeGreaterThanOrEqual(11);
    expect(f.onsetMonday.point).toBe(1003 + 77);
    // Peak weekly: exp(mean ln(x + ½)) − ½, the geometric mean.
    const geo = Math.exp([100, 150, 120, 90].reduce((a, x) => a + Math.log(x + 0.5), 0) / 4) - 0.5;
    expect(f.peakWeekly.point).toBeCloseTo(geo, 9);
    expect(f.peakWeekly.low).toBeLessThan(geo);
    expect(f.seasonsUsed).toBe(4);
  });

  it('takes the median of past onsets: one season with a late (or noisy) onset does not move the forecast', () => {
    const withOutlier = [...past.slice(0, 3), stats(25, 30, 90, 900)]; // onsets 10, 12, 11, 25 (mean 14.5)
    const f = forecastSeason(seasonFeatures(withOutlier), { startDay: 0, firstMonday: 0 });
    expect(f?.onsetIndex.point).toBe(12); // median 11.5, rounded half up
    expect(f?.peakIndex.point).toBe(22); // peak weeks 20, 22, 21, 30: median 21.5
  });

  it('rounds the continuous onset interval inward (continuity correction): ⌈l⌉ … ⌊h⌋', () => {
    // One value: no own spread, the prior's sd 2 with df 2: half-width t(0.9, 2)·2·√2 = 1.8856·2.8284 = 5.333.
    const f = forecastSeason(
      { onset: [10], peakWeek: [20], logPeak: [1], logTotal: [2] },
      { startDay: 0, firstMonday: 0, priors: WEATHER_PRIORS },
    );
    expect([f?.onsetIndex.low, f?.onsetIndex.point, f?.onsetIndex.high]).toEqual([5, 10, 15]); // ⌈4.667⌉, ⌊15.333⌋
  });

  it('needs an onset from somewhere', () => {
    expect(
      forecastSeason({ onset: [], peakWeek: [], logPeak: [], logTotal: [] }, { startDay: 0, firstMonday: 0 }),
    ).toBeUndefined();
  });
});

describe('naiveForecast', () => {
  it('repeats last season', () => {
    expect(naiveForecast(stats(9, 19, 80, 700))).toEqual({
      onsetIndex: 9,
      peakIndex: 19,
      peakWeekly: 80,
      total: 700,
    });
  });
});

describe('forecastSeason with an analog ensemble', () => {
  it('takes onset and peak weekly from the ensemble, the rest from the history', () => {
    const past = [stats(10, 20, 100, 1000), stats(12, 22, 150, 1400), stats(11, 21, 120, 1100)];
    const analog = {
      onset: { point: 14, median: 13, low: 12, high: 17, within1: 0.6, earliest: 11 },
      peakWeekly: { point: 130, low: 90, high: 180 },
      level: 1,
      severitySd: 0.3,
      analogs: 5,
      bandwidthWeeks: 0.8,
      draws: 1000,
    };
    const f = forecastSeason(seasonFeatures(past), { startDay: 1000, firstMonday: 1003, analog });
    const h = forecastSeason(seasonFeatures(past), { startDay: 1000, firstMonday: 1003 });
    expect(f?.method).toBe('analogs');
    expect(h?.method).toBe('history');
    expect(f?.onsetIndex).toEqual({ point: 14, low: 12, high: 17 });
    expect(f?.onsetMonday.point).toBe(1003 + 7 * 14);
    // The campaign's bound is the one-sided 10% quantile, below the interval's mid-p low end here
    expect(f?.onsetEarliestMonday).toBe(1003 + 7 * 11);
    expect(h?.onsetEarliestIndex).toBe(h?.onsetIndex.low);
    expect(f?.peakWeekly).toEqual(analog.peakWeekly);
    expect(f?.peakIndex).toEqual(h?.peakIndex);
    expect(f?.total).toEqual(h?.total);
  });
});
