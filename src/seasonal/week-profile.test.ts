import { describe, expect, it } from 'vitest';
import { day } from './test-series.ts';
import { weekOfYearProfile } from './week-profile.ts';

describe('weekOfYearProfile', () => {
  it('averages each ISO week over the years that hold it', () => {
    // ISO week 1 of 2025 starts 2024-12-30, of 2026 on 2025-12-29; week 53 exists in 2026 (from 2026-12-28).
    const p = weekOfYearProfile([
      { monday: day('2024-12-30'), total: 4 },
      { monday: day('2025-12-29'), total: 6 },
      { monday: day('2026-12-28'), total: 9 },
    ]);
    expect(p.week).toHaveLength(53);
    expect([p.mean[0], p.years[0]]).toEqual([5, 2]);
    expect([p.mean[52], p.years[52]]).toEqual([9, 1]);
    expect(Number.isNaN(p.mean[1])).toBe(true);
    expect(p.years[1]).toBe(0);
  });
});
