/**
 * `vsplesk export --db FILE --table counts|alerts|anomalies|stories --format arrow|parquet|csv [--bucket B]
 * [--from T] [--to T] [--region CODE] [--out FILE]` (issue 16, "columnar out"): one table of a store as a file
 * that pandas, polars and R read directly. Parquet and CSV are written by DuckDB (COPY); Arrow (an IPC file) is
 * streamed from DuckDB's chunks with apache-arrow. The store is opened read-only; a running server or pipeline
 * holding it is a usage error. Written through a temporary file and a rename: never half a file under --out.
 * docs/export.md shows how to load each format.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { VspError, vspError } from '../errors.ts';
import type { Bucket } from '../records.ts';
import { loadGazetteer } from '../reference/gazetteer.ts';
import { loadTopics } from '../reference/topics.ts';
import { resolveSelection } from '../serve/selection.ts';
import { parseInstant } from '../serve/time-range.ts';
import { type ExportSelection, type ExportView, openExportSource } from '../store/export-source.ts';
import { DICTIONARY_COLUMNS, writeArrowFile } from './export-arrow.ts';

export const EXPORT_TABLES = ['counts', 'alerts', 'anomalies', 'stories'] as const;
export const EXPORT_FORMATS = ['arrow', 'parquet', 'csv'] as const;
export const EXPORT_BUCKETS = ['5m', 'hour', 'day'] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions {
  db: string;
  table: string;
  format: string;
  /** counts only: the window size (default hour). */
  bucket?: string;
  /** ISO date or date-time; a date or an offset-less time is read in the region's zone (else Moscow). */
  from?: string;
  /** As from; a date is inclusive (the whole day). */
  to?: string;
  /** Region code (two digits, as OKTMO codes begin). */
  region?: string;
  /** Output file (default: vsplesk-<table>[-<bucket>].<format's extension> in the current directory). */
  out?: string;
  /** Arrow: rows gathered into one record batch (default ARROW_BATCH_ROWS). */
  arrowBatchRows?: number;
}

export interface ExportResult {
  out: string;
  rows: number;
}

/** Rows in one Arrow record batch (DuckDB reads 2,048 at a time; a batch gathers 32 such chunks). */
export const ARROW_BATCH_ROWS = 65_536;

const EXTENSIONS: Readonly<Record<ExportFormat, string>> = { arrow: 'arrow', parquet: 'parquet', csv: 'csv' };

export async function runExport(o: ExportOptions): Promise<ExportResult> {
  const table = oneOf('--table', o.table, EXPORT_TABLES);
  const format = oneOf('--format', o.format, EXPORT_FORMATS);
  if (o.bucket !== undefined && table !== 'counts')
    throw vspError('VSP_CLI_USAGE', `--bucket applies to --table counts only (not ${table})`);
  const bucket: Bucket = oneOf('--bucket', o.bucket ?? 'hour', EXPORT_BUCKETS);
  const sel = selectionOf(o, viewOf(table, bucket));
  if (!existsSync(o.db)) throw vspError('VSP_CLI_USAGE', `no store at ${o.db} (--db: a DuckDB file)`);
  const out = o.out ?? `vsplesk-${table}${table === 'counts' ? `-${bucket}` : ''}.${EXTENSIONS[format]}`;
  const source = await openSource(o.db);
  const tmp = `${out}.tmp-${process.pid}`;
  // The dictionaries first: a query on the connection would end the stream of rows.
  const arrowTo = async (path: string) => {
    const dictionaries = await source.distinctValues(sel, DICTIONARY_COLUMNS);
    const rows = await source.rows(sel, o.arrowBatchRows ?? ARROW_BATCH_ROWS);
    return writeArrowFile(
      path,
      rows,
      dictionaries,
      metadataOf(table, table === 'counts' ? bucket : undefined, sel),
    );
  };
  try {
    const rows = format === 'arrow' ? await arrowTo(tmp) : await source.copyTo(sel, format, tmp);
    renameSync(tmp, out);
    return { out, rows };
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  } finally {
    source.close();
  }
}

function oneOf<T extends string>(flag: string, value: string, values: readonly T[]): T {
  if (!(values as readonly string[]).includes(value))
    throw vspError('VSP_CLI_USAGE', `${flag} must be one of ${values.join(', ')} (not '${value}')`);
  return value as T;
}

function viewOf(table: ExportTable, bucket: Bucket): ExportView {
  return table === 'counts' ? `export_counts_${bucket}` : `export_${table}`;
}

/** The rows asked for: the region checked against the gazetteer, from/to read in its zone. */
function selectionOf(o: ExportOptions, view: ExportView): ExportSelection {
  const gazetteer = loadGazetteer();
  if (o.region !== undefined && !gazetteer.regions().some((r) => r.code === o.region))
    throw vspError(
      'VSP_CLI_USAGE',
      `unknown region '${o.region}' (--region: two digits, as OKTMO codes begin)`,
    );
  const { utcOffsetMin } = resolveSelection({ region: o.region }, gazetteer, loadTopics());
  const instant = (flag: string, s: string | undefined, endOfDate: boolean) =>
    s === undefined ? null : asUsage(() => parseInstant(s, utcOffsetMin, endOfDate, flag));
  const fromMs = instant('--from', o.from, false);
  const toMs = instant('--to', o.to, true);
  if (fromMs !== null && toMs !== null && fromMs >= toMs)
    throw vspError('VSP_CLI_USAGE', `--from (${o.from}) must be before --to (${o.to})`);
  return { view, fromMs, toMs, region: o.region ?? null };
}

/** A date the API's parser refuses (VSP_SERVE_BAD_QUERY) is a usage error here. */
function asUsage<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof VspError && e.code === 'VSP_SERVE_BAD_QUERY') {
      const detail = e.message.replace(/^[^:]*: /, '');
      throw vspError('VSP_CLI_USAGE', detail, e);
    }
    throw e;
  }
}

async function openSource(db: string) {
  try {
    return await openExportSource(db);
  } catch (e) {
    if (/lock/i.test(String((e as { cause?: Error }).cause?.message)))
      throw vspError(
        'VSP_CLI_USAGE',
        `${db} is in use (a running \`vsplesk serve\` or \`run\`?): stop it and export then; a running server ` +
          'answers /api/series and /api/top as Arrow (Accept: application/vnd.apache.arrow.stream)',
        e,
      );
    throw e;
  }
}

function metadataOf(
  table: ExportTable,
  bucket: Bucket | undefined,
  sel: ExportSelection,
): Map<string, string> {
  const m = new Map<string, string>([['table', table]]);
  if (bucket !== undefined) m.set('bucket', bucket);
  if (sel.fromMs !== null) m.set('from', new Date(sel.fromMs).toISOString());
  if (sel.toMs !== null) m.set('to', new Date(sel.toMs).toISOString());
  if (sel.region !== null) m.set('region', sel.region);
  return m;
}
