import { describe, expect, it } from 'vitest';
import { rng } from '../detect/test-random.ts';
import { monthStartDay } from './days.ts';
import { planRegion, sumSeries } from './plan-region.ts';
import { region, type Town } from './test-region.ts';

describe('sumSeries', () => {
  it('adds series on a common day axis', () => {
    expect(
      sumSeries([
        { firstDay: 2, values: [1, 2] },
        { firstDay: 3, values: [10, 20] },
      ]),
    ).toEqual({
      firstDay: 2,
      values: [1, 12, 20],
    });
  });
});

describe('planRegion', () => {
  it('profiles every town of a recurring region, pooling the others', () => {
    const { startMonth, plans } = planRegion(region(1, 5), { rand: rng(1), permutations: 199 });
    expect(startMonth).toBeDefined();
    expect(plans).toHaveLength(8);
    for (const p of plans) {
      expect(p.profile.recurrence.recurring).toBe(true);
      expect(p.profile.forecast).toBeDefined();
      // Onset and peak weekly over the other towns' seasons as analogs (analog-forecast.ts)
      expect(p.profile.forecast?.method).toBe('analogs');
    }
  });

  it('a town of 2 seasons is tested against the others’ shape and leans on their levels', () => {
    const towns = region(2, 5);
    const short = { ...towns[0], series: { ...(towns[0] as Town).series } } as (typeof towns)[number];
    const cut = monthStartDay(2022, 6) - short.series.firstDay;
    const shortened = {
      ...short,
      series: { firstDay: short.series.firstDay + cut, values: short.series.values.slice(cut) },
    };
    const { plans } = planRegion([shortened, ...towns.slice(1)], { rand: rng(2), permutations: 199 });
    const p = plans.find((x) => x.municipality === 'm0');
    expect(p?.profile.recurrence.reason).toMatch(/с формой сезона по группе/);
    expect(p?.profile.forecast?.pooled).toBeGreaterThan(0);
  });

  it('forecasts from the town’s own history when the populations are unknown (no rates to compare)', () => {
    const towns = region(3, 5).map((t) => ({ ...t, population: 0 }));
    const { plans } = planRegion(towns, { rand: rng(3), permutations: 99 });
    expect(plans.every((p) => p.profile.forecast?.method === 'history')).toBe(true);
  });
});
