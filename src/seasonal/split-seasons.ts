/**
 * Seasons of a daily series: the 12 months from the first day of `startMonth` (season-start-month.ts), each
 * with its ISO weeks — a week belongs to the season holding its Monday. Week `index` 0 is the first Monday on
 * or after the season's first day, so the same index is the same time of the season in every year.
 */
import { type DailySeries, endDay } from './daily-series.ts';
import { monthStartDay, yearOfDay } from './days.ts';
import { type WeekTotal, weeklyTotals } from './weekly-totals.ts';

export interface Season {
  /** Day number of the season's first day (the 1st of the start month). */
  readonly startDay: number;
  /** Day number of the next season's first day. */
  readonly nextStartDay: number;
  /** Day number of week 0's Monday. */
  readonly firstMonday: number;
  /** Full weeks of the series in this season, in order; `index` = (monday − firstMonday) / 7. */
  readonly weeks: readonly (WeekTotal & { readonly index: number })[];
  /**
   * Every day of the season is in the series (its first Monday's week on; the days before the first Monday
   * belong to the previous season's last week). The last week, which runs into the next season, is in `weeks`
   * only when the series covers it too.
   */
  readonly complete: boolean;
}

/** Day number of the first Monday on or after `day`. */
export function firstMondayOnOrAfter(day: number): number {
  const weekday = (((day + 3) % 7) + 7) % 7; // 0 = Monday (day 0, 1970-01-01, was a Thursday)
  return weekday === 0 ? day : day + 7 - weekday;
}

/** The season starting at `startDay` and the next one's start, for a start month. */
export function seasonBounds(startDay: number): { startDay: number; nextStartDay: number } {
  const d = new Date(startDay * 86_400_000);
  return { startDay, nextStartDay: monthStartDay(d.getUTCFullYear() + 1, d.getUTCMonth()) };
}

/** Every season the series touches, oldest first, complete or not. */
export function splitSeasons(series: DailySeries, startMonth: number): Season[] {
  const weeks = weeklyTotals(series);
  const end = endDay(series);
  let year = yearOfDay(series.firstDay);
  let start = monthStartDay(year, startMonth);
  if (start > series.firstDay) start = monthStartDay(--year, startMonth);
  const out: Season[] = [];
  let w = 0;
  while (start < end) {
    const { nextStartDay } = seasonBounds(start);
    const firstMonday = firstMondayOnOrAfter(start);
    const mine: (WeekTotal & { index: number })[] = [];
    while (w < weeks.length && (weeks[w] as WeekTotal).monday < nextStartDay) {
      const wk = weeks[w] as WeekTotal;
      if (wk.monday >= start) mine.push({ ...wk, index: (wk.monday - firstMonday) / 7 });
      w++;
    }
    const complete = firstMonday >= series.firstDay && nextStartDay <= end;
    out.push({ startDay: start, nextStartDay, firstMonday, weeks: mine, complete });
    start = nextStartDay;
  }
  return out;
}
