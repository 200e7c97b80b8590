/**
 * The planner over a group of towns (a region) for one topic: the season start month from the group's summed
 * series, each town's profile with priors pooled from the *other* towns (group-prior.ts: spreads, and levels per
 * 10,000 residents) and, for towns with under 3 seasons, recurrence against the other towns' mean season. What
 * the backtest (bench/seasonal.ts) does, as one function for the API.
 */
import type { DailySeries } from './daily-series.ts';
import { SEASON_CENTERS, type SeasonPriors, seasonFeatures, WEATHER_PRIORS } from './forecast-season.ts';
import { groupAnalogs } from './group-analogs.ts';
import { groupPrior } from './group-prior.ts';
import { averageShapes, meanSeasonShape } from './mean-season-shape.ts';
import { profileSeries, type SeriesProfile } from './profile-series.ts';
import { seasonStartMonth } from './season-start-month.ts';
import { seasonStats } from './season-stats.ts';
import { splitSeasons } from './split-seasons.ts';

export interface TownSeries {
  readonly municipality: string;
  /** Residents (volumes are pooled per 10,000); ≤ 0 or unknown: levels are not pooled for this town. */
  readonly population: number;
  readonly series: DailySeries;
}

export interface TownPlan {
  readonly municipality: string;
  readonly population: number;
  readonly profile: SeriesProfile;
}

/** Sum of series on a common day axis (from the earliest first day to the latest end). */
export function sumSeries(series: readonly DailySeries[]): DailySeries | undefined {
  if (series.length === 0) return undefined;
  const first = Math.min(...series.map((s) => s.firstDay));
  const end = Math.max(...series.map((s) => s.firstDay + s.values.length));
  const values = new Array<number>(end - first).fill(0);
  for (const s of series)
    s.values.forEach((v, i) => {
      values[s.firstDay - first + i] = (values[s.firstDay - first + i] as number) + v;
    });
  return { firstDay: first, values };
}

/**
 * @param rand seeded random source for the permutation tests (one stream for the whole group)
 * Towns with under a year of data are left out of the result.
 */
export function planRegion(
  towns: readonly TownSeries[],
  opts: { rand: () => number; permutations?: number },
): { startMonth: number | undefined; plans: TownPlan[] } {
  const total = sumSeries(towns.map((t) => t.series));
  const startMonth = total === undefined ? undefined : seasonStartMonth(total);
  if (startMonth === undefined) return { startMonth, plans: [] };
  const prepared = towns.map((t) => {
    const seasons = splitSeasons(t.series, startMonth);
    const complete = seasons.filter((s) => s.complete);
    const scale = t.population > 0 ? t.population / 10_000 : 1;
    return { town: t, scale, complete, stats: complete.map(seasonStats), shape: meanSeasonShape(complete) };
  });
  const plans: TownPlan[] = [];
  prepared.forEach((p, i) => {
    const others = prepared.filter((_, j) => j !== i);
    const pooledLevels = p.town.population > 0;
    const feats = others
      .filter((o) => !pooledLevels || o.town.population > 0)
      .map((o) => seasonFeatures(o.stats, o.scale));
    const pick = (k: keyof SeasonPriors, shareLevel: boolean) =>
      groupPrior(
        feats.map((f) => f[k]),
        { shareLevel, center: SEASON_CENTERS[k] },
      ) ?? WEATHER_PRIORS[k];
    const priors: SeasonPriors = {
      onset: pick('onset', true),
      peakWeek: pick('peakWeek', true),
      logPeak: pick('logPeak', pooledLevels),
      logTotal: pick('logTotal', pooledLevels),
    };
    const reference = averageShapes(others.map((o) => o.shape));
    // Analogs need rates per 10,000 residents: only towns with a population, and only for a town with one.
    const analogs = pooledLevels
      ? groupAnalogs(
          others.filter((o) => o.town.population > 0).map((o) => ({ seasons: o.complete, scale: o.scale })),
        )
      : undefined;
    const profile = profileSeries(p.town.series, {
      rand: opts.rand,
      priors,
      scale: p.scale,
      startMonth,
      ...(reference !== undefined ? { reference } : {}),
      ...(analogs !== undefined ? { analogs } : {}),
      ...(opts.permutations !== undefined ? { permutations: opts.permutations } : {}),
    });
    if (profile !== undefined)
      plans.push({ municipality: p.town.municipality, population: p.town.population, profile });
  });
  return { startMonth, plans };
}
