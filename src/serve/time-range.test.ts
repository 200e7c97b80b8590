import { describe, expect, it } from 'vitest';
import { VspError } from '../errors.ts';
import { bucketGrid, DAY_MS, parseInstant, resolvePeriod } from './time-range.ts';

const H = 3_600_000;

describe('parseInstant', () => {
  it('reads dates at the given offset; a date as `to` is the end of that day', () => {
    expect(parseInstant('2026-01-10', 300, false, 'from')).toBe(Date.UTC(2026, 0, 9, 19));
    expect(parseInstant('2026-01-10', 300, true, 'to')).toBe(Date.UTC(2026, 0, 10, 19));
    expect(parseInstant('2026-01-10T12:30', 180, false, 'from')).toBe(Date.UTC(2026, 0, 10, 9, 30));
    expect(parseInstant('2026-01-10T12:30:00+05:00', 180, true, 'to')).toBe(Date.UTC(2026, 0, 10, 7, 30));
    expect(parseInstant('2026-01-10T12:30:00Z', 180, false, 'from')).toBe(Date.UTC(2026, 0, 10, 12, 30));
  });
  it('rejects impossible dates with VSP_SERVE_BAD_QUERY', () => {
    expect(() => parseInstant('2026-13-01', 0, false, 'from')).toThrow(VspError);
    expect(() => parseInstant('2026-02-30', 0, false, 'from')).toThrow(/not a valid date/);
  });
});

describe('resolvePeriod', () => {
  const dataTo = Date.UTC(2026, 0, 31);
  it('defaults to the last 30 days of data', () => {
    expect(resolvePeriod({}, 0, dataTo, 0)).toEqual({ fromMs: dataTo - 30 * DAY_MS, toMs: dataTo });
    expect(resolvePeriod({}, 0, null, dataTo)).toEqual({ fromMs: dataTo - 30 * DAY_MS, toMs: dataTo });
  });
  it('fails when from is not before to', () => {
    expect(() => resolvePeriod({ from: '2026-01-10', to: '2026-01-09' }, 0, dataTo, 0)).toThrow(
      /must be before/,
    );
  });
});

describe('bucketGrid', () => {
  it('aligns hours to the epoch grid and counts buckets', () => {
    const g = bucketGrid(
      { fromMs: Date.UTC(2026, 0, 10, 0, 30), toMs: Date.UTC(2026, 0, 10, 3, 10) },
      'hour',
      300,
    );
    expect(g).toMatchObject({ startMs: Date.UTC(2026, 0, 10), stepMs: H, points: 4 });
  });
  it('uses local calendar days for day buckets', () => {
    // 2026-01-10 00:00 to 2026-01-12 00:00 at UTC+5
    const g = bucketGrid({ fromMs: Date.UTC(2026, 0, 9, 19), toMs: Date.UTC(2026, 0, 11, 19) }, 'day', 300);
    expect(g).toMatchObject({
      startMs: Date.UTC(2026, 0, 10),
      points: 2,
      fromDay: Date.UTC(2026, 0, 10) / DAY_MS,
    });
    expect(g.fromMs).toBe(Date.UTC(2026, 0, 9, 19));
  });
});
