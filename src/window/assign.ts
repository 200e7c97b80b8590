/**
 * Window assignment: which tumbling window an event time falls into. Windows are aligned to the
 * municipality's *local* clock (`utcOffsetMin`, fixed in Russia since 2014: no daylight saving), so a `day`
 * window runs from local midnight to local midnight. For whole-hour offsets (every Russian zone) `5m` and
 * `hour` windows coincide with UTC-aligned ones.
 */
import type { Bucket } from '../records.ts';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** Length of each bucket's window. Fixed offsets mean a local day is always 24 h. */
export const BUCKET_SIZE_MS: Readonly<Record<Bucket, number>> = Object.freeze({
  '5m': 5 * MINUTE_MS,
  hour: HOUR_MS,
  day: DAY_MS,
});

/** Offsets that exist on Earth (UTC−12:00 … UTC+14:00). */
export const MIN_UTC_OFFSET_MIN = -720;
export const MAX_UTC_OFFSET_MIN = 840;

export function isValidUtcOffsetMin(utcOffsetMin: number): boolean {
  return (
    Number.isInteger(utcOffsetMin) && utcOffsetMin >= MIN_UTC_OFFSET_MIN && utcOffsetMin <= MAX_UTC_OFFSET_MIN
  );
}

/**
 * Start (epoch ms, UTC) of the window of `sizeMs` that holds `eventTimeMs`, aligned on the local clock.
 * @example windowStartForSizeMs(Date.parse('2026-11-23T03:00:00Z'), 86_400_000, 300) // → Date.parse('2026-11-22T19:00:00Z'): Yekaterinburg midnight
 */
export function windowStartForSizeMs(eventTimeMs: number, sizeMs: number, utcOffsetMin: number): number {
  const offsetMs = utcOffsetMin * MINUTE_MS;
  const localMs = eventTimeMs + offsetMs;
  return localMs - (((localMs % sizeMs) + sizeMs) % sizeMs) - offsetMs;
}

/**
 * Start of the `bucket` window that holds `eventTimeMs` for a municipality at `utcOffsetMin`.
 * @example windowStartMs('day', Date.parse('2026-11-23T15:30:00Z'), 600) // → Date.parse('2026-11-23T14:00:00Z'): Vladivostok midnight of 24 Nov
 */
export function windowStartMs(bucket: Bucket, eventTimeMs: number, utcOffsetMin: number): number {
  return windowStartForSizeMs(eventTimeMs, BUCKET_SIZE_MS[bucket], utcOffsetMin);
}

/** End (exclusive) of the window that starts at `startMs`. */
export function windowEndMs(bucket: Bucket, startMs: number): number {
  return startMs + BUCKET_SIZE_MS[bucket];
}
