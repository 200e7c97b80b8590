import { describe, expect, it } from 'vitest';
import { rng } from '../detect/test-random.ts';
import { firstMondayOnOrAfter } from './split-seasons.ts';
import { monthStartDay } from './days.ts';
import { evaluateCampaign } from './evaluate-campaign.ts';
import { planRegion, sumSeries } from './plan-region.ts';
import { drawWeather, simulateSeasons } from './simulate-seasons.ts';

const WINTER = { riseWeek: 14, peakWeek: 26, endWeek: 40, amplitude: 8 };

/** Towns sharing each season's weather; town 0 optionally with a campaign effect from `effectFrom`. */
function region(seed: number, seasons: number, factor = 1, effectFrom = Number.POSITIVE_INFINITY) {
  const rand = rng(seed);
  const weather = drawWeather(seasons, { shiftSdWeeks: 1, severityLogSd: 0.25 }, rand);
  return Array.from({ length: 8 }, (_, t) => {
    const population = 20_000 + Math.floor(rand() * 200_000);
    return {
      municipality: `m${t}`,
      population,
      series: simulateSeasons({
        firstYear: 2019,
        startMonth: 6,
        weather: weather.map((w) => ({ ...w, severity: w.severity * (0.9 + 0.2 * rand()) })),
        baseDaily: population / 40_000,
        wave: WINTER,
        rand,
        ...(t === 0 ? { effect: { fromDay: effectFrom, toDay: effectFrom + 400, factor } } : {}),
      }),
    };
  });
}

type Town = ReturnType<typeof region>[number];

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
    expect(p?.profile.recurrence.reason).toMatch(/against the group's shape/);
    expect(p?.profile.forecast?.pooled).toBeGreaterThan(0);
  });
});

describe('evaluateCampaign', () => {
  const campaignDay = firstMondayOnOrAfter(monthStartDay(2023, 6)) + 7 * 16; // the 6th season, week 16
  it('reports a −40% campaign and not a campaign without effect', () => {
    let reported = 0;
    let falseReports = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const withEffect = region(10 + seed, 5, 0.6, campaignDay);
      const e = evaluateCampaign(
        (withEffect[0] as Town).series,
        withEffect.slice(1).map((t) => t.series),
        6,
        campaignDay,
      ).effect;
      if (e.reported && e.high < 0) reported++;
      const without = region(20 + seed, 5, 1, campaignDay);
      if (
        evaluateCampaign(
          (without[0] as Town).series,
          without.slice(1).map((t) => t.series),
          6,
          campaignDay,
        ).effect.reported
      )
        falseReports++;
    }
    expect(reported).toBeGreaterThanOrEqual(18);
    // At 95%, Binomial(20, 0.05) ≤ 4 with probability 0.997 (a 60-seed run gave 3 of 60 false reports, 60 of 60 true).
    expect(falseReports).toBeLessThanOrEqual(4);
  });

  it('says why when the campaign is outside the data', () => {
    const towns = region(3, 5);
    const e = evaluateCampaign((towns[0] as Town).series, [], 6, monthStartDay(2030, 0));
    expect(e.effect.method).toBe('none');
    expect(e.effect.reason).toMatch(/outside the data/);
  });
});
