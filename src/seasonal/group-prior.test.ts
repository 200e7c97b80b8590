import { describe, expect, it } from 'vitest';
import { groupPrior } from './group-prior.ts';

describe('groupPrior', () => {
  it('matches the hand calculation of its example', () => {
    const p = groupPrior([
      [1, 3],
      [5, 7],
    ]);
    expect(p?.sd).toBeCloseTo(Math.SQRT2, 10);
    expect(p?.df).toBe(2);
    expect(p?.mean).toBe(4);
    expect(p?.betweenVar).toBeCloseTo(7, 10);
  });
  it('centres on the median of town medians when asked (a town with one outlying season moves it less)', () => {
    const towns = [
      [1, 2, 9],
      [5, 7],
    ];
    expect(groupPrior(towns)?.mean).toBe(5); // town means 4 and 6
    expect(groupPrior(towns, { center: 'median' })?.mean).toBe(4); // town medians 2 and 6
  });
  it('shares only the spread when asked, and needs two seasons somewhere', () => {
    expect(
      groupPrior(
        [
          [1, 3],
          [5, 7],
        ],
        { shareLevel: false },
      ),
    ).toEqual({ sd: Math.SQRT2, df: 2 });
    expect(groupPrior([[1], [5]])).toBeUndefined();
  });
});
