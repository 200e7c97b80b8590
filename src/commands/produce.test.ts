import { describe, expect, it } from 'vitest';
import { eventTimeOf, keyOf, paceDelayMs } from './produce.ts';

describe('produce helpers', () => {
  const line =
    '{"id":"vk:1","source":"vk","created_at":"2025-03-01T10:00:00+05:00","text":"x","municipality":"65701000"}';

  it('keys by municipality and reads the event time without a full parse', () => {
    expect(keyOf(line)).toBe('65701000');
    expect(keyOf('not json')).toBeNull();
    expect(eventTimeOf(line)).toBe(Date.parse('2025-03-01T05:00:00Z'));
    expect(eventTimeOf('{"text":"no time"}')).toBeNaN();
  });

  it('paces by event time: an hour of stream takes a minute at speed-up 60', () => {
    const first = Date.parse('2025-03-01T05:00:00Z');
    const start = 1_000_000;
    // A record one hour of event time after the first is due 60 s after the start.
    expect(paceDelayMs(first + 3_600_000, first, start, start, 60)).toBe(60_000);
    expect(paceDelayMs(first + 3_600_000, first, start, start + 59_000, 60)).toBe(1_000);
    // Already late (or out of order, or without a time): send now.
    expect(paceDelayMs(first + 3_600_000, first, start, start + 61_000, 60)).toBeLessThan(0);
    expect(paceDelayMs(first - 60_000, first, start, start, 60)).toBeLessThan(0);
    expect(paceDelayMs(Number.NaN, first, start, start, 60)).toBe(0);
  });
});
