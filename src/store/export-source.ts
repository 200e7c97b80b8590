/**
 * What `vsplesk export` reads (issue 16, "columnar out"): a store file opened read-only on a connection of its own
 * — nothing is written to it; a process holding it read-write (a running `serve` or `run`) makes the open fail as
 * locked — with the TEMP views of queries/export_views_create.sql. Parquet and CSV are written by DuckDB itself
 * (COPY). For Arrow the rows are streamed chunk by chunk as plain columns (commands/export-arrow.ts makes the
 * batches): a year of counts never sits in one JS array.
 */
import {
  type DuckDBConnection,
  type DuckDBDateValue,
  DuckDBInstance,
  type DuckDBListValue,
  type DuckDBTimestampTZValue,
  type DuckDBType,
  DuckDBTypeId,
  type DuckDBValue,
} from '@duckdb/node-api';
import { vspError } from '../errors.ts';
import { loadQueries, type Queries } from './queries.ts';
import { describeOpenFailure } from './store-failure.ts';

/** The views of export_views_create.sql, one per exported table (counts: one per bucket). */
export type ExportView =
  | 'export_counts_5m'
  | 'export_counts_hour'
  | 'export_counts_day'
  | 'export_alerts'
  | 'export_anomalies'
  | 'export_stories';

/** Which rows: those overlapping [fromMs, toMs) (null: open) in one region (null: all). */
export interface ExportSelection {
  view: ExportView;
  fromMs: number | null;
  toMs: number | null;
  region: string | null;
}

/** A column's values as JS: timestamps in epoch ms, dates in days since 1970-01-01, lists of strings. */
export type ExportColumnKind =
  | 'string'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'float64'
  | 'bool'
  | 'timestamp_ms'
  | 'date_day'
  | 'string_list';

export interface ExportColumn {
  name: string;
  kind: ExportColumnKind;
}

export type ExportValue = string | number | bigint | boolean | readonly string[] | null;

/** Some consecutive rows, column by column (`columns[i]` holds the values of column i, `length` of them). */
export interface ExportChunk {
  length: number;
  columns: ExportValue[][];
}

export interface ExportRows {
  columns: readonly ExportColumn[];
  chunks: AsyncIterable<ExportChunk>;
}

export interface ExportSource {
  /** Writes the selection to `path` with DuckDB's COPY; returns the rows written. */
  copyTo(sel: ExportSelection, format: 'parquet' | 'csv', path: string): Promise<number>;
  /** The distinct non-null values of `columns` (VARCHAR columns of the view) among the selected rows, sorted. */
  distinctValues(sel: ExportSelection, columns: readonly string[]): Promise<Map<string, string[]>>;
  /** The selected rows in time order, in chunks of about `chunkRows` (read lazily: one chunk in memory at a time). */
  rows(sel: ExportSelection, chunkRows: number): Promise<ExportRows>;
  close(): void;
}

export async function openExportSource(
  path: string,
  queries: Queries = loadQueries(),
): Promise<ExportSource> {
  let instance: DuckDBInstance;
  let conn: DuckDBConnection;
  try {
    instance = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
  } catch (cause) {
    throw vspError('VSP_STORE_FAILED', describeOpenFailure(path, cause), cause);
  }
  try {
    conn = await instance.connect();
    await conn.run(queries.export_views_create);
  } catch (cause) {
    instance.closeSync();
    throw vspError('VSP_STORE_FAILED', describeOpenFailure(path, cause), cause);
  }
  const params = (s: ExportSelection) => ({
    view: s.view,
    from_ms: s.fromMs,
    to_ms: s.toMs,
    region: s.region,
  });
  const failed = (what: string, cause: unknown) =>
    vspError('VSP_STORE_FAILED', `${what} failed: ${(cause as Error).message}`, cause);
  return {
    async copyTo(sel, format, out) {
      try {
        const r = await conn.runAndReadAll(
          format === 'parquet' ? queries.export_rows_to_parquet : queries.export_rows_to_csv,
          { ...params(sel), path: out },
        );
        return Number(r.getRows()[0]?.[0] ?? 0);
      } catch (cause) {
        throw failed(`writing ${out}`, cause);
      }
    },
    async distinctValues(sel, columns) {
      const out = new Map<string, string[]>(columns.map((c) => [c, []]));
      if (columns.length === 0) return out;
      try {
        const r = await conn.runAndReadAll(queries.export_dictionaries, {
          ...params(sel),
          columns: columns.join(','),
        });
        for (const [name, values] of r.getRowsJS()) out.set(String(name), (values as string[]) ?? []);
        return out;
      } catch (cause) {
        throw failed(`reading the codes of ${sel.view}`, cause);
      }
    },
    async rows(sel, chunkRows) {
      let result: Awaited<ReturnType<DuckDBConnection['stream']>>;
      try {
        result = await conn.stream(queries.export_rows, params(sel));
      } catch (cause) {
        throw failed(`reading ${sel.view}`, cause);
      }
      const columns = result
        .columnNames()
        .map((name, i) => ({ name, kind: kindOf(result.columnType(i), name) }));
      return { columns, chunks: chunksOf(result, columns, chunkRows) };
    },
    close() {
      conn.closeSync();
      instance.closeSync();
    },
  };
}

async function* chunksOf(
  result: Awaited<ReturnType<DuckDBConnection['stream']>>,
  columns: readonly ExportColumn[],
  chunkRows: number,
): AsyncGenerator<ExportChunk> {
  let acc: ExportValue[][] = columns.map(() => []);
  let length = 0;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (chunk === null || chunk.rowCount === 0) break;
    columns.forEach((c, i) => {
      const into = acc[i] as ExportValue[];
      for (const v of chunk.getColumnValues(i)) into.push(jsOf(v, c.kind));
    });
    length += chunk.rowCount;
    if (length >= chunkRows) {
      yield { length, columns: acc };
      acc = columns.map(() => []);
      length = 0;
    }
  }
  if (length > 0) yield { length, columns: acc };
}

const KINDS: Partial<Record<DuckDBTypeId, ExportColumnKind>> = {
  [DuckDBTypeId.VARCHAR]: 'string',
  [DuckDBTypeId.SMALLINT]: 'int16',
  [DuckDBTypeId.INTEGER]: 'int32',
  [DuckDBTypeId.BIGINT]: 'int64',
  [DuckDBTypeId.DOUBLE]: 'float64',
  [DuckDBTypeId.BOOLEAN]: 'bool',
  [DuckDBTypeId.TIMESTAMP_TZ]: 'timestamp_ms',
  [DuckDBTypeId.DATE]: 'date_day',
};

/** The kind of a view's column; a type the views do not use is a bug in export_views_create.sql. */
function kindOf(t: DuckDBType, name: string): ExportColumnKind {
  if (t.typeId === DuckDBTypeId.LIST && 'valueType' in t && t.valueType.typeId === DuckDBTypeId.VARCHAR)
    return 'string_list';
  const k = KINDS[t.typeId];
  if (k === undefined)
    throw new Error(`export column ${name} has type ${t.toString()}, which export does not map`);
  return k;
}

function jsOf(v: DuckDBValue, kind: ExportColumnKind): ExportValue {
  if (v === null) return null;
  switch (kind) {
    case 'timestamp_ms':
      return Number((v as DuckDBTimestampTZValue).micros / 1000n);
    case 'date_day':
      return (v as DuckDBDateValue).days;
    case 'string_list':
      return (v as DuckDBListValue).items as string[];
    default:
      return v as ExportValue;
  }
}
