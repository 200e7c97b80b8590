import { describe, expect, it } from 'vitest';
import { rng } from '../detect/test-random.ts';
import { monthStartDay } from './days.ts';
import { bump, drawWeather, expectedDaily, poissonDraw, simulateSeasons } from './simulate-seasons.ts';
import { firstMondayOnOrAfter } from './split-seasons.ts';

const WAVE = { riseWeek: 10, peakWeek: 20, endWeek: 30, amplitude: 4 };

describe('simulate-seasons', () => {
  it('bump: 0 outside, ½ half-way up, 1 at the peak', () => {
    const got = [bump(5, WAVE), bump(15, WAVE), bump(20, WAVE), bump(25, WAVE), bump(30, WAVE)];
    for (const [k, want] of [0, 0.5, 1, 0.5, 0].entries()) expect(got[k]).toBeCloseTo(want, 12);
  });

  it('expectedDaily: base × (1 + severity · amplitude · bump(x − shift)) × the campaign factor', () => {
    const opts = {
      firstYear: 2020,
      startMonth: 6,
      weather: [{ shiftWeeks: 2, severity: 0.5 }],
      baseDaily: 3,
      wave: WAVE,
      effect: { fromDay: 0, toDay: 1e6, factor: 0.6 },
    };
    const peakDay = firstMondayOnOrAfter(monthStartDay(2020, 6)) + 7 * 22; // peak 20 + shift 2
    expect(expectedDaily(peakDay, opts)).toBeCloseTo(3 * (1 + 0.5 * 4) * 0.6, 12);
    expect(Number.isNaN(expectedDaily(monthStartDay(2022, 0), opts))).toBe(true); // outside the seasons simulated
  });

  it('draws Poisson counts with the right mean, and is reproducible', () => {
    for (const lambda of [0.7, 12, 80]) {
      const r = rng(5);
      let sum = 0;
      for (let i = 0; i < 20_000; i++) sum += poissonDraw(lambda, r);
      // Standard error of the mean √(λ/20,000); 5 of them.
      expect(Math.abs(sum / 20_000 - lambda)).toBeLessThan(5 * Math.sqrt(lambda / 20_000));
    }
    const a = simulateSeasons({
      firstYear: 2020,
      startMonth: 6,
      weather: drawWeather(2, { shiftSdWeeks: 1, severityLogSd: 0.3 }, rng(1)),
      baseDaily: 2,
      wave: WAVE,
      rand: rng(2),
    });
    const b = simulateSeasons({
      firstYear: 2020,
      startMonth: 6,
      weather: drawWeather(2, { shiftSdWeeks: 1, severityLogSd: 0.3 }, rng(1)),
      baseDaily: 2,
      wave: WAVE,
      rand: rng(2),
    });
    expect(a).toEqual(b);
    expect(a.values.length).toBe(monthStartDay(2022, 6) - monthStartDay(2020, 6));
  });
});
