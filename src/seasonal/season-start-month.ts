/**
 * The month a topic's season starts: the calendar month (0–11) where the topic is lowest on average — the mean
 * daily value over all of that month's days in the series, all years together. Seasons run 12 months from the
 * first day of that month, so a winter wave (heating, snow) is never cut in two by the calendar year.
 */
import type { DailySeries } from './daily-series.ts';
import { monthOfDay } from './days.ts';

/**
 * Undefined when some month has no day in the series (less than a year of data: the lowest month is unknown).
 * Ties go to the earliest month.
 * @example a series high from November to March and low in summer → 5 … 8 (whichever summer month is lowest)
 */
export function seasonStartMonth(series: DailySeries): number | undefined {
  const sum = new Array<number>(12).fill(0);
  const days = new Array<number>(12).fill(0);
  for (let i = 0; i < series.values.length; i++) {
    const m = monthOfDay(series.firstDay + i);
    sum[m] = (sum[m] as number) + (series.values[i] as number);
    days[m] = (days[m] as number) + 1;
  }
  if (days.some((n) => n === 0)) return undefined;
  let best = 0;
  for (let m = 1; m < 12; m++) {
    if ((sum[m] as number) / (days[m] as number) < (sum[best] as number) / (days[best] as number)) best = m;
  }
  return best;
}
