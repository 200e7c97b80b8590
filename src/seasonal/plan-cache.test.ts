import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../classify/softmax-regression.ts';
import { planKey, planRegionSeeded } from './plan-cache.ts';
import { planRegion } from './plan-region.ts';
import { region } from './test-region.ts';

describe('planRegionSeeded', () => {
  it('answers what planRegion with a fresh mulberry32(1) answers, and the same object for the same input', () => {
    const towns = region(5, 4);
    const first = planRegionSeeded(towns);
    expect(first).toEqual(planRegion(towns, { rand: mulberry32(1) }));
    // A copy of the input (new arrays, same values) is the same input.
    const copy = towns.map((t) => ({ ...t, series: { ...t.series, values: [...t.series.values] } }));
    expect(planRegionSeeded(copy)).toBe(first);
  });

  it('one more complaint on one day is a new input with its own plan', () => {
    const towns = region(6, 4);
    const changed = towns.map((t, i) =>
      i === 3
        ? { ...t, series: { ...t.series, values: t.series.values.map((v, d) => (d === 100 ? v + 1 : v)) } }
        : t,
    );
    expect(planKey(changed)).not.toBe(planKey(towns));
    expect(planRegionSeeded(changed)).toEqual(planRegion(changed, { rand: mulberry32(1) }));
    expect(planKey(towns.map((t, i) => (i === 0 ? { ...t, population: t.population + 1 } : t)))).not.toBe(
      planKey(towns),
    );
  });
});
