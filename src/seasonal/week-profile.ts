/**
 * The week-of-year shape of a topic: for each ISO week number 1–53, the mean weekly total over the years the
 * series holds that week, and how many years it rests on (week 53 exists in some years only).
 */
import { isoWeekOfYear } from './days.ts';
import type { WeekTotal } from './weekly-totals.ts';

export interface WeekOfYearProfile {
  /** ISO week numbers 1–53 (uPlot x). */
  readonly week: readonly number[];
  /** Mean weekly total; NaN where no year holds the week. */
  readonly mean: readonly number[];
  /** Years averaged. */
  readonly years: readonly number[];
}

/** @example two years with week 1 totals 4 and 6 → mean[0] = 5, years[0] = 2 */
export function weekOfYearProfile(weeks: readonly WeekTotal[]): WeekOfYearProfile {
  const sum = new Array<number>(53).fill(0);
  const n = new Array<number>(53).fill(0);
  for (const w of weeks) {
    const i = isoWeekOfYear(w.monday) - 1;
    sum[i] = (sum[i] as number) + w.total;
    n[i] = (n[i] as number) + 1;
  }
  return {
    week: Array.from({ length: 53 }, (_, i) => i + 1),
    mean: sum.map((s, i) => ((n[i] as number) > 0 ? s / (n[i] as number) : Number.NaN)),
    years: n,
  };
}
