/**
 * A municipality's local calendar day as instants. Russia keeps no daylight-saving time since 2014, so a town's
 * zone is a fixed offset (the gazetteer's utcOffsetMin) and a local day is always 24 hours.
 */

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;
/** The hour (local) a briefing is made for: its night runs from the end of the day to this hour. */
export const MORNING_HOUR = 7;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface LocalDay {
  /** YYYY-MM-DD. */
  date: string;
  utcOffsetMin: number;
  /** Days since 1970-01-01 of the local date (the API's `day` bucket number). */
  dayNumber: number;
  /** Local midnight that starts and the one that ends it, as epoch ms. */
  fromMs: number;
  toMs: number;
  /** 07:00 local of the next day: when the briefing is read. */
  morningMs: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
}

/** Whether `s` is a real calendar date written YYYY-MM-DD. */
export function isLocalDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

/** @example localDay('2026-12-06', 300).fromMs === Date.UTC(2026, 11, 5, 19) */
export function localDay(date: string, utcOffsetMin: number): LocalDay {
  if (!isLocalDate(date)) throw new RangeError(`'${date}' is not a date (YYYY-MM-DD)`);
  const dayNumber = Date.parse(`${date}T00:00:00Z`) / DAY_MS;
  const fromMs = dayNumber * DAY_MS - utcOffsetMin * MINUTE_MS;
  return {
    date,
    utcOffsetMin,
    dayNumber,
    fromMs,
    toMs: fromMs + DAY_MS,
    morningMs: fromMs + DAY_MS + MORNING_HOUR * 3_600_000,
    weekday: new Date(dayNumber * DAY_MS).getUTCDay(),
  };
}

/** The local date `days` after (or before, negative) `date`. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The local date of an instant in a zone. */
export function localDateOf(ms: number, utcOffsetMin: number): string {
  return new Date(ms + utcOffsetMin * MINUTE_MS).toISOString().slice(0, 10);
}

/**
 * The default date of a briefing: the local day before `nowMs` in the town's zone ("yesterday" as the head reads
 * it in the morning). When the data end earlier (a replayed year, the demo), the last whole day of data instead.
 */
export function defaultBriefingDate(nowMs: number, dataToMs: number | null, utcOffsetMin: number): string {
  const ref = dataToMs === null ? nowMs : Math.min(nowMs, dataToMs);
  return addDays(localDateOf(ref, utcOffsetMin), -1);
}
