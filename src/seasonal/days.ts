/**
 * Calendar days as integers: day 0 is 1970-01-01 (UTC). Seasonal statistics work on whole days, so a day number
 * is the only time type in src/seasonal; ISO weeks start on Monday (1970-01-01 was a Thursday).
 */

const DAY_MS = 86_400_000;

/**
 * Day number of a `YYYY-MM-DD` date, or undefined when it is not a real date.
 * @example dayFromIsoDate('1970-01-05') // → 4
 */
export function dayFromIsoDate(s: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m === null) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return undefined;
  if (d > new Date(Date.UTC(y, mo, 0)).getUTCDate()) return undefined;
  return Date.UTC(y, mo - 1, d) / DAY_MS;
}

/** `YYYY-MM-DD` of a day number. @example isoDateFromDay(4) // → '1970-01-05' */
export function isoDateFromDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The day number of the UTC day holding `timeMs`. */
export function dayOfTimeMs(timeMs: number): number {
  return Math.floor(timeMs / DAY_MS);
}

/** The Monday on or before `day` (the ISO week's first day). @example mondayOnOrBefore(0) // → -3 (1969-12-29) */
export function mondayOnOrBefore(day: number): number {
  // 1970-01-01 (day 0) is a Thursday: weekday index from Monday = (day + 3) mod 7.
  return day - ((((day + 3) % 7) + 7) % 7);
}

/** Calendar month 0–11 of a day. */
export function monthOfDay(day: number): number {
  return new Date(day * DAY_MS).getUTCMonth();
}

/** Calendar year of a day. */
export function yearOfDay(day: number): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}

/** Day number of the first day of `month` (0–11, may overflow into the next years) of `year`. */
export function monthStartDay(year: number, month: number): number {
  return Date.UTC(year, month, 1) / DAY_MS;
}

/** ISO week-of-year 1–53 of a day (the week holding its Thursday decides the year). */
export function isoWeekOfYear(day: number): number {
  const thursday = mondayOnOrBefore(day) + 3;
  const jan1 = monthStartDay(yearOfDay(thursday), 0);
  return Math.floor((thursday - jan1) / 7) + 1;
}
