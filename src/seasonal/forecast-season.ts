/**
 * Next season's onset week, peak week, peak weekly volume and total, each with a prediction interval
 * (forecast-quantity.ts), from the figures of past complete seasons.
 *
 * Weeks are forecast as positions in the season (week index from the season's first Monday), so "the 21st week
 * of the season" is the same time of year in every season. Volumes are forecast on the log scale — winters
 * differ by factors (mild vs severe), and a log interval never goes below zero — per `scale` (e.g. 10,000
 * residents) when a group prior shares levels between towns of different sizes. The point is exp of the mean
 * log (a median, not a mean: the right target for a percentage error).
 *
 * Weather is not known in advance: nothing here predicts it. The interval carries the spread of past seasons'
 * weather (and, for short histories, the prior's), never a guess at the coming winter.
 */
import {
  type Center,
  forecastQuantity,
  type QuantityForecast,
  type QuantityPrior,
} from './forecast-quantity.ts';
import type { AnalogForecast } from './analog-forecast.ts';
import type { SeasonStats } from './season-stats.ts';

export interface SeasonFeatures {
  readonly onset: readonly number[];
  readonly peakWeek: readonly number[];
  /** ln((peak weekly + 0.5) / scale) */
  readonly logPeak: readonly number[];
  /** ln((total + 0.5) / scale) */
  readonly logTotal: readonly number[];
}

export interface SeasonPriors {
  readonly onset: QuantityPrior;
  readonly peakWeek: QuantityPrior;
  readonly logPeak: QuantityPrior;
  readonly logTotal: QuantityPrior;
}

/**
 * Weak priors for a series with no group to borrow from: a season's onset and peak move by about 2 weeks from
 * year to year (the official heating start follows five days under 8 °C; first snow varies by weeks), and its
 * volumes by about 35% (peak) and 30% (total) — each worth 2 seasons, so a town's own history of 4+ seasons
 * dominates. They are assumptions about weather, stated here, not fitted to any benchmark.
 */
export const WEATHER_PRIORS: SeasonPriors = Object.freeze({
  onset: { sd: 2, df: 2 },
  peakWeek: { sd: 2, df: 2 },
  logPeak: { sd: 0.35, df: 2 },
  logTotal: { sd: 0.3, df: 2 },
});

/**
 * Each quantity's centre, the town's own and its group's (group-prior.ts). Weeks take the median: a season's
 * onset is the first week reaching 30% of its peak on noisy weekly counts, so one noisy week before the rise (or
 * a peak inflated by noise) moves it by weeks — the backtest's heating onsets differ from the noise-free ones by
 * −22 to +12 weeks — and a week error is judged in absolute weeks, which the median minimises. Log volumes keep the
 * mean (exp of it is the geometric mean, a median of the log-normal).
 */
export const SEASON_CENTERS: Readonly<Record<keyof SeasonPriors, Center>> = Object.freeze({
  onset: 'median',
  peakWeek: 'median',
  logPeak: 'mean',
  logTotal: 'mean',
});

export interface IntervalForecast {
  readonly point: number;
  readonly low: number;
  readonly high: number;
}

export interface SeasonForecast {
  readonly startDay: number;
  readonly firstMonday: number;
  /** Week indices in the season (rounded), and the Mondays they fall on. */
  readonly onsetIndex: IntervalForecast;
  readonly peakIndex: IntervalForecast;
  readonly onsetMonday: IntervalForecast;
  /**
   * The latest week (index, Monday) before which the onset comes in at most one season in ten: the analogs' plain
   * 10% quantile (their interval's mid-p `low` can have part of its week's mass below 10%); with the history method,
   * the interval's low end. What a campaign must start before (recommend-campaigns.ts).
   */
  readonly onsetEarliestIndex: number;
  readonly onsetEarliestMonday: number;
  readonly peakMonday: IntervalForecast;
  readonly peakWeekly: IntervalForecast;
  readonly total: IntervalForecast;
  /** Share of the point that came from the group (onset), 0 without one. */
  readonly pooled: number;
  /**
   * How onset and peak weekly were forecast: `analogs` — the distribution of the statistics over the group's past
   * seasons at the town's size (analog-forecast.ts); `history` — the town's own past values, shrunk to the group.
   */
  readonly method: 'analogs' | 'history';
  readonly seasonsUsed: number;
}

/** Features of past seasons; seasons without a complaint give no onset/peak week but do give volumes. */
export function seasonFeatures(stats: readonly SeasonStats[], scale = 1): SeasonFeatures {
  const timed = stats.filter((s) => s.onsetIndex !== undefined);
  return {
    onset: timed.map((s) => s.onsetIndex as number),
    peakWeek: timed.map((s) => s.peakIndex as number),
    logPeak: stats.map((s) => Math.log((s.peakWeekly + 0.5) / scale)),
    logTotal: stats.map((s) => Math.log((s.total + 0.5) / scale)),
  };
}

const MAX_INDEX = 52;
const clampIndex = (x: number) => Math.min(MAX_INDEX, Math.max(0, Math.round(x)));

/**
 * Week indices are integers: the interval of integer weeks {L … H} holds the continuous [L − ½, H + ½], so the
 * continuous 80% interval [l, h] becomes L = ⌈l⌉, H = ⌊h⌋ (a continuity correction; rounding both ends to the
 * nearest week would add about a week of width and over-cover). Never narrower than the point.
 */
function weeks(q: QuantityForecast): IntervalForecast {
  const point = clampIndex(q.point);
  return {
    point,
    low: Math.min(point, clampIndex(Math.ceil(q.low))),
    high: Math.max(point, clampIndex(Math.floor(q.high))),
  };
}

function volume(q: QuantityForecast, scale: number): IntervalForecast {
  const back = (x: number) => Math.max(0, Math.exp(x) * scale - 0.5);
  return { point: back(q.point), low: back(q.low), high: back(q.high) };
}

/**
 * @param firstMonday the forecast season's week-0 Monday (split-seasons.ts firstMondayOnOrAfter of its start)
 * @param level central coverage of the intervals (0.8 in the product)
 * @param analog the ensemble forecast over the group's past seasons (analog-forecast.ts), when there is a group:
 *   its onset (the most likely three-week window and its quantiles) and peak weekly (median and quantiles) replace
 *   those from the town's own past values — which, for the onset, are each read off one season's noisy weeks
 * Undefined when neither the town nor the priors give an onset.
 */
export function forecastSeason(
  features: SeasonFeatures,
  opts: {
    startDay: number;
    firstMonday: number;
    priors?: SeasonPriors;
    scale?: number;
    level?: number;
    analog?: AnalogForecast;
  },
): SeasonForecast | undefined {
  const priors = opts.priors ?? WEATHER_PRIORS;
  const level = opts.level ?? 0.8;
  const scale = opts.scale ?? 1;
  const onset = forecastQuantity(features.onset, priors.onset, level, SEASON_CENTERS.onset);
  const peak = forecastQuantity(features.peakWeek, priors.peakWeek, level, SEASON_CENTERS.peakWeek);
  const logPeak = forecastQuantity(features.logPeak, priors.logPeak, level, SEASON_CENTERS.logPeak);
  const logTotal = forecastQuantity(features.logTotal, priors.logTotal, level, SEASON_CENTERS.logTotal);
  if (onset === undefined || peak === undefined || logPeak === undefined || logTotal === undefined)
    return undefined;
  const a = opts.analog;
  const onsetIndex =
    a === undefined
      ? weeks(onset)
      : {
          point: clampIndex(a.onset.point),
          low: clampIndex(Math.min(a.onset.point, a.onset.low)),
          high: clampIndex(Math.max(a.onset.point, a.onset.high)),
        };
  const peakIndex = weeks(peak);
  const earliest =
    a === undefined ? onsetIndex.low : clampIndex(Math.min(onsetIndex.point, a.onset.earliest));
  const monday = (w: IntervalForecast) => ({
    point: opts.firstMonday + 7 * w.point,
    low: opts.firstMonday + 7 * w.low,
    high: opts.firstMonday + 7 * w.high,
  });
  return {
    startDay: opts.startDay,
    firstMonday: opts.firstMonday,
    onsetIndex,
    peakIndex,
    onsetMonday: monday(onsetIndex),
    onsetEarliestIndex: earliest,
    onsetEarliestMonday: opts.firstMonday + 7 * earliest,
    peakMonday: monday(peakIndex),
    peakWeekly: a === undefined ? volume(logPeak, scale) : a.peakWeekly,
    total: volume(logTotal, scale),
    pooled: onset.pooled,
    method: a === undefined ? 'history' : 'analogs',
    seasonsUsed: features.logTotal.length,
  };
}

/** The seasonal-naive forecast the backtest compares with: the same weeks and volumes as last season. */
export function naiveForecast(last: SeasonStats): {
  onsetIndex?: number;
  peakIndex?: number;
  peakWeekly: number;
  total: number;
} {
  return {
    ...(last.onsetIndex !== undefined ? { onsetIndex: last.onsetIndex } : {}),
    ...(last.peakIndex !== undefined ? { peakIndex: last.peakIndex } : {}),
    peakWeekly: last.peakWeekly,
    total: last.total,
  };
}
