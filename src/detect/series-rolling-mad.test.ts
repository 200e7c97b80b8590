import { describe, expect, it } from 'vitest';
import { RollingMad } from './series-rolling-mad.ts';

describe('RollingMad', () => {
  it('median and mean of the absolute values of the last `capacity` pushed (hand-computed)', () => {
    const m = new RollingMad(3);
    for (const r of [1, -4, 2, 9]) m.push(r);
    expect(m.median()).toBe(4); // of 4, 2, 9
    expect(m.mean()).toBe(5);
  });

  it('smallestNonZero: the resolution of what is held, ignoring exact zeros; NaN when all are 0', () => {
    const m = new RollingMad(4);
    for (const r of [0, 0, -60, 0]) m.push(r);
    expect(m.smallestNonZero()).toBe(60);
    m.push(0.5);
    expect(m.smallestNonZero()).toBe(0.5);
    const zeros = new RollingMad(2);
    zeros.push(0);
    expect(zeros.smallestNonZero()).toBeNaN();
  });
});
