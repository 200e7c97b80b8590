/**
 * A registered campaign's effect from daily series (campaign-effect.ts on the right windows): the season holding
 * the campaign's first day, the window from the first Monday on or after that day to the season's end or the last
 * full week of data, whichever is first; the counterfactual from the town's complete past seasons over the same
 * weeks; the comparison group from the other towns' same windows.
 */
import { type CampaignEffect, campaignEffect } from './campaign-effect.ts';
import { windowVolume } from './campaign-window.ts';
import type { DailySeries } from './daily-series.ts';
import { type Season, splitSeasons } from './split-seasons.ts';

export interface CampaignEvaluation {
  readonly effect: CampaignEffect;
  /** Season start day and the window's Mondays [fromMonday, toMonday) (day numbers); undefined if none. */
  readonly seasonStartDay: number | undefined;
  readonly fromMonday: number | undefined;
  readonly toMonday: number | undefined;
}

const NONE = (reason: string): CampaignEffect => ({
  method: 'none',
  change: Number.NaN,
  low: Number.NaN,
  high: Number.NaN,
  level: 0.95,
  reported: false,
  observed: Number.NaN,
  expected: Number.NaN,
  controls: 0,
  reason,
});

function seasonOf(seasons: readonly Season[], day: number): number {
  return seasons.findIndex((s) => s.startDay <= day && day < s.nextStartDay);
}

export function evaluateCampaign(
  town: DailySeries,
  controls: readonly DailySeries[],
  startMonth: number,
  campaignFromDay: number,
): CampaignEvaluation {
  const seasons = splitSeasons(town, startMonth);
  const k = seasonOf(seasons, campaignFromDay);
  const current = seasons[k];
  if (current === undefined)
    return {
      effect: NONE('кампания начинается за пределами данных'),
      seasonStartDay: undefined,
      fromMonday: undefined,
      toMonday: undefined,
    };
  const fromIndex = Math.max(0, Math.ceil((campaignFromDay - current.firstMonday) / 7));
  const lastIndex =
    current.weeks.length === 0
      ? -1
      : (current.weeks[current.weeks.length - 1] as Season['weeks'][number]).index;
  const toIndex = Math.min(52, lastIndex + 1);
  const window = {
    seasonStartDay: current.startDay,
    fromMonday: current.firstMonday + 7 * fromIndex,
    toMonday: current.firstMonday + 7 * toIndex,
  };
  if (toIndex <= fromIndex)
    return { effect: NONE('no full week of data since the campaign started'), ...window };
  const past = (ss: readonly Season[], start: number) => ss.filter((s) => s.complete && s.startDay < start);
  const mine = windowVolume(past(seasons, current.startDay), current, fromIndex, toIndex);
  if (mine === undefined) return { effect: NONE('the window is not covered by the data'), ...window };
  const others = controls
    .map((c) => {
      const cs = splitSeasons(c, startMonth);
      const cur = cs[seasonOf(cs, campaignFromDay)];
      return cur === undefined ? undefined : windowVolume(past(cs, cur.startDay), cur, fromIndex, toIndex);
    })
    .filter((v) => v !== undefined);
  return { effect: campaignEffect(mine, others), ...window };
}
