import { describe, expect, it } from 'vitest';
import { EpisodeRanker } from './series-episode.ts';

const FIVE_MIN = 300_000;
const DAY_MS = 86_400_000;

describe('EpisodeRanker', () => {
  it('ranks a surprise by its excess over the decayed peak before it (the doc example)', () => {
    const e = new EpisodeRanker(DAY_MS);
    const ranked = [5, 9, 8, 12].map((s, i) => e.next(i * FIVE_MIN, s));
    // By hand: 9 − 5 (the previous point's, above its decayed peak); 8 < 9·e^(−5/1440); 12 − 9·e^(−10/1440) = 3.0623.
    expect(ranked[0]).toBe(5);
    expect(ranked[1]).toBe(4);
    expect(ranked[2]).toBe(0);
    expect(ranked[3]).toBeCloseTo(12 - 9 * Math.exp(-10 / 1440), 12);
  });

  it('a long burst ranks highest at its start; its continuation ranks 0', () => {
    const e = new EpisodeRanker(DAY_MS);
    const surprises = [0.3, 0.5, 0.2, 40, 38, 39, 37, 39, 39, 36, 0.4];
    const ranked = surprises.map((s, i) => e.next(i * FIVE_MIN, s));
    expect(ranked[3]).toBeGreaterThan(39.5); // 40 − 0.5·e^(−10/1440)
    expect(Math.max(...ranked.slice(4))).toBe(0); // 39, 39: a plateau below the peak
  });

  it('a rising burst: each new high ranks by its margin, far below the start', () => {
    const e = new EpisodeRanker(DAY_MS);
    const ranked = [0.5, 30, 32, 35, 38, 42].map((s, i) => e.next(i * FIVE_MIN, s));
    expect(ranked[1]).toBeGreaterThan(29);
    for (const r of ranked.slice(2)) expect(r).toBeLessThan(5);
  });

  it('a pattern repeated every hour ranks near 0 after its first time', () => {
    const e = new EpisodeRanker(DAY_MS);
    const hour = 12 * FIVE_MIN;
    const ranked: number[] = [];
    for (let h = 0; h < 24; h++) {
      ranked.push(e.next(h * hour, 8));
      ranked.push(e.next(h * hour + FIVE_MIN, 0.5));
    }
    expect(ranked[0]).toBe(8);
    for (const r of ranked.slice(1)) expect(r).toBeLessThan(8 * (1 - Math.exp(-1 / 24)) + 1e-9); // 0.33
  });

  it('the peak decays by e a day: a later surprise ranks by its excess over the decayed peak', () => {
    const e = new EpisodeRanker(DAY_MS);
    expect(e.next(0, 20)).toBe(20);
    expect(e.next(DAY_MS / 2, 10)).toBe(0); // 20·e^−½ ≈ 12.1 > 10
    expect(e.next(DAY_MS, 11)).toBe(1); // over the previous point's 10 (the decayed peak 20·e^−1 ≈ 7.4 is lower)
    expect(e.next(DAY_MS + FIVE_MIN, 11)).toBe(0); // a plateau at the new peak
    expect(e.next(DAY_MS + 2 * FIVE_MIN, 12)).toBeCloseTo(1, 12); // escalating by one order of magnitude
  });

  it('rejects a non-positive time constant', () => {
    expect(() => new EpisodeRanker(0)).toThrow(RangeError);
  });
});
