/**
 * A /api/series answer as one Arrow record batch: one row a bucket. Columns: `start` (5m, hour: the bucket's start,
 * Timestamp[ms] in the selection's zone) or `date` (day: the local calendar date, Date32), `count` and
 * `uniqueAuthors` (Int32), `perCapita` (Float64, with per_capita=1), `anomalies` (Int32: flagged windows in the
 * bucket) and `severity` (dictionary: the highest of them, null when none). The selection and period are in the
 * schema's metadata (bucket, municipality, region, topic, from, to, utcOffsetMin, population). Pure.
 */
import { makeVector, type RecordBatch, type Vector } from 'apache-arrow';
import {
  arrowTimeZone,
  dateDayColumn,
  dictionaryColumn,
  recordBatchOf,
  schemaOf,
  stringDictionary,
  timestampMsColumn,
} from '../arrow/index.ts';
import type { SeriesReply } from './schemas.ts';
import { BUCKET_MS } from './time-range.ts';

/** Severities from the highest; the dictionary of the `severity` column. */
const SEVERITIES = ['critical', 'high', 'normal'] as const;

export function seriesRecordBatch(s: SeriesReply): RecordBatch {
  const n = s.x.length;
  // x is a regular grid (series-columns.ts): an anomaly's bucket is found by arithmetic.
  const stepS = BUCKET_MS[s.bucket] / 1000;
  const anomalies = new Int32Array(n);
  const worst: (string | null)[] = new Array(n).fill(null);
  for (const a of s.anomalies) {
    const i = (a.x - (s.x[0] ?? 0)) / stepS;
    if (!Number.isInteger(i) || i < 0 || i >= n) continue;
    anomalies[i] = (anomalies[i] as number) + 1;
    const w = worst[i] ?? null;
    if (w === null || rank(a.severity) < rank(w)) worst[i] = a.severity;
  }
  const time: [string, Vector] =
    s.bucket === 'day'
      ? ['date', dateDayColumn(s.x.map((x) => x / 86_400))]
      : [
          'start',
          timestampMsColumn(
            s.x.map((x) => x * 1000),
            arrowTimeZone(s.utcOffsetMin),
          ),
        ];
  const columns: [string, Vector][] = [
    time,
    ['count', makeVector(Int32Array.from(s.count))],
    ['uniqueAuthors', makeVector(Int32Array.from(s.uniqueAuthors))],
  ];
  if (s.perCapita) columns.push(['perCapita', makeVector(Float64Array.from(s.perCapita))]);
  columns.push(['anomalies', makeVector(anomalies)]);
  columns.push(['severity', dictionaryColumn(stringDictionary([...SEVERITIES], 0), worst)]);
  const metadata = new Map<string, string>([
    ['bucket', s.bucket],
    ['municipality', s.municipality],
    ['region', s.region],
    ['topic', s.topic],
    ['from', s.from],
    ['to', s.to],
    ['utcOffsetMin', String(s.utcOffsetMin)],
  ]);
  if (s.population !== null) metadata.set('population', String(s.population));
  return recordBatchOf(columns, schemaOf(columns, metadata));
}

const rank = (severity: string) => {
  const i = SEVERITIES.indexOf(severity as (typeof SEVERITIES)[number]);
  return i < 0 ? SEVERITIES.length : i;
};
