import { describe, expect, it } from 'vitest';
import { Baseline } from './baseline.ts';
import { isHolidayAt } from './holidays.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const KAZAN = 180;
/** Local midnight of Monday 12 January 2026 in Kazan. */
const START = Date.parse('2026-01-12T00:00:00+03:00');

/** Ten weeks of a steady city topic, 20 authors an hour — `onHoliday` an hour on public holidays. */
function feed(onHoliday: number): { b: Baseline; holidayExpected: number; weekdayExpected: number } {
  const b = new Baseline();
  const ctx = { utcOffsetMin: KAZAN, priorPerHour: 20 };
  let holidayExpected = 0;
  let weekdayExpected = 0;
  for (let h = 0; h < 10 * 7 * 24; h++) {
    const w = {
      municipality: '92701000',
      topic: 'roads' as const,
      startMs: START + h * HOUR_MS,
      endMs: START + (h + 1) * HOUR_MS,
    };
    const holiday = isHolidayAt(w.startMs, KAZAN);
    const e = b.expect(w, ctx);
    // 8 March 2026 (Sunday, the second holiday of the stream) against the Sunday before it.
    if (
      w.startMs >= Date.parse('2026-03-08T00:00:00+03:00') &&
      w.startMs < Date.parse('2026-03-09T00:00:00+03:00')
    )
      holidayExpected += e.expected;
    if (
      w.startMs >= Date.parse('2026-03-01T00:00:00+03:00') &&
      w.startMs < Date.parse('2026-03-02T00:00:00+03:00')
    )
      weekdayExpected += e.expected;
    b.learn(w, holiday ? onHoliday : 20, ctx, false);
  }
  return { b, holidayExpected, weekdayExpected };
}

describe('public holidays in the baseline', () => {
  it('knows the fixed-date holidays in local time', () => {
    expect(isHolidayAt(Date.parse('2026-02-23T00:30:00+03:00'), KAZAN)).toBe(true);
    expect(isHolidayAt(Date.parse('2026-02-22T23:30:00+03:00'), KAZAN)).toBe(false);
    // 23 February 00:30 in Kazan is still 22 February in Kaliningrad (UTC+2).
    expect(isHolidayAt(Date.parse('2026-02-23T00:30:00+03:00'), 120)).toBe(false);
    expect(isHolidayAt(Date.parse('2027-01-08T12:00:00+07:00'), 420)).toBe(true);
    expect(isHolidayAt(Date.parse('2027-01-09T12:00:00+07:00'), 420)).toBe(false);
  });

  it('learns how a topic’s holidays compare with the same weekday, and expects accordingly', () => {
    const quiet = feed(10);
    // 23 February taught it (and 8 March as it goes): ≈ 0.5, the prior being worth 20 authors.
    expect(quiet.b.holidayFactor('roads')).toBeGreaterThan(0.45);
    expect(quiet.b.holidayFactor('roads')).toBeLessThan(0.6);
    expect(quiet.holidayExpected / quiet.weekdayExpected).toBeLessThan(0.65);

    const same = feed(20);
    expect(same.b.holidayFactor('roads')).toBeCloseTo(1, 1);
    expect(same.holidayExpected / same.weekdayExpected).toBeGreaterThan(0.9);
  });

  it('restores the holiday factor from a snapshot', () => {
    const { b } = feed(10);
    const r = Baseline.restore({}, JSON.parse(JSON.stringify(b.snapshot())));
    expect(r.holidayFactor('roads')).toBe(b.holidayFactor('roads'));
  });
});
