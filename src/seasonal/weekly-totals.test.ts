import { describe, expect, it } from 'vitest';
import { isoDateFromDay } from './days.ts';
import { day, seriesOf } from './test-series.ts';
import { weeklyTotals } from './weekly-totals.ts';

describe('weeklyTotals', () => {
  it('sums Monday–Sunday and drops partial weeks at both ends', () => {
    // 2025-01-01 is a Wednesday: the first full week starts Monday 2025-01-06.
    const s = seriesOf('2025-01-01', '2025-01-22', (d) => d - day('2025-01-01'));
    const w = weeklyTotals(s);
    expect(w.map((x) => isoDateFromDay(x.monday))).toEqual(['2025-01-06', '2025-01-13']);
    // days 5..11 → 5+…+11 = 56 (hand sum)
    expect(w[0]?.total).toBe(56);
  });
});
