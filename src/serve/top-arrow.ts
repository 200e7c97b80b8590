/**
 * A /api/top answer as one Arrow record batch: one row a ranked place, topic, street or district, in the answer's
 * order. Columns: key, name (Utf8), count, anomalies (Int32), perCapita (Float64, null when unknown), then those of
 * the answer's `by`: municipality — population (Int32), lat, lon, per10k, low, high, shrunk, shrunkLow, shrunkHigh,
 * weight (Float64, null for the unplaced bucket); street — share; district — share, authors. The answer's by, from,
 * to and messagesRead are in the schema's metadata. Pure.
 */
import { Float64, Int32, type RecordBatch, Utf8, type Vector, vectorFromArray } from 'apache-arrow';
import { recordBatchOf, schemaOf } from '../arrow/index.ts';
import type { TopReply } from './schemas.ts';

type Row = TopReply['rows'][number];
type OptionalColumn = Exclude<keyof Row, 'key' | 'name' | 'count' | 'perCapita' | 'anomalies'>;

const INTEGER: ReadonlySet<OptionalColumn> = new Set(['population', 'authors']);

/** The optional columns of each `by` (a fixed set, so an empty answer has the same schema as a full one). */
export const TOP_COLUMNS_BY: Readonly<Record<string, readonly OptionalColumn[]>> = {
  municipality: [
    'population',
    'lat',
    'lon',
    'per10k',
    'low',
    'high',
    'shrunk',
    'shrunkLow',
    'shrunkHigh',
    'weight',
  ],
  topic: [],
  street: ['share'],
  district: ['share', 'authors'],
};

export function topRecordBatch(t: TopReply): RecordBatch {
  const rows = t.rows;
  const ints = (f: (r: Row) => number | null | undefined) =>
    vectorFromArray(
      rows.map((r) => f(r) ?? null),
      new Int32(),
    );
  const floats = (f: (r: Row) => number | null | undefined) =>
    vectorFromArray(
      rows.map((r) => f(r) ?? null),
      new Float64(),
    );
  const columns: [string, Vector][] = [
    [
      'key',
      vectorFromArray(
        rows.map((r) => r.key),
        new Utf8(),
      ),
    ],
    [
      'name',
      vectorFromArray(
        rows.map((r) => r.name),
        new Utf8(),
      ),
    ],
    ['count', ints((r) => r.count)],
    ['anomalies', ints((r) => r.anomalies)],
    ['perCapita', floats((r) => r.perCapita)],
  ];
  for (const c of TOP_COLUMNS_BY[t.by] ?? [])
    columns.push([c, INTEGER.has(c) ? ints((r) => r[c]) : floats((r) => r[c])]);
  const metadata = new Map([
    ['by', t.by],
    ['from', t.from],
    ['to', t.to],
  ]);
  if (t.messagesRead !== undefined) metadata.set('messagesRead', String(t.messagesRead));
  return recordBatchOf(columns, schemaOf(columns, metadata));
}
