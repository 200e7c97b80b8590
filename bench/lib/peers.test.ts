import { describe, expect, it } from 'vitest';
import { earsC2, rollingZScore } from './peers.ts';

describe('peer baselines', () => {
  it('rolling z-score flags an hour far above the same hour of past weeks', () => {
    const v = new Float64Array(168 * 5).fill(1);
    v[168 * 4 + 10] = 9;
    expect(rollingZScore(v, { weeks: 4, z: 3, minCount: 3, sdFloor: 0.5 })).toEqual([168 * 4 + 10]);
  });

  it('EARS C2 keeps a guard band: a rise two hours old is not in the baseline', () => {
    const v = new Float64Array(40).fill(0.5);
    v[20] = 6;
    v[21] = 6;
    v[22] = 6;
    expect(earsC2(v, { threshold: 3, minCount: 3, sdFloor: 0.5 })).toEqual([20, 21, 22]);
  });
});
