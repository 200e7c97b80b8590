/**
 * Campaign recommendations: for each recurring (municipality, topic) whose forecast onset lies ahead, start
 * informing residents `leadWeeks` (default 2) before the forecast onset week's Monday — or the week before the
 * earliest likely onset (the latest week before which the onset comes in at most one season of ten:
 * forecast-season.ts `onsetEarliestMonday`) when that is earlier. The rule alone (onset − 2 weeks) starts after the wave whenever a season comes more than two
 * weeks early, which a topic whose onset moves ±3 weeks does in about a quarter of seasons; the guard keeps the
 * campaign ahead of the wave in ≥ 90% of seasons by the forecast's own calibration, and changes nothing where the
 * onset is well predicted (interval narrower than the lead). Ranked by start date
 * (what is due first), then by the expected season volume per 10,000 residents (where the most complaints can
 * be prevented). A topic not shown to recur is never recommended: a campaign against one bad winter's memory
 * spends money on noise.
 */
import { isoDateFromDay } from './days.ts';
import type { SeasonForecast } from './forecast-season.ts';
import type { Recurrence } from './recurrence.ts';

export interface PlannedSeries {
  readonly municipality: string;
  readonly topic: string;
  readonly population: number;
  readonly recurrence: Recurrence;
  readonly forecast: SeasonForecast;
}

export interface Recommendation {
  readonly municipality: string;
  readonly topic: string;
  /** Day number to start informing residents. */
  readonly startDay: number;
  readonly onsetMonday: number;
  readonly onsetLow: number;
  readonly onsetHigh: number;
  /** Forecast season total and peak week per 10,000 residents. */
  readonly expectedPer10k: number;
  readonly peakWeeklyPer10k: number;
  readonly reason: string;
}

export interface RecommendOptions {
  /** Day number from which the coming weeks are looked at. */
  readonly fromDay: number;
  /** Recommendations whose start falls within this many weeks of `fromDay`. Default 8. */
  readonly horizonWeeks?: number;
  /** Weeks between the start of the campaign and the forecast onset. Default 2. */
  readonly leadWeeks?: number;
}

/** Day to start informing residents: min(onset − lead weeks, the week before the onset interval's lower end). */
export function campaignStartDay(forecast: SeasonForecast, leadWeeks = 2): number {
  return Math.min(forecast.onsetMonday.point - 7 * leadWeeks, forecast.onsetEarliestMonday - 7);
}

const per10k = (x: number, population: number) => (population > 0 ? (x * 10_000) / population : Number.NaN);
const fmt = (x: number) => (x >= 10 ? Math.round(x).toString() : x.toFixed(1).replace('.', ','));

/**
 * @example a recurring heating forecast with onset Monday 2026-10-05 and lead 2 weeks → start 2026-09-21
 */
export function recommendCampaigns(
  items: readonly PlannedSeries[],
  opts: RecommendOptions,
): Recommendation[] {
  const lead = opts.leadWeeks ?? 2;
  const horizonEnd = opts.fromDay + 7 * (opts.horizonWeeks ?? 8);
  const out: Recommendation[] = [];
  for (const it of items) {
    if (!it.recurrence.recurring) continue;
    const f = it.forecast;
    const onset = f.onsetMonday.point;
    if (onset < opts.fromDay) continue; // the wave has (probably) started: too late to warn ahead of it
    const startDay = campaignStartDay(f, lead);
    if (startDay >= horizonEnd) continue;
    const expectedPer10k = per10k(f.total.point, it.population);
    const peakWeeklyPer10k = per10k(f.peakWeekly.point, it.population);
    const reason =
      `тема повторяется здесь (сезонов: ${it.recurrence.seasons}, p = ${it.recurrence.pValue.toPrecision(2).replace('.', ',')}); ` +
      `начало волны ожидается в неделю с ${isoDateFromDay(onset)} (80%: ${isoDateFromDay(f.onsetMonday.low)} … ` +
      `${isoDateFromDay(f.onsetMonday.high)}), за сезон ~${fmt(expectedPer10k)} обращений на 10 000 жителей, ` +
      `в пик ~${fmt(peakWeeklyPer10k)} в неделю; начать за ${(onset - startDay) / 7} нед.`;
    out.push({
      municipality: it.municipality,
      topic: it.topic,
      startDay,
      onsetMonday: onset,
      onsetLow: f.onsetMonday.low,
      onsetHigh: f.onsetMonday.high,
      expectedPer10k,
      peakWeeklyPer10k,
      reason,
    });
  }
  return out.sort((a, b) => a.startDay - b.startDay || b.expectedPer10k - a.expectedPer10k);
}
