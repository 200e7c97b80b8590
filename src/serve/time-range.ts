/**
 * Query periods: parse `from`/`to` (ISO date or date-time) and align them to buckets. Pure; the default period
 * (the last 30 days of data) is decided from the store's data range passed in.
 */

import { vspError } from '../errors.ts';
import type { Bucket } from '../records.ts';

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;
export const DEFAULT_PERIOD_MS = 30 * DAY_MS;
/** Moscow time: the zone of dates when no municipality is selected. */
export const DEFAULT_UTC_OFFSET_MIN = 180;

export const BUCKET_MS: Readonly<Record<Bucket, number>> = Object.freeze({
  '5m': 5 * MINUTE_MS,
  hour: 60 * MINUTE_MS,
  day: DAY_MS,
});

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_DT_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/;

/**
 * Epoch ms of an ISO date or date-time; a date or an offset-less date-time is read at `utcOffsetMin`. A date as
 * the end of a period (`endOfDate`) means the end of that day. Throws VSP_SERVE_BAD_QUERY on an impossible date.
 *   parseInstant('2026-01-10', 300, false) → Date.UTC(2026, 0, 9, 19)
 */
export function parseInstant(s: string, utcOffsetMin: number, endOfDate: boolean, field: string): number {
  const d = DATE_RE.exec(s);
  if (d) {
    const ms = utcOf(Number(d[1]), Number(d[2]), Number(d[3]), 0, 0, 0, 0, s, field);
    return ms - utcOffsetMin * MINUTE_MS + (endOfDate ? DAY_MS : 0);
  }
  const t = LOCAL_DT_RE.exec(s);
  if (t) {
    const ms = utcOf(
      Number(t[1]),
      Number(t[2]),
      Number(t[3]),
      Number(t[4]),
      Number(t[5]),
      Number(t[6] ?? 0),
      Number((t[7] ?? '0').padEnd(3, '0')),
      s,
      field,
    );
    return ms - utcOffsetMin * MINUTE_MS;
  }
  const ms = Date.parse(s);
  if (Number.isNaN(ms))
    throw vspError('VSP_SERVE_BAD_QUERY', `${field}='${s}' is not an ISO 8601 date or date-time`);
  return ms;
}

function utcOf(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  sec: number,
  msec: number,
  s: string,
  field: string,
) {
  const ms = Date.UTC(y, mo - 1, d, h, mi, sec, msec);
  const back = new Date(ms);
  if (
    back.getUTCFullYear() !== y ||
    back.getUTCMonth() !== mo - 1 ||
    back.getUTCDate() !== d ||
    h > 23 ||
    mi > 59 ||
    sec > 59
  ) {
    throw vspError('VSP_SERVE_BAD_QUERY', `${field}='${s}' is not a valid date`);
  }
  return ms;
}

export interface Period {
  fromMs: number;
  toMs: number;
}

/**
 * The requested period, defaulting to the last 30 days of data (or of `nowMs` when the store is empty).
 * Throws VSP_SERVE_BAD_QUERY when from ≥ to.
 */
/**
 * An optional, open-ended period of a list query (anomalies, alerts): from and/or to in the selection's local
 * time; 400 when both are given and from is not before to.
 */
export function parseOptionalPeriod(
  q: { from?: string | undefined; to?: string | undefined },
  utcOffsetMin: number,
): { fromMs: number | undefined; toMs: number | undefined } {
  const fromMs = q.from === undefined ? undefined : parseInstant(q.from, utcOffsetMin, false, 'from');
  const toMs = q.to === undefined ? undefined : parseInstant(q.to, utcOffsetMin, true, 'to');
  if (fromMs !== undefined && toMs !== undefined && fromMs >= toMs)
    throw vspError('VSP_SERVE_BAD_QUERY', `from (${q.from}) must be before to (${q.to})`);
  return { fromMs, toMs };
}

export function resolvePeriod(
  q: { from?: string | undefined; to?: string | undefined },
  utcOffsetMin: number,
  dataToMs: number | null,
  nowMs: number,
): Period {
  const fromMs = q.from === undefined ? undefined : parseInstant(q.from, utcOffsetMin, false, 'from');
  let toMs = q.to === undefined ? undefined : parseInstant(q.to, utcOffsetMin, true, 'to');
  if (toMs === undefined) toMs = fromMs === undefined ? (dataToMs ?? nowMs) : fromMs + DEFAULT_PERIOD_MS;
  const from = fromMs ?? toMs - DEFAULT_PERIOD_MS;
  if (from >= toMs) {
    throw vspError(
      'VSP_SERVE_BAD_QUERY',
      `from (${new Date(from).toISOString()}) must be before to (${new Date(toMs).toISOString()})`,
    );
  }
  return { fromMs: from, toMs };
}

export interface BucketGrid {
  /** First bucket start (ms; for 'day': the local calendar day number × DAY_MS, i.e. the date at 00:00 UTC). */
  startMs: number;
  stepMs: number;
  points: number;
  /** For 'day': local calendar day numbers [fromDay, toDay). */
  fromDay?: number;
  toDay?: number;
  /** Real instants covered: [fromMs, toMs). */
  fromMs: number;
  toMs: number;
}

/** Aligns a period to whole buckets: 5m/hour on the UTC epoch grid, days on local calendar days. */
export function bucketGrid(p: Period, bucket: Bucket, utcOffsetMin: number): BucketGrid {
  const step = BUCKET_MS[bucket];
  if (bucket === 'day') {
    const off = utcOffsetMin * MINUTE_MS;
    const fromDay = Math.floor((p.fromMs + off) / DAY_MS);
    const toDay = Math.ceil((p.toMs + off) / DAY_MS);
    return {
      startMs: fromDay * DAY_MS,
      stepMs: DAY_MS,
      points: toDay - fromDay,
      fromDay,
      toDay,
      fromMs: fromDay * DAY_MS - off,
      toMs: toDay * DAY_MS - off,
    };
  }
  const fromMs = Math.floor(p.fromMs / step) * step;
  const toMs = Math.ceil(p.toMs / step) * step;
  return { startMs: fromMs, stepMs: step, points: (toMs - fromMs) / step, fromMs, toMs };
}
