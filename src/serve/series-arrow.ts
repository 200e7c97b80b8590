/**
 * A /api/series answer as one Arrow record batch: one row a bucket. Columns: `start` (5m, hour: the bucket's start,
 * Timestamp[ms] in the selection's zone) or `date` (day: the local calendar date, Date32), `count` and
 * `uniqueAuthors` (Int32), `perCapita` (Float64, with per_capita=1), `anomalies` (Int32: flagged windows in the
 * bucket) and `severity` (dictionary: the highest of them, null when none). The selection and period are in the
 * schema's metadata (bucket, municipality, region, topic, from, to, utcOffsetMin, population). Pure.
 */
import {
  DateDay,
  makeVector,
  type RecordBatch,
  TimestampMillisecond,
  type Vector,
  vectorFromArray,
} from 'apache-arrow';
import {
  arrowTimeZone,
  dictionaryColumn,
  recordBatchOf,
  schemaOf,
  stringDictionary,
} from '../arrow/index.ts';
import type { SeriesReply } from './schemas.ts';

/** Severities from the highest; the dictionary of the `severity` column. */
const SEVERITIES = ['critical', 'high', 'normal'] as const;

export function seriesRecordBatch(s: SeriesReply): RecordBatch {
  const n = s.x.length;
  const at = new Map<number, number>();
  for (let i = 0; i < n; i++) at.set(s.x[i] as number, i);
  const anomalies = new Int32Array(n);
  const worst: (string | null)[] = new Array(n).fill(null);
  for (const a of s.anomalies) {
    const i = at.get(a.x);
    if (i === undefined) continue;
    anomalies[i] = (anomalies[i] as number) + 1;
    const w = worst[i] ?? null;
    if (w === null || rank(a.severity) < rank(w)) worst[i] = a.severity;
  }
  const time: readonly [string, Vector] =
    s.bucket === 'day'
      ? [
          'date',
          vectorFromArray(
            s.x.map((x) => x * 1000),
            new DateDay(),
          ),
        ]
      : [
          'start',
          vectorFromArray(
            s.x.map((x) => x * 1000),
            new TimestampMillisecond(arrowTimeZone(s.utcOffsetMin)),
          ),
        ];
  const columns: [string, Vector][] = [
    time as [string, Vector],
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
