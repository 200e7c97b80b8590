import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUCKET_SIZE_MS, DAY_MS, windowEndMs, windowStartMs } from './assign.ts';

const at = (iso: string) => Date.parse(iso);

describe('windowStartMs', () => {
  it('aligns 5m and hour windows', () => {
    expect(windowStartMs('5m', at('2026-11-23T07:13:59.999Z'), 300)).toBe(at('2026-11-23T07:10:00Z'));
    expect(windowStartMs('5m', at('2026-11-23T07:15:00Z'), 300)).toBe(at('2026-11-23T07:15:00Z'));
    expect(windowStartMs('hour', at('2026-11-23T07:59:59Z'), 600)).toBe(at('2026-11-23T07:00:00Z'));
    expect(windowEndMs('hour', at('2026-11-23T07:00:00Z'))).toBe(at('2026-11-23T08:00:00Z'));
  });

  it('starts a UTC+5 (Yekaterinburg) day at its local midnight, 19:00 UTC the day before', () => {
    // 2026-11-23T03:00Z is 08:00 on 23 Nov in Yekaterinburg.
    expect(windowStartMs('day', at('2026-11-23T03:00:00Z'), 300)).toBe(at('2026-11-23T00:00:00+05:00'));
    expect(at('2026-11-23T00:00:00+05:00')).toBe(at('2026-11-22T19:00:00Z'));
    // 20:30Z on 22 Nov is already 01:30 on 23 Nov locally: same local day.
    expect(windowStartMs('day', at('2026-11-22T20:30:00Z'), 300)).toBe(at('2026-11-22T19:00:00Z'));
    // 18:59:59Z is 23:59:59 on 22 Nov locally: the previous day.
    expect(windowStartMs('day', at('2026-11-22T18:59:59Z'), 300)).toBe(at('2026-11-21T19:00:00Z'));
  });

  it('starts a UTC+10 (Vladivostok) day at its local midnight, 14:00 UTC the day before', () => {
    expect(windowStartMs('day', at('2026-11-23T15:30:00Z'), 600)).toBe(at('2026-11-24T00:00:00+10:00'));
    expect(windowStartMs('day', at('2026-11-23T13:59:59Z'), 600)).toBe(at('2026-11-23T00:00:00+10:00'));
    expect(windowEndMs('day', at('2026-11-23T00:00:00+10:00'))).toBe(at('2026-11-24T00:00:00+10:00'));
  });

  it('handles times before the epoch (floor, not truncation)', () => {
    expect(windowStartMs('hour', -1, 0)).toBe(-3_600_000);
    expect(windowStartMs('day', at('1969-12-31T23:00:00Z'), 180)).toBe(at('1969-12-31T21:00:00Z'));
  });

  it('property: the window holds the event and starts at local midnight for day', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 4e12 }),
        fc.constantFrom(120, 180, 240, 300, 360, 420, 480, 540, 600, 660, 720),
        fc.constantFrom('5m' as const, 'hour' as const, 'day' as const),
        (t, offsetMin, bucket) => {
          const start = windowStartMs(bucket, t, offsetMin);
          expect(start).toBeLessThanOrEqual(t);
          expect(t).toBeLessThan(start + BUCKET_SIZE_MS[bucket]);
          if (bucket === 'day') expect(Math.abs((start + offsetMin * 60_000) % DAY_MS)).toBe(0);
        },
      ),
    );
  });
});
