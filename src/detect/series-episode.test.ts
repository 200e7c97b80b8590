import { describe, expect, it } from 'vitest';
import { EpisodeRanker } from './series-episode.ts';

const FIVE_MIN = 300_000;
const DAY_MS = 86_400_000;

describe('EpisodeRanker', () => {
  it('keeps a surprise only where it tops the decayed peak before it (the doc example)', () => {
    const e = new EpisodeRanker(DAY_MS);
    expect([5, 9, 8, 12].map((s, i) => e.next(i * FIVE_MIN, s))).toEqual([5, 9, 0, 12]);
  });

  it('a long burst ranks highest at its start; its continuation ranks 0', () => {
    const e = new EpisodeRanker(DAY_MS);
    const surprises = [0.3, 0.5, 0.2, 40, 38, 39, 37, 39, 39, 36, 0.4];
    const ranked = surprises.map((s, i) => e.next(i * FIVE_MIN, s));
    expect(ranked[3]).toBe(40);
    expect(ranked.slice(4)).toEqual([0, 0, 0, 0, 0, 0, 0]); // 39, 39: a plateau below the peak
  });

  it('the peak decays by e a day: a later surprise ranks again once it tops the decayed peak', () => {
    const e = new EpisodeRanker(DAY_MS);
    expect(e.next(0, 20)).toBe(20);
    expect(e.next(DAY_MS / 2, 10)).toBe(0); // 20·e^−½ ≈ 12.1 > 10
    expect(e.next(DAY_MS, 11)).toBe(11); // the peak is 20 from t = 0 (10 did not top it): 20·e^−1 ≈ 7.4 < 11
    expect(e.next(DAY_MS + FIVE_MIN, 11)).toBe(0); // a plateau at the new peak
    expect(e.next(DAY_MS + 2 * FIVE_MIN, 12)).toBe(12); // escalating
  });

  it('rejects a non-positive time constant', () => {
    expect(() => new EpisodeRanker(0)).toThrow(RangeError);
  });
});
