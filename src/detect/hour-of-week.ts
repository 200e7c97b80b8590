/**
 * Local hour of the week (0 = Monday 00:00–01:00 local time … 167 = Sunday 23:00–24:00), for a municipality
 * with a fixed UTC offset (Russia has no daylight saving since 2014).
 */
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
export const HOURS_PER_WEEK = 168;
/** 1970-01-01 was a Thursday: hour 0 of the epoch is hour 72 of its week counted from Monday. */
const EPOCH_HOUR_OF_WEEK = 72;

/**
 * @example localHourOfWeek(Date.parse('2026-11-23T04:30:00Z'), 300) // → 9: Monday 09:30 in Yekaterinburg
 */
export function localHourOfWeek(timeMs: number, utcOffsetMin: number): number {
  const localHour = Math.floor((timeMs + utcOffsetMin * MINUTE_MS) / HOUR_MS);
  return (((localHour + EPOCH_HOUR_OF_WEEK) % HOURS_PER_WEEK) + HOURS_PER_WEEK) % HOURS_PER_WEEK;
}

/** The end of the local hour that holds `timeMs` (offset in ms), as UTC ms: where a piece of `forEachLocalHour` ends. */
export function localHourEndMs(timeMs: number, offsetMs: number): number {
  const local = timeMs + offsetMs;
  return local - (((local % HOUR_MS) + HOUR_MS) % HOUR_MS) + HOUR_MS - offsetMs;
}

/**
 * Cut [fromMs, toMs) at local hour boundaries and call `visit(hourOfWeek, hours, pieceStartMs)` for each piece,
 * in order.
 * Precondition: fromMs ≤ toMs. Cost: one call per local hour touched.
 */
export function forEachLocalHour(
  fromMs: number,
  toMs: number,
  utcOffsetMin: number,
  visit: (hourOfWeek: number, hours: number, pieceStartMs: number) => void,
): void {
  const offsetMs = utcOffsetMin * MINUTE_MS;
  let t = fromMs;
  while (t < toMs) {
    const end = Math.min(localHourEndMs(t, offsetMs), toMs);
    visit(localHourOfWeek(t, utcOffsetMin), (end - t) / HOUR_MS, t);
    t = end;
  }
}
