import { describe, expect, it } from 'vitest';
import { monthStartDay } from './days.ts';
import { evaluateCampaign } from './evaluate-campaign.ts';
import { firstMondayOnOrAfter } from './split-seasons.ts';
import { region, type Town } from './test-region.ts';

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
    expect(e.effect.reason).toMatch(/за пределами данных/);
  });
});
