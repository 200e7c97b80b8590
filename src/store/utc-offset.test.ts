import { describe, expect, it } from 'vitest';
import { formatWithOffset, utcOffsetMinOf } from './utc-offset.ts';

describe('utcOffsetMinOf / formatWithOffset', () => {
  it('reads offsets', () => {
    expect(utcOffsetMinOf('2026-11-23T07:15:00+05:00')).toBe(300);
    expect(utcOffsetMinOf('2026-11-23T07:15:00-0330')).toBe(-210);
    expect(utcOffsetMinOf('2026-11-23T07:15:00Z')).toBe(0);
    expect(utcOffsetMinOf('2026-11-23T07:15:00')).toBeNull();
  });
  it('round-trips created_at', () => {
    const iso = '2026-11-23T07:15:00.000+05:00';
    expect(formatWithOffset(Date.parse(iso), utcOffsetMinOf(iso) ?? 0)).toBe(iso);
    expect(formatWithOffset(Date.UTC(2026, 0, 1), 0)).toBe('2026-01-01T00:00:00.000Z');
  });
});
