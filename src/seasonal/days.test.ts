import { describe, expect, it } from 'vitest';
import {
  dayFromIsoDate,
  isoDateFromDay,
  isoWeekOfYear,
  mondayOnOrBefore,
  monthOfDay,
  monthStartDay,
} from './days.ts';

describe('days', () => {
  it('round-trips ISO dates and rejects impossible ones', () => {
    expect(dayFromIsoDate('1970-01-01')).toBe(0);
    expect(dayFromIsoDate('2024-02-29')).toBe(19782); // date -d 2024-02-29 +%s / 86400
    expect(isoDateFromDay(19782)).toBe('2024-02-29');
    expect(dayFromIsoDate('2023-02-29')).toBeUndefined();
    expect(dayFromIsoDate('2023-13-01')).toBeUndefined();
    expect(dayFromIsoDate('2023-1-01')).toBeUndefined();
  });

  it('finds the Monday of the ISO week', () => {
    // 2026-12-07 is a Monday (calendar); 2026-12-13 a Sunday of the same week.
    const monday = dayFromIsoDate('2026-12-07') as number;
    expect(mondayOnOrBefore(monday)).toBe(monday);
    expect(mondayOnOrBefore(monday + 6)).toBe(monday);
    expect(mondayOnOrBefore(monday + 7)).toBe(monday + 7);
    expect(isoDateFromDay(mondayOnOrBefore(0))).toBe('1969-12-29');
  });

  it('gives ISO week numbers as the ISO calendar does', () => {
    // Reference: ISO 8601 calendars — 2021-01-03 is in week 53 of 2020, 2021-01-04 in week 1, 2026-12-31 in week 53.
    expect(isoWeekOfYear(dayFromIsoDate('2021-01-03') as number)).toBe(53);
    expect(isoWeekOfYear(dayFromIsoDate('2021-01-04') as number)).toBe(1);
    expect(isoWeekOfYear(dayFromIsoDate('2026-12-31') as number)).toBe(53);
    expect(isoWeekOfYear(dayFromIsoDate('2025-12-29') as number)).toBe(1);
  });

  it('gives month starts and months', () => {
    expect(isoDateFromDay(monthStartDay(2025, 13))).toBe('2026-02-01');
    expect(monthOfDay(dayFromIsoDate('2025-07-31') as number)).toBe(6);
  });
});
