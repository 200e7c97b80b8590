/** A daily series: one value a day from `firstDay` (day number, days.ts), no gaps (a day with no complaints is 0). */
export interface DailySeries {
  readonly firstDay: number;
  readonly values: readonly number[];
}

/** The day after the series' last day. */
export function endDay(series: DailySeries): number {
  return series.firstDay + series.values.length;
}
