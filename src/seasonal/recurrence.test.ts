import { describe, expect, it } from 'vitest';
import { rng } from '../detect/test-random.ts';
import type { DailySeries } from './daily-series.ts';
import { testRecurrence, testRecurrenceAgainstReference } from './recurrence.ts';
import { drawWeather, type SeasonWeather, simulateSeasons } from './simulate-seasons.ts';
import { splitSeasons } from './split-seasons.ts';

const WINTER = { riseWeek: 14, peakWeek: 26, endWeek: 40, amplitude: 6 };

function seasonVectors(s: DailySeries): number[][] {
  return splitSeasons(s, 6)
    .filter((x) => x.complete)
    .map((x) => x.weeks.map((w) => w.total));
}

function simulate(weather: SeasonWeather[], seed: number, baseDaily = 2) {
  return simulateSeasons({
    firstYear: 2019,
    startMonth: 6,
    weather,
    baseDaily,
    wave: WINTER,
    rand: rng(seed),
  });
}

describe('testRecurrence', () => {
  it('finds a winter wave that comes back every season, in spite of early/late and mild/severe winters', () => {
    for (const seed of [1, 2, 3]) {
      const weather = drawWeather(5, { shiftSdWeeks: 1.5, severityLogSd: 0.35 }, rng(100 + seed));
      const r = testRecurrence(seasonVectors(simulate(weather, seed)), { rand: rng(seed) });
      expect(r.seasons).toBe(5);
      expect(r.recurring).toBe(true);
      expect(r.pValue).toBeLessThanOrEqual(0.01);
      expect(r.agreement.every((a) => a > 0.5)).toBe(true);
    }
  });

  it('does not call a flat topic recurring', () => {
    let recurring = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const flat = Array.from({ length: 5 }, () => ({ shiftWeeks: 0, severity: 0 }));
      const r = testRecurrence(seasonVectors(simulate(flat, seed, 5)), { rand: rng(seed) });
      if (r.recurring) recurring++;
    }
    expect(recurring).toBe(0);
  });

  it('does not call one bad winter among flat seasons recurring', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const weather = [0, 0, 3, 0, 0].map((severity) => ({ shiftWeeks: 0, severity }));
      const r = testRecurrence(seasonVectors(simulate(weather, seed)), { rand: rng(seed) });
      expect(r.recurring).toBe(false);
      expect(r.reason).toMatch(/повторяемость не доказана/);
    }
  });

  it('keeps the p-value roughly uniform under the null (about 5% below 0.05)', () => {
    let below = 0;
    const runs = 100;
    for (let seed = 1; seed <= runs; seed++) {
      const flat = Array.from({ length: 4 }, () => ({ shiftWeeks: 0, severity: 0 }));
      const r = testRecurrence(seasonVectors(simulate(flat, 1000 + seed, 3)), {
        rand: rng(seed),
        permutations: 199,
      });
      if (r.pValue <= 0.05) below++;
    }
    // Binomial(100, 0.05): 99.9% of draws fall in 0…13.
    expect(below).toBeLessThanOrEqual(13);
  });

  it('says a lone season is no evidence', () => {
    const r = testRecurrence([Array(52).fill(3)], { rand: rng(1) });
    expect(r.recurring).toBe(false);
    expect(r.pValue).toBe(1);
    expect(r.reason).toMatch(/хотя бы 2/);
  });

  it('calls a consistent but small variation not a wave', () => {
    // Big town, exactly repeated 20% bump: significant but peak < 1.5× median.
    const weather = Array.from({ length: 4 }, () => ({ shiftWeeks: 0, severity: 1 }));
    const s = simulateSeasons({
      firstYear: 2019,
      startMonth: 6,
      weather,
      baseDaily: 200,
      wave: { ...WINTER, amplitude: 0.2 },
      rand: rng(9),
    });
    const r = testRecurrence(seasonVectors(s), { rand: rng(9) });
    expect(r.pValue).toBeLessThanOrEqual(0.01);
    expect(r.recurring).toBe(false);
    expect(r.reason).toMatch(/без выраженной волны/);
  });
});

describe('testRecurrenceAgainstReference', () => {
  /** The region's shape: the mean of 6 seasons of another town, normalised. */
  const reference = () => {
    const weather = drawWeather(6, { shiftSdWeeks: 1, severityLogSd: 0.3 }, rng(50));
    const seasons = seasonVectors(simulate(weather, 51, 4));
    return Array.from(
      { length: 52 },
      (_, i) => seasons.reduce((a, s) => a + Math.sqrt(s[i] ?? 0), 0) / seasons.length,
    );
  };

  it('finds a two-season town recurring when both seasons follow the region', () => {
    for (const seed of [1, 2, 3]) {
      const weather = drawWeather(2, { shiftSdWeeks: 1, severityLogSd: 0.3 }, rng(60 + seed));
      const r = testRecurrenceAgainstReference(seasonVectors(simulate(weather, seed, 1)), reference(), {
        rand: rng(seed),
      });
      expect(r.recurring).toBe(true);
      // The pairwise test alone cannot reach p ≤ 0.01 with 2 seasons (52 distinct shifts).
      expect(testRecurrence(seasonVectors(simulate(weather, seed, 1)), { rand: rng(seed) }).recurring).toBe(
        false,
      );
    }
  });

  it('does not call one bad winter and a flat season recurring, though the region recurs', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const weather = [
        { shiftWeeks: 0, severity: 2 },
        { shiftWeeks: 0, severity: 0 },
      ];
      const r = testRecurrenceAgainstReference(seasonVectors(simulate(weather, seed, 2)), reference(), {
        rand: rng(seed),
      });
      expect(r.recurring).toBe(false);
    }
  });

  it('does not call a flat town recurring', () => {
    let recurring = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const flat = [
        { shiftWeeks: 0, severity: 0 },
        { shiftWeeks: 0, severity: 0 },
      ];
      if (
        testRecurrenceAgainstReference(seasonVectors(simulate(flat, 300 + seed, 3)), reference(), {
          rand: rng(seed),
        }).recurring
      )
        recurring++;
    }
    expect(recurring).toBe(0);
  });
});

describe('testRecurrence: strength of the common shape', () => {
  it('does not call a significant but weak common shape recurring', () => {
    // 8 seasons of a low-count town with a modest wave (×1.7 at the peak): the shape is real and significant over
    // 8 seasons, but Poisson noise dominates each season's weeks.
    const weather = Array.from({ length: 8 }, () => ({ shiftWeeks: 0, severity: 1 }));
    const s = simulateSeasons({
      firstYear: 2015,
      startMonth: 6,
      weather,
      baseDaily: 0.6,
      wave: { ...WINTER, amplitude: 0.7 },
      rand: rng(17),
    });
    const r = testRecurrence(seasonVectors(s), { rand: rng(17) });
    expect(r.pValue).toBeLessThanOrEqual(0.01);
    expect(r.meanCorrelation).toBeLessThan(0.3);
    expect(r.recurring).toBe(false);
    expect(r.reason).toMatch(/общая форма сезона слишком слаба/);
  });
});
