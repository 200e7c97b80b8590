/**
 * `vsplesk export --format arrow`: the rows of a store table written as an Arrow IPC *file* (.arrow; what
 * `pl.read_ipc`, `pyarrow.ipc.open_file`/`pd.read_feather` and `arrow::read_ipc_file` open), one record batch per
 * chunk of rows as they are read, so memory holds one chunk, not the table. Code columns (municipality, topic,
 * severity…) are dictionary-encoded against dictionaries read first (an IPC file allows one per column).
 */
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  Bool,
  type DataType,
  DateDay,
  Field,
  Float64,
  Int16,
  Int32,
  Int64,
  List,
  RecordBatchFileWriter,
  type Schema,
  TimestampMillisecond,
  Utf8,
  type Vector,
  vectorFromArray,
} from 'apache-arrow';
import {
  dictionaryColumn,
  recordBatchOf,
  type StringDictionary,
  schemaOf,
  stringDictionary,
} from '../arrow/index.ts';
import type { ExportChunk, ExportColumn, ExportColumnKind, ExportRows } from '../store/export-source.ts';

/** Columns stored as dictionaries when they are strings: codes and names that repeat from row to row. */
export const DICTIONARY_COLUMNS: readonly string[] = [
  'municipality',
  'municipality_name',
  'region',
  'district',
  'topic',
  'kind',
  'status',
  'severity',
  'bucket',
  'detector',
  'cause_kind',
];

const DAY_MS = 86_400_000;

/** Writes `rows` to `path` (which the caller renames into place); returns the rows written. */
export async function writeArrowFile(
  path: string,
  rows: ExportRows,
  dictionaries: ReadonlyMap<string, readonly string[]>,
  metadata: ReadonlyMap<string, string>,
): Promise<number> {
  const dicts = new Map<string, StringDictionary>();
  rows.columns.forEach((c, i) => {
    const values = dictionaries.get(c.name);
    if (c.kind === 'string' && values !== undefined) dicts.set(c.name, stringDictionary(values, i));
  });
  const vectorsOf = (chunk: ExportChunk): [string, Vector][] =>
    rows.columns.map((c, i) => [c.name, vectorOf(c, chunk.columns[i] ?? [], dicts.get(c.name))]);
  // The schema from an empty chunk: the same object for every batch (a different one would start a new file).
  const empty = vectorsOf({ length: 0, columns: rows.columns.map(() => []) });
  const schema: Schema = schemaOf(empty, metadata);
  const writer = new RecordBatchFileWriter();
  writer.reset(undefined, schema);
  const written = pipeline(Readable.from(writer), createWriteStream(path));
  let n = 0;
  try {
    for await (const chunk of rows.chunks) {
      writer.write(recordBatchOf(vectorsOf(chunk), schema));
      n += chunk.length;
      // Let the file stream take the bytes before the next chunk is read.
      await new Promise((r) => setImmediate(r));
    }
    if (n === 0) writer.write(recordBatchOf(empty, schema));
  } finally {
    writer.close();
  }
  await written;
  return n;
}

const ARROW_TYPES: Readonly<Record<Exclude<ExportColumnKind, 'string_list'>, () => DataType>> = {
  string: () => new Utf8(),
  int16: () => new Int16(),
  int32: () => new Int32(),
  int64: () => new Int64(),
  float64: () => new Float64(),
  bool: () => new Bool(),
  timestamp_ms: () => new TimestampMillisecond('UTC'),
  date_day: () => new DateDay(),
};

/** One column of a chunk as an Arrow vector of the column's type. */
function vectorOf(c: ExportColumn, values: readonly unknown[], dict: StringDictionary | undefined): Vector {
  if (dict !== undefined) return dictionaryColumn(dict, values as (string | null)[]);
  switch (c.kind) {
    case 'string_list':
      return vectorFromArray(values, new List(new Field('item', new Utf8(), true)));
    case 'date_day':
      // apache-arrow builds a Date32 from epoch ms.
      return vectorFromArray(
        values.map((d) => (d === null ? null : (d as number) * DAY_MS)),
        new DateDay(),
      );
    default:
      return vectorFromArray(values, ARROW_TYPES[c.kind]());
  }
}
