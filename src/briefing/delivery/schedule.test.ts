import { describe, expect, it } from 'vitest';
import { loadGazetteer } from '../../reference/gazetteer.ts';
import { dueDates, dueMsOf, nextDue, subscriptionZone } from './schedule.ts';

const H = 3_600_000;
const at7 = { sendAtMin: 420 };

describe('briefing schedule', () => {
  it("is due at 07:00 of the next local day, in the place's own zone", () => {
    // 07:00 at UTC+12 is 19:00 UTC the day before; at UTC+2, 05:00 UTC (hand calculation).
    expect(dueMsOf('2026-12-06', 720, 420)).toBe(Date.UTC(2026, 11, 6, 19));
    expect(dueMsOf('2026-12-06', 120, 420)).toBe(Date.UTC(2026, 11, 7, 5));
    expect(dueMsOf('2026-12-06', 120, 8 * 60 + 30)).toBe(Date.UTC(2026, 11, 7, 6, 30));
  });

  it('names the latest date due and the look-back before it, never a date not yet due', () => {
    const z = { utcOffsetMin: 120, ...at7 };
    const before = Date.UTC(2026, 11, 7, 5) - 1;
    expect(dueDates(before, z, 1, 0)).toEqual(['2026-12-05']);
    expect(dueDates(before + 1, z, 1, 0)).toEqual(['2026-12-06']);
    expect(dueDates(before + 1, z, 3, 0)).toEqual(['2026-12-04', '2026-12-05', '2026-12-06']);
    // Nothing due before the subscription existed.
    expect(dueDates(before + 1, z, 3, Date.UTC(2026, 11, 6, 6))).toEqual(['2026-12-06']);
    expect(dueDates(before + 1, z, 3, before + 2)).toEqual([]);
  });

  it('finds the next send time', () => {
    const z = { utcOffsetMin: 720, ...at7 };
    expect(nextDue(Date.UTC(2026, 11, 6, 18), z)).toEqual({
      date: '2026-12-06',
      dueMs: Date.UTC(2026, 11, 6, 19),
    });
    expect(nextDue(Date.UTC(2026, 11, 6, 19), z)).toEqual({
      date: '2026-12-07',
      dueMs: Date.UTC(2026, 11, 6, 19) + 24 * H,
    });
  });

  it("schedules a region digest in its most populous town's zone", () => {
    const g = loadGazetteer();
    // Якутия (14) spans three zones; Якутск, its capital and largest city, is at UTC+9.
    expect(g.byCode('98701000')?.utcOffsetMin).toBe(540);
    expect(subscriptionZone({ kind: 'region', place: '14' }, g)).toBe(540);
    expect(subscriptionZone({ kind: 'municipality', place: '30701000' }, g)).toBe(720);
    expect(subscriptionZone({ kind: 'region', place: 'xx' }, g)).toBeUndefined();
  });
});
