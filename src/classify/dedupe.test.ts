import { describe, expect, it } from 'vitest';
import { Deduper } from './dedupe.ts';

const H = 3_600_000;

describe('Deduper', () => {
  it('passes the first delivery and drops redeliveries of the same source and id', () => {
    const d = new Deduper(48 * H);
    expect(d.firstSeen('vk', '1', 0)).toBe(true);
    expect(d.firstSeen('vk', '1', 5 * H)).toBe(false);
    expect(d.firstSeen('ok', '1', 5 * H)).toBe(true);
  });

  it('remembers an id for at least one horizon after the newest event', () => {
    const d = new Deduper(10 * H);
    d.firstSeen('vk', 'a', 9 * H);
    d.firstSeen('vk', 'b', 18 * H); // rotates: 'a' moves to the previous generation
    expect(d.firstSeen('vk', 'a', 18 * H)).toBe(false);
  });

  it('keeps state bounded by time: a million ids over a year leave only the last two horizons', () => {
    const d = new Deduper(48 * H);
    const stepMs = (365 * 24 * H) / 1_000_000;
    for (let i = 0; i < 1_000_000; i++) d.firstSeen('vk', String(i), i * stepMs);
    expect(d.size).toBeLessThanOrEqual(Math.ceil((2 * 48 * H) / stepMs) + 1);
  });
});
