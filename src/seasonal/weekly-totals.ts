/**
 * Weekly totals over ISO weeks (Monday to Sunday). A week the series covers only in part (its first or last
 * days) is left out: a partial week would read as a dip.
 */
import { type DailySeries, endDay } from './daily-series.ts';
import { mondayOnOrBefore } from './days.ts';

export interface WeekTotal {
  /** Day number of the week's Monday. */
  readonly monday: number;
  readonly total: number;
}

/**
 * @example weeklyTotals({ firstDay: 4, values: Array(14).fill(1) }) // 1970-01-05 is a Monday
 *   // → [{ monday: 4, total: 7 }, { monday: 11, total: 7 }]
 */
export function weeklyTotals(series: DailySeries): WeekTotal[] {
  const out: WeekTotal[] = [];
  let monday = mondayOnOrBefore(series.firstDay);
  if (monday < series.firstDay) monday += 7;
  const end = endDay(series);
  for (; monday + 7 <= end; monday += 7) {
    let total = 0;
    const offset = monday - series.firstDay;
    for (let d = 0; d < 7; d++) total += series.values[offset + d] as number;
    out.push({ monday, total });
  }
  return out;
}
