/** Test helpers: day numbers from dates and daily series from a function of the day. */
import { dayFromIsoDate } from './days.ts';

export const day = (s: string) => dayFromIsoDate(s) as number;

/** A daily series from `from` to `to` (exclusive) with `f(day)` each day. */
export function seriesOf(from: string, to: string, f: (d: number) => number) {
  const first = day(from);
  return { firstDay: first, values: Array.from({ length: day(to) - first }, (_, i) => f(first + i)) };
}
