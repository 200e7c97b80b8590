/**
 * Everything the planner knows about one daily series (a municipality × topic, a region × topic, or any
 * `timestamp,value` CSV): its season start month, the figures of each complete season, the week-of-year
 * profile, the recurrence test and the forecast of the season holding the day after the series' last day (the
 * coming or running season; its observed part is not used).
 */
import { analogForecast } from './analog-forecast.ts';
import { type DailySeries, endDay } from './daily-series.ts';
import { monthStartDay, yearOfDay } from './days.ts';
import { forecastSeason, type SeasonForecast, type SeasonPriors, seasonFeatures } from './forecast-season.ts';
import { type Recurrence, testRecurrence, testRecurrenceAgainstReference } from './recurrence.ts';
import type { AnalogSeason } from './group-analogs.ts';
import { seasonStartMonth } from './season-start-month.ts';
import { type SeasonStats, seasonStats } from './season-stats.ts';
import { firstMondayOnOrAfter, type Season, splitSeasons } from './split-seasons.ts';
import { type WeekOfYearProfile, weekOfYearProfile } from './week-profile.ts';
import { weeklyTotals } from './weekly-totals.ts';

export interface SeriesProfile {
  /** Month 0–11 the seasons start in. */
  readonly startMonth: number;
  readonly seasons: readonly Season[];
  /** Figures of the complete seasons, oldest first. */
  readonly observed: readonly SeasonStats[];
  readonly profile: WeekOfYearProfile;
  readonly recurrence: Recurrence;
  readonly forecast: SeasonForecast | undefined;
}

export interface ProfileOptions {
  /** Seeded random source for the permutation test. */
  readonly rand: () => number;
  /** Priors borrowed from a group (group-prior.ts); default: the weak weather priors. */
  readonly priors?: SeasonPriors;
  /** Volumes are forecast per this many complaints' worth of scale (e.g. population / 10,000). Default 1. */
  readonly scale?: number;
  /** Season start month when known (e.g. the region's); default: the series' own lowest month. */
  readonly startMonth?: number;
  readonly permutations?: number;
  /**
   * The group's 52-week mean season (√ weekly totals, any scale): with fewer than `MIN_OWN_SEASONS` complete
   * seasons, recurrence is tested against it (recurrence.ts) instead of between the town's own seasons.
   */
  readonly reference?: readonly number[];
  /**
   * The group's past seasons as weather analogs (group-analogs.ts, rates per unit of `scale`; the town's own
   * seasons left out): onset and peak weekly are then forecast over them at the town's size (analog-forecast.ts).
   */
  readonly analogs?: readonly AnalogSeason[];
}

/** Seasons a town needs for its own recurrence test when a group reference is given. */
export const MIN_OWN_SEASONS = 3;

/** Undefined under a year of data (no season start month). */
export function profileSeries(series: DailySeries, opts: ProfileOptions): SeriesProfile | undefined {
  const startMonth = opts.startMonth ?? seasonStartMonth(series);
  if (startMonth === undefined) return undefined;
  const seasons = splitSeasons(series, startMonth);
  const complete = seasons.filter((s) => s.complete);
  const observed = complete.map(seasonStats);
  const seasonWeeks = complete.map((s) => s.weeks.map((w) => w.total));
  const testOpts = {
    rand: opts.rand,
    ...(opts.permutations !== undefined ? { permutations: opts.permutations } : {}),
  };
  const recurrence =
    opts.reference !== undefined && complete.length < MIN_OWN_SEASONS
      ? testRecurrenceAgainstReference(seasonWeeks, opts.reference, testOpts)
      : testRecurrence(seasonWeeks, testOpts);
  const end = endDay(series);
  let year = yearOfDay(end);
  let startDay = monthStartDay(year, startMonth);
  if (startDay > end) startDay = monthStartDay(--year, startMonth);
  const firstMonday = firstMondayOnOrAfter(startDay);
  const analog =
    opts.analogs === undefined
      ? undefined
      : analogForecast(complete, opts.scale ?? 1, opts.analogs, { target: { startDay, firstMonday } });
  const forecast = forecastSeason(seasonFeatures(observed, opts.scale ?? 1), {
    ...(analog !== undefined ? { analog } : {}),
    startDay,
    firstMonday: firstMondayOnOrAfter(startDay),
    ...(opts.priors !== undefined ? { priors: opts.priors } : {}),
    ...(opts.scale !== undefined ? { scale: opts.scale } : {}),
  });
  return {
    startMonth,
    seasons,
    observed,
    profile: weekOfYearProfile(weeklyTotals(series)),
    recurrence,
    forecast,
  };
}
