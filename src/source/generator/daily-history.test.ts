import { describe, expect, it } from 'vitest';
import { dayFromIsoDate } from '../../seasonal/days.ts';
import { curveFactor, generateDailyHistory, levelFromObserved, quietDayOfYear } from './daily-history.ts';
import { TOPIC_IDS } from './topic-profiles.ts';

const HEATING = TOPIC_IDS.indexOf('heating');
const streamFromDay = dayFromIsoDate('2025-01-01') as number;
const fromDay = dayFromIsoDate('2020-01-01') as number;
const key = { municipality: 'm1', region: 'r1', topic: 'heating' as const, utcOffsetMin: 180, level: 50 };

describe('daily history for the demo', () => {
  it('levelFromObserved inverts the curve: a count equal to level × Σ curve gives the level back', () => {
    let sum = 0;
    for (let d = streamFromDay; d < streamFromDay + 30; d++) sum += curveFactor(HEATING, d);
    expect(levelFromObserved(HEATING, 7 * sum, streamFromDay, 30)).toBeCloseTo(7, 9);
  });

  it("heating's weather year starts in summer, away from its waves (weeks 37 … 13)", () => {
    const doy = quietDayOfYear(HEATING);
    expect(doy).toBeGreaterThan(13 * 7);
    expect(doy).toBeLessThan(36 * 7);
  });

  it('without weather spread, each year holds the expected volume (level × Σ curve, within Poisson noise)', () => {
    const spread = {
      regional: { shiftSdWeeks: 0, severityLogSd: 0 },
      town: { shiftSdWeeks: 0, severityLogSd: 0 },
    };
    const rows = generateDailyHistory([key], { fromDay, streamFromDay, seed: 3, spread });
    const total = rows.reduce((a, r) => a + r.count, 0);
    let expected = 0;
    for (let d = fromDay; d < streamFromDay; d++) expected += key.level * curveFactor(HEATING, d);
    expect(Math.abs(total - expected)).toBeLessThan(4 * Math.sqrt(expected));
    // Day windows start at local midnight.
    expect(rows.every((r) => (r.startMs + 180 * 60_000) % 86_400_000 === 0 && r.bucket === 'day')).toBe(true);
  });

  it('with weather, winters differ: the coldest-season totals vary by more than Poisson noise', () => {
    const rows = generateDailyHistory([key], { fromDay, streamFromDay, seed: 3 });
    // Totals of each winter (1 October … 31 March).
    const totals = [2020, 2021, 2022, 2023].map((y) => {
      const a = dayFromIsoDate(`${y}-10-01`) as number;
      const b = dayFromIsoDate(`${y + 1}-04-01`) as number;
      return rows
        .filter((r) => r.startMs >= a * 86_400_000 && r.startMs < b * 86_400_000)
        .reduce((s, r) => s + r.count, 0);
    });
    const mean = totals.reduce((a, b) => a + b, 0) / totals.length;
    const sd = Math.sqrt(totals.reduce((a, b) => a + (b - mean) ** 2, 0) / (totals.length - 1));
    expect(sd).toBeGreaterThan(3 * Math.sqrt(mean));
  });
});
