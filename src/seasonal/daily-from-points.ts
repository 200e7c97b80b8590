/**
 * A gap-free daily series from sparse (day, count) points — a daily count table has no row for a day without
 * complaints, so a missing day is 0. Points outside [fromDay, toDay) are ignored; a day given twice is summed.
 */
import type { DailySeries } from './daily-series.ts';

/** @example dailyFromPoints([{ day: 3, count: 2 }], 2, 5) // → { firstDay: 2, values: [0, 2, 0] } */
export function dailyFromPoints(
  points: readonly { readonly day: number; readonly count: number }[],
  fromDay: number,
  toDay: number,
): DailySeries {
  const values = new Array<number>(Math.max(0, toDay - fromDay)).fill(0);
  for (const p of points) {
    if (p.day >= fromDay && p.day < toDay)
      values[p.day - fromDay] = (values[p.day - fromDay] as number) + p.count;
  }
  return { firstDay: fromDay, values };
}
