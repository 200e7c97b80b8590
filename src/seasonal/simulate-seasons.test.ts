import { describe, expect, it } from 'vitest';
import { rng } from '../detect/test-random.ts';
import { monthStartDay } from './days.ts';
import { firstMondayOnOrAfter } from './split-seasons.ts';
import {
  bump,
  drawWeather,
  expectedDaily,
  poissonDraw,
  poissonFromUniform,
  simulateSeasons,
} from './simulate-seasons.ts';

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
    // realistic: weeks count from the season's 1st (waves follow the calendar, not the weekday of 1 July)
    const calendarPeak = monthStartDay(2020, 6) + 7 * 22;
    expect(expectedDaily(calendarPeak, { ...opts, realistic: true })).toBeCloseTo(
      3 * (1 + 0.5 * 4) * 0.6,
      12,
    );
    expect(calendarPeak).not.toBe(peakDay); // 2020-07-01 was a Wednesday
    expect(Number.isNaN(expectedDaily(monthStartDay(2022, 0), opts))).toBe(true); // outside the seasons simulated
  });

  it('poissonFromUniform: the inverse CDF (hand-computed), the right mean, one uniform a day', () => {
    // λ = 2: F(0) = e^−2 = 0.13534, F(1) = 0.40601, F(2) = 0.67668, F(3) = 0.85712
    expect([0.1, 0.2, 0.5, 0.8, 0.9].map((u) => poissonFromUniform(2, u))).toEqual([0, 1, 2, 3, 4]);
    expect(poissonFromUniform(0, 0.99)).toBe(0);
    for (const lambda of [0.7, 12, 80, 900]) {
      const r = rng(6);
      let sum = 0;
      for (let i = 0; i < 20_000; i++) sum += poissonFromUniform(lambda, r());
      expect(Math.abs(sum / 20_000 - lambda)).toBeLessThan(5 * Math.sqrt(lambda / 20_000));
    }
    // Common random numbers: a season with a wave twice as high uses as many uniforms — the draws after it agree
    const base = {
      firstYear: 2020,
      startMonth: 6,
      weather: [{ shiftWeeks: 0, severity: 1 }],
      baseDaily: 2,
      realistic: true,
    };
    const r1 = rng(3);
    const r2 = rng(3);
    simulateSeasons({ ...base, wave: WAVE, rand: r1 });
    simulateSeasons({ ...base, wave: { ...WAVE, amplitude: 8 }, rand: r2 });
    expect(r1()).toBe(r2());
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
