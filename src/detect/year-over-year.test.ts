import { describe, expect, it } from 'vitest';
import { Baseline } from './baseline.ts';
import { YEAR_LAG_DAYS, YearOverYear } from './year-over-year.ts';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const START = Date.UTC(2024, 0, 1);

/** A topic's daily total: a floor of 20, and from day 270 of each year a front rising ×10 over 20 days. */
function seasonal(dayOfStream: number): number {
  const d = dayOfStream % YEAR_LAG_DAYS;
  if (d < 270) return 20;
  return 20 * 10 ** Math.min(1, (d - 270) / 20);
}

function feed(y: YearOverYear, days: number, perDay = seasonal): void {
  for (let d = 0; d < days; d++) y.add('heating', START + d * DAY_MS + 12 * HOUR_MS, perDay(d));
}

describe('YearOverYear', () => {
  it('is 1 before a year of history', () => {
    const y = new YearOverYear({ levelTimeConstantDays: 3 });
    feed(y, 300);
    expect(y.ratio('heating', START + 280 * DAY_MS)).toBe(1);
  });

  it("on last year's front, says the rate should exceed what a 3-day level has seen", () => {
    const y = new YearOverYear({ levelTimeConstantDays: 3 });
    const front = YEAR_LAG_DAYS + 280;
    feed(y, front);
    const r = y.ratio('heating', START + front * DAY_MS);
    // Rising 10^(1/20) ≈ 1.122 a day, a level lagging ~3–4 days: the ratio is about 1.122^3.5 ≈ 1.5.
    expect(r).toBeGreaterThan(1.3);
    expect(r).toBeLessThan(2);
    // On the flat part of the year nothing moves.
    expect(y.ratio('heating', START + (YEAR_LAG_DAYS + 100) * DAY_MS)).toBeCloseTo(1, 6);
  });

  it('is clamped, and 1 for a quiet topic', () => {
    const y = new YearOverYear({ levelTimeConstantDays: 3 });
    // Last year the topic fell from 100,000 a day to 20 on day 40.
    feed(y, YEAR_LAG_DAYS + 43, (d) => (d % YEAR_LAG_DAYS >= 40 ? 20 : 100_000));
    expect(y.ratio('heating', START + (YEAR_LAG_DAYS + 43) * DAY_MS)).toBe(1 / 3);
    const quiet = new YearOverYear({ levelTimeConstantDays: 3 });
    feed(quiet, YEAR_LAG_DAYS + 300, (d) => seasonal(d) / 20);
    expect(quiet.ratio('heating', START + (YEAR_LAG_DAYS + 280) * DAY_MS)).toBe(1);
  });

  it('needs complete days: a gap in last year gives 1', () => {
    const y = new YearOverYear({ levelTimeConstantDays: 3 });
    feed(y, YEAR_LAG_DAYS + 300, (d) => (d >= 275 && d <= 277 ? 0 : seasonal(d)));
    // Zero days were never added: last year's week around day 276 is incomplete.
    expect(y.ratio('heating', START + (YEAR_LAG_DAYS + 276) * DAY_MS)).toBe(1);
  });

  it('restores from its snapshot to the same ratios', () => {
    const y = new YearOverYear({ levelTimeConstantDays: 3 });
    feed(y, YEAR_LAG_DAYS + 285);
    const r = YearOverYear.restore({ levelTimeConstantDays: 3 }, JSON.parse(JSON.stringify(y.snapshot())));
    for (const d of [280, 284, 290])
      expect(r.ratio('heating', START + (YEAR_LAG_DAYS + d) * DAY_MS)).toBe(
        y.ratio('heating', START + (YEAR_LAG_DAYS + d) * DAY_MS),
      );
  });
});

describe('Baseline with last year', () => {
  /** Observed / expected per day over the second year's front (the worst day), with and without the correction. */
  function frontError(yearOverYear: boolean): number {
    const b = new Baseline({ yearOverYear });
    const ctx = { utcOffsetMin: 0 };
    let worst = 1;
    for (let d = 0; d < YEAR_LAG_DAYS + 292; d++) {
      const perHour = seasonal(d) / 24;
      let expected = 0;
      for (let h = 0; h < 24; h++) {
        const startMs = START + d * DAY_MS + h * HOUR_MS;
        const w = { municipality: '1', topic: 'heating' as const, startMs, endMs: startMs + HOUR_MS };
        expected += b.expect(w, ctx).expected;
        b.learn(w, perHour, ctx, false);
      }
      if (d >= YEAR_LAG_DAYS + 275) worst = Math.max(worst, seasonal(d) / expected);
    }
    return worst;
  }

  it('no longer trails the front of a season it saw a year ago', () => {
    const without = frontError(false);
    const withLastYear = frontError(true);
    // A 3-day level on a front rising 12% a day trails by ~40%; last year's curve removes most of it.
    expect(without).toBeGreaterThan(1.3);
    expect(withLastYear).toBeLessThan(1.12);
  });
});
