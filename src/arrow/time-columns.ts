/**
 * Time columns built straight from typed arrays (no per-value builder): instants as Timestamp[ms, zone], local
 * calendar days as Date32. No nulls. Pure.
 */
import { DateDay, makeData, makeVector, TimestampMillisecond, type Vector } from 'apache-arrow';

/** @example [...timestampMsColumn([0, 3_600_000], 'UTC')] → [0, 3600000] */
export function timestampMsColumn(
  epochMs: ArrayLike<number>,
  timeZone: string,
): Vector<TimestampMillisecond> {
  const data = new BigInt64Array(epochMs.length);
  for (let i = 0; i < epochMs.length; i++) data[i] = BigInt(epochMs[i] as number);
  return makeVector(
    makeData({ type: new TimestampMillisecond(timeZone), length: data.length, nullCount: 0, data }),
  );
}

/** Days since 1970-01-01. @example [...dateDayColumn([1])] → [86400000] (apache-arrow reads a date as epoch ms) */
export function dateDayColumn(days: ArrayLike<number>): Vector<DateDay> {
  const data = Int32Array.from(days);
  return makeVector(makeData({ type: new DateDay(), length: data.length, nullCount: 0, data }));
}
