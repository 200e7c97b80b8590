/**
 * Where the listed alerts sit on the chart: one band per listed alert over the points of its flagged windows (an
 * incident's row is its head alert, whose end is the incident's latest: its band covers the whole story), in the
 * chart's x (unix seconds of bucket starts; for day buckets the local calendar date at 00:00 UTC, as the series
 * gives it). A band runs half a bucket either side of its first and last point, so a one-window alert still
 * covers its point. Bands wholly outside the series' buckets are left out; the rest are clipped to them.
 */
import type { AlertItem, Series } from './api-client.ts';

export interface AlertBand {
  id: string;
  fromS: number;
  toS: number;
  severity: AlertItem['severity'];
  expected: boolean;
  /** «Екатеринбург · Отопление» (a tooltip; shown through textContent / title only). */
  label: string;
}

const BUCKET_S: Record<Series['bucket'], number> = { '5m': 300, hour: 3_600, day: 86_400 };

/**
 * @example
 * // An hour-bucket alert of the windows 08:00 and 09:00 UTC: its band runs from 07:30 to 09:30.
 * alertBands([{ id: 'a', startMs: Date.UTC(2026, 0, 30, 8), endMs: Date.UTC(2026, 0, 30, 10), … }], 'hour', 300, xs)
 * // → [{ id: 'a', fromS: Date.UTC(2026, 0, 30, 7, 30) / 1e3, toS: Date.UTC(2026, 0, 30, 9, 30) / 1e3, … }]
 */
export function alertBands(
  alerts: readonly AlertItem[],
  bucket: Series['bucket'],
  utcOffsetMin: number,
  xs: readonly number[],
): AlertBand[] {
  const first = xs[0];
  const last = xs[xs.length - 1];
  if (first === undefined || last === undefined) return [];
  const sizeS = BUCKET_S[bucket];
  const half = sizeS / 2;
  const minS = first - half;
  const maxS = last + half;
  const bands: AlertBand[] = [];
  for (const a of alerts) {
    let fromS: number;
    let toS: number;
    if (bucket === 'day') {
      // Day buckets are local dates: the alert's first and last local days.
      const offsetS = utcOffsetMin * 60;
      const day = (s: number) => Math.floor((s + offsetS) / sizeS) * sizeS;
      fromS = day(a.startMs / 1e3) - half;
      toS = day(Math.max(a.startMs, a.endMs - 1) / 1e3) + half;
    } else {
      fromS = a.startMs / 1e3 - half;
      toS = Math.max(a.endMs / 1e3, a.startMs / 1e3 + sizeS) - half;
    }
    if (toS <= minS || fromS >= maxS) continue;
    bands.push({
      id: a.id,
      fromS: Math.max(fromS, minS),
      toS: Math.min(toS, maxS),
      severity: a.severity,
      expected: a.expected,
      label: `${a.municipalityName ?? a.municipality} · ${a.topicName ?? a.topic}`,
    });
  }
  return bands;
}
