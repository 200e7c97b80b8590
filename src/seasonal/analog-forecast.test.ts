import { describe, expect, it } from 'vitest';
import {
  analogForecast,
  midQuantileIntervalSorted,
  onsetOf,
  riseWeekOf,
  townLevel,
} from './analog-forecast.ts';
import type { AnalogSeason } from './group-analogs.ts';
import { seasonStats } from './season-stats.ts';
import type { Season } from './split-seasons.ts';

const season = (startDay: number, totals: readonly number[]): Season => ({
  startDay,
  nextStartDay: startDay + 364,
  firstMonday: startDay,
  weeks: totals.map((total, index) => ({ monday: startDay + 7 * index, total, index })),
  complete: true,
});

/** A wave on a floor: `floor` outside, rising linearly from `rise` to `floor + height` at `rise + 4`, for 8 weeks. */
function wave(rise: number, floor: number, height: number): number[] {
  return Array.from({ length: 52 }, (_, w) => {
    if (w <= rise || w >= rise + 12) return floor;
    const x = w <= rise + 4 ? (w - rise) / 4 : w <= rise + 8 ? 1 : (rise + 12 - w) / 4;
    return floor + height * x;
  });
}

describe('onsetOf', () => {
  it('is the onset of seasonStats on the same weeks', () => {
    const totals = [1, 2, 5, 10, 4];
    expect(onsetOf(totals)).toBe(2); // 5 ≥ 0.3 × 10 (season-stats.ts's example)
    expect(onsetOf(totals)).toBe(seasonStats(season(0, totals)).onsetIndex);
    expect(onsetOf([0, 0])).toBeUndefined();
  });
});

describe('riseWeekOf', () => {
  it('finds the week the 3-week mean reaches halfway from the median week to the top', () => {
    // floor 1, top 9 from week 24 to 28: halfway 5; 3-week means at 21, 22, 23: 1 + 8·(1/4+2/4+3/4)/3 = 5 at 22
    expect(riseWeekOf(wave(20, 1, 8))).toBe(22);
  });

  it('is not moved by one noisy week near a high floor, where the onset is', () => {
    const summer = wave(20, 10, 26); // the floor is 28% of the peak, as for hot water
    const noisy = summer.map((v, w) => (w === 3 ? 12 : v));
    expect(onsetOf(summer)).toBe(21);
    expect(onsetOf(noisy)).toBe(3); // 12 ≥ 0.3 × 36: the definition reads the noise
    expect(riseWeekOf(noisy)).toBe(riseWeekOf(summer));
  });

  it('is undefined for a flat curve', () => {
    expect(riseWeekOf([3, 3, 3])).toBeUndefined();
  });
});

describe('midQuantileIntervalSorted', () => {
  it('takes an end when at least half its mass is inside the central share (hand-computed, JSDoc)', () => {
    expect(midQuantileIntervalSorted([1, 2, 2, 2, 3], 0.8)).toEqual({ low: 1, high: 3 });
    // 1 holds 30%: F̃(1) = 0.15 ≥ 0.1; 4 holds 30%: F̃(4) = 0.85 ≤ 0.9
    expect(midQuantileIntervalSorted([1, 1, 1, 2, 2, 3, 3, 4, 4, 4], 0.8)).toEqual({ low: 1, high: 4 });
    // 1 holds 10%: F̃(1) = 0.05 < 0.1 → low 2; 5 holds 10%: F̃(5) = 0.95 > 0.9 → high 4
    expect(midQuantileIntervalSorted([1, 2, 2, 3, 3, 3, 3, 4, 4, 5], 0.8)).toEqual({ low: 2, high: 4 });
  });

  it('covers about its level on a continuous-looking variable', () => {
    const xs = Array.from({ length: 1000 }, (_, i) => i);
    expect(midQuantileIntervalSorted(xs, 0.8)).toEqual({ low: 100, high: 899 });
  });
});

describe('analogForecast', () => {
  const analogs: AnalogSeason[] = [18, 20, 22, 19, 21].map((rise, i) => ({
    startDay: 364 * i,
    firstMonday: 364 * i,
    rate: wave(rise, 0.05, 2),
  }));

  it('in a large town reads the onset off the analogs: the most likely 3-week window, inside its interval', () => {
    const own = [0, 1, 2, 3, 4].map((i) =>
      season(
        364 * i,
        wave(18 + i, 0.05, 2).map((v) => v * 1000),
      ),
    );
    const f = analogForecast(own, 1000, analogs);
    expect(f).toBeDefined();
    if (f === undefined) return;
    expect(f.level).toBeCloseTo(1, 1);
    // Noise-free onsets: a ramp reaching 0.3·2 above 0.05 in the 2nd week after the rise → 20…24, median 22
    expect(Math.abs(f.onset.point - 22)).toBeLessThanOrEqual(1);
    expect(f.onset.low).toBeLessThanOrEqual(f.onset.point);
    expect(f.onset.high).toBeGreaterThanOrEqual(f.onset.point);
    expect(f.onset.within1).toBeGreaterThan(0.5);
    // Peak weekly ≈ 1000 × 2.05 (Poisson noise ±√2050 ≈ 45)
    expect(f.peakWeekly.point).toBeGreaterThan(1900);
    expect(f.peakWeekly.point).toBeLessThan(2200);
    // Silverman: 1.06 · sd(rise weeks) · 5^(−1/5); the rise weeks are the onsets' pattern shifted
    const rises = analogs.map((a) => riseWeekOf(a.rate) as number);
    const m = rises.reduce((a, b) => a + b, 0) / 5;
    const sd = Math.sqrt(rises.reduce((a, v) => a + (v - m) ** 2, 0) / 4);
    // Second-moment dressing: the ensemble's spread (k−1)/k·s² plus h² equals a new season's (1 + 1/k)·s²
    expect(f.bandwidthWeeks).toBeCloseTo(sd * Math.sqrt(2 / 5), 12);
  });

  it('townLevel: the level, the straying beyond Poisson noise and the level’s variance (hand-computed, JSDoc)', () => {
    const flat = (v: number) => Array.from({ length: 4 }, () => v);
    const group = [0, 1].map((i) => ({ startDay: 364 * i, firstMonday: 364 * i, rate: flat(50) })); // 200 a season at scale 1
    const t = townLevel([season(0, flat(25)), season(364, flat(100))], 1, group);
    expect(t.level).toBeCloseTo(1.25, 12);
    expect(t.extraVar).toBeCloseTo(0.95174, 4);
    expect(t.levelVar).toBeCloseTo(0.47787, 4);
    expect(townLevel([], 1, group)).toEqual({ level: 1, extraVar: 0, levelVar: 0 });
  });

  it('measures the town’s level against the group’s rate in the seasons both lived through', () => {
    const own = [3, 4].map((i) =>
      season(
        364 * i,
        (analogs[i] as AnalogSeason).rate.map((v) => 2 * 50 * v),
      ),
    );
    expect(analogForecast(own, 50, analogs)?.level).toBeCloseTo(2, 12);
  });

  it('gives a small town with a high floor the early onset the noise makes, not the wave’s', () => {
    // Hot water: floor 28% of the peak. In a large town the onset is the wave's rise; in a small one, most
    // seasons cross 30% of their (noisy) peak in one of the season's first weeks.
    const summer = [16, 17, 18, 17, 16].map((rise, i) => ({
      startDay: 364 * i,
      firstMonday: 364 * i,
      rate: wave(rise, 1, 2.6),
    }));
    const large = analogForecast([], 1000, summer);
    const small = analogForecast([], 1, summer);
    expect(large?.onset.point).toBeGreaterThanOrEqual(16);
    expect(small?.onset.point).toBeLessThan(8);
  });

  it('reads the analogs on the calendar: a target season whose first Monday is 7 days later reads them a week earlier', () => {
    const own = [0, 1, 2, 3, 4].map((i) =>
      season(
        364 * i,
        wave(18 + i, 0.05, 2).map((v) => v * 1000),
      ),
    );
    const byIndex = analogForecast(own, 1000, analogs, { target: { startDay: 2000, firstMonday: 2000 } });
    const later = analogForecast(own, 1000, analogs, { target: { startDay: 2000, firstMonday: 2007 } });
    expect(byIndex?.onset.point).toBe(analogForecast(own, 1000, analogs)?.onset.point);
    expect(later?.onset.point).toBe((byIndex?.onset.point as number) - 1);
  });

  it('is a function of its inputs, and needs two analogs with a wave', () => {
    const own = [
      season(
        0,
        wave(18, 0.05, 2).map((v) => v * 3),
      ),
    ];
    expect(analogForecast(own, 3, analogs)).toEqual(analogForecast(own, 3, analogs));
    expect(analogForecast(own, 3, analogs.slice(0, 1))).toBeUndefined();
    expect(analogForecast(own, 0, analogs)).toBeUndefined();
  });
});
