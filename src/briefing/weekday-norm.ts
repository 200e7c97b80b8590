/**
 * The norm of a day: the mean count of the same weekday in the NORM_WEEKS weeks before it. Same weekday because
 * Mondays and Sundays differ; the weeks just before because they are the same season (heating complaints in
 * December are not July's). A day missing from the series counted 0 (the series lists non-empty days only).
 */
export const NORM_WEEKS = 4;

/**
 * @param countsByDay counts by local day number (days since 1970-01-01); absent days are zeros
 * @param firstDataDay the first day the store holds data for: weeks before it are not zeros but unknown
 * @example weekdayNorm(new Map([[93, 4], [86, 2]]), 100, 0).norm === 1.5 // (0 + 0 + 2 + 4) / 4
 */
export function weekdayNorm(
  countsByDay: ReadonlyMap<number, number>,
  dayNumber: number,
  firstDataDay: number,
  weeks = NORM_WEEKS,
): { norm: number | null; days: { dayNumber: number; count: number }[] } {
  const days: { dayNumber: number; count: number }[] = [];
  for (let w = weeks; w >= 1; w--) {
    const d = dayNumber - 7 * w;
    if (d >= firstDataDay) days.push({ dayNumber: d, count: countsByDay.get(d) ?? 0 });
  }
  if (days.length === 0) return { norm: null, days };
  return { norm: days.reduce((s, x) => s + x.count, 0) / days.length, days };
}
