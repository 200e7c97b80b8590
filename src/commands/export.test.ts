/**
 * `vsplesk export`: every table in every format from a small store, read back with apache-arrow (the Arrow IPC
 * file) and with DuckDB (read_parquet, read_csv); row counts and values agree with what was written and with each
 * other; the filters select what they say; bad options are usage errors; a store held by another process is one too.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { RecordBatchFileReader, type Table, tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Aggregate } from '../records.ts';
import { loadGazetteer } from '../reference/gazetteer.ts';
import { loadTopics } from '../reference/topics.ts';
import { openStore } from '../store/index.ts';
import {
  agg,
  alert,
  DAY_MS,
  EKB,
  emptyBatch,
  HOUR_MS,
  KAZAN,
  monthBatch,
  story,
  T0,
} from '../store/test-records.ts';
import { type ExportOptions, runExport } from './export.ts';
import { runCli } from './test-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'vsplesk-export-'));
const db = join(dir, 'store.duckdb');
const month = monthBatch(30);
/** Казань (region 16, UTC+3): an hour and a day of heating, outside Свердловская обл. */
const kazan: Aggregate[] = [
  agg('hour', KAZAN, 'heating', T0 + 2 * HOUR_MS, 4),
  agg('day', KAZAN, 'heating', T0 - 3 * HOUR_MS, 4),
];
const alerts = [
  alert(EKB, 'heating', T0 + 20 * DAY_MS + 3 * HOUR_MS, {
    severity: 'critical',
    terms: ['прорыв', 'теплотрассы'],
    districts: ['65701000001'],
  }),
  alert(KAZAN, 'heating', T0 + 2 * HOUR_MS, {
    status: 'closed',
    closedAtMs: T0 + 5 * HOUR_MS,
    cause: { id: 'shutoff-7', kind: 'planned_shutoff', label: 'Плановое отключение' },
  }),
];
const stories = [
  story(EKB, 'vk:1', T0 + 20 * DAY_MS + 3 * HOUR_MS),
  story(KAZAN, 'vk:2', T0 + 2 * HOUR_MS, { kind: 'flood' }),
];
const hourRows = month.aggregates.filter((a) => a.bucket === 'hour').length + 1;
const dayRows = month.aggregates.filter((a) => a.bucket === 'day').length + 1;
const hourTotal = month.aggregates.filter((a) => a.bucket === 'hour').reduce((s, a) => s + a.count, 4);

let duck: Awaited<ReturnType<DuckDBInstance['connect']>>;
/** One row of a DuckDB query over a written file (integers as numbers). */
const one = async (sql: string, path: string) => {
  const row = (await duck.runAndReadAll(sql, { path })).getRowObjectsJS()[0] ?? {};
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]));
};

beforeAll(async () => {
  const gazetteer = loadGazetteer();
  const store = await openStore(db, { gazetteer, topics: loadTopics() });
  await store.writeBatch(month);
  await store.writeBatch({ ...emptyBatch(), aggregates: kazan, alerts, stories });
  await store.close();
  duck = await (await DuckDBInstance.create(':memory:')).connect();
  await duck.run("SET TimeZone = 'UTC'");
});
afterAll(() => {
  duck.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

let n = 0;
const exportTo = (o: Omit<ExportOptions, 'db' | 'out'>, ext = o.format) =>
  runExport({ db, out: join(dir, `out-${n++}.${ext}`), ...o });
const readArrow = (path: string): Table => tableFromIPC(readFileSync(path));
const col = (t: Table, name: string) => {
  const c = t.getChild(name);
  if (c === null) throw new Error(`no column ${name}`);
  return [...c];
};

describe('export counts', () => {
  it('hourly counts in all three formats: the same rows, typed for analysts', async () => {
    const arrow = await exportTo({ table: 'counts', format: 'arrow' });
    const parquet = await exportTo({ table: 'counts', format: 'parquet' });
    const csv = await exportTo({ table: 'counts', format: 'csv' });
    expect([arrow.rows, parquet.rows, csv.rows]).toEqual([hourRows, hourRows, hourRows]);

    const t = readArrow(arrow.out);
    expect(t.numRows).toBe(hourRows);
    expect(t.schema.fields.map((f) => `${f.name}: ${f.type}`)).toEqual([
      'start: Timestamp<MILLISECOND, UTC>',
      'municipality: Dictionary<Int32, Utf8>',
      'municipality_name: Dictionary<Int32, Utf8>',
      'region: Dictionary<Int32, Utf8>',
      'topic: Dictionary<Int32, Utf8>',
      'count: Int32',
      'unique_authors: Int32',
      'sources: Utf8',
    ]);
    expect(Object.fromEntries(t.schema.metadata)).toEqual({ table: 'counts', bucket: 'hour' });
    expect(col(t, 'count').reduce((s: number, c) => s + (c as number), 0)).toBe(hourTotal);
    // In time order; Казань's hour is the only one of region 16.
    const starts = col(t, 'start') as number[];
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    const kazanRow = col(t, 'municipality').indexOf(KAZAN);
    expect([starts[kazanRow], col(t, 'region')[kazanRow], col(t, 'count')[kazanRow]]).toEqual([
      T0 + 2 * HOUR_MS,
      '16',
      4,
    ]);
    expect(col(t, 'municipality_name')[kazanRow]).toBe('Казань');

    const p = await one(
      'SELECT count(*) AS n, sum(count) AS total, min(start) AS first, count(DISTINCT municipality) AS places FROM read_parquet($path)',
      parquet.out,
    );
    expect(p).toEqual({ n: hourRows, total: hourTotal, first: new Date(starts[0] as number), places: 5 });
    const c = await one('SELECT count(*) AS n, sum(count) AS total FROM read_csv($path)', csv.out);
    expect(c).toEqual({ n: hourRows, total: hourTotal });
    // The three files hold the same rows in the same order.
    const rowsOf = async (sql: string, path: string) =>
      (await duck.runAndReadAll(sql, { path })).getRowsJS().map((r) => r.map(String).join('|'));
    const fromParquet = await rowsOf(
      'SELECT epoch_ms(start), municipality, topic, count FROM read_parquet($path)',
      parquet.out,
    );
    const fromCsv = await rowsOf(
      'SELECT epoch_ms(start), municipality, topic, count FROM read_csv($path)',
      csv.out,
    );
    const fromArrow = t
      .toArray()
      .map((r) => [r.start, r.municipality, r.topic, r.count].map(String).join('|'));
    expect(fromParquet).toEqual(fromArrow);
    expect(fromCsv).toEqual(fromArrow);
  });

  it('day counts carry their local date', async () => {
    const arrow = await exportTo({ table: 'counts', format: 'arrow', bucket: 'day' });
    const parquet = await exportTo({ table: 'counts', format: 'parquet', bucket: 'day' });
    expect([arrow.rows, parquet.rows]).toEqual([dayRows, dayRows]);
    const t = readArrow(arrow.out);
    expect(String(t.schema.fields[0]?.type)).toBe('Date32<DAY>');
    // Екатеринбург's first day starts at 19:00 UTC the evening before: its date is 2026-01-10. Казань's too.
    const first = t.toArray().filter((r) => r.start === T0 - 5 * HOUR_MS || r.start === T0 - 3 * HOUR_MS);
    expect(new Set(first.map((r) => r.date))).toEqual(new Set([T0]));
    const p = await one(
      'SELECT min(date)::VARCHAR AS first, max(date)::VARCHAR AS last FROM read_parquet($path)',
      parquet.out,
    );
    expect(p).toEqual({ first: '2026-01-10', last: '2026-02-08' });
  });

  it('streams big exports in several record batches sharing one dictionary per code column', async () => {
    const r = await exportTo({ table: 'counts', format: 'arrow', arrowBatchRows: 1_000 });
    const reader = RecordBatchFileReader.from(readFileSync(r.out));
    const batches = [...reader];
    expect(batches.length).toBe(Math.ceil(hourRows / 2_048)); // DuckDB's chunks are 2,048 rows: ≥ 1,000 each
    expect(batches.reduce((s, b) => s + b.numRows, 0)).toBe(hourRows);
    expect(readArrow(r.out).numRows).toBe(hourRows);
  });
});

describe('export alerts, anomalies, stories', () => {
  it('alerts: lists, causes and open ends as such, in every format', async () => {
    const arrow = await exportTo({ table: 'alerts', format: 'arrow' });
    const parquet = await exportTo({ table: 'alerts', format: 'parquet' });
    const csv = await exportTo({ table: 'alerts', format: 'csv' });
    expect([arrow.rows, parquet.rows, csv.rows]).toEqual([2, 2, 2]);
    const t = readArrow(arrow.out);
    const rows = t.toArray().map((r) => r.toJSON());
    expect(rows.map((r) => r.id)).toEqual(alerts.map((a) => a.id).reverse()); // Казань's started first
    const ekb = t.toArray()[1];
    expect([...ekb.terms]).toEqual(['прорыв', 'теплотрассы']);
    expect(ekb.closed_at).toBeNull();
    expect(ekb.severity).toBe('critical');
    expect(rows[0]?.cause_label).toBe('Плановое отключение');
    expect(rows[0]?.closed_at).toBe(T0 + 5 * HOUR_MS);
    expect(String(t.schema.fields.find((f) => f.name === 'terms')?.type)).toBe('List<Utf8>');
    const p = await one(
      'SELECT list_sort(list(severity)) AS severities, max(len(terms)) AS terms, count(closed_at) AS closed FROM read_parquet($path)',
      parquet.out,
    );
    expect(p).toEqual({ severities: ['critical', 'high'], terms: 2, closed: 1 });
    expect(
      await one('SELECT count(*) AS n, max(cause_label) AS cause FROM read_csv($path)', csv.out),
    ).toEqual({
      n: 2,
      cause: 'Плановое отключение',
    });
  });

  it('anomalies and stories in every format', async () => {
    const anomalies = month.anomalies.length;
    for (const format of ['arrow', 'parquet', 'csv'] as const) {
      expect((await exportTo({ table: 'anomalies', format })).rows).toBe(anomalies);
      expect((await exportTo({ table: 'stories', format })).rows).toBe(2);
    }
    const a = readArrow((await exportTo({ table: 'anomalies', format: 'arrow' })).out);
    expect(col(a, 'id').sort()).toEqual(month.anomalies.map((x) => x.id).sort());
    expect(new Set(col(a, 'detector'))).toEqual(new Set(['poisson']));
    const s = readArrow((await exportTo({ table: 'stories', format: 'arrow' })).out);
    expect(col(s, 'kind')).toEqual(['flood', 'story']);
    expect([...(s.toArray()[1].terms ?? [])]).toEqual(['отопления', 'батареи']);
    const sp = await exportTo({ table: 'stories', format: 'parquet' });
    expect(
      await one('SELECT sum(messages) AS m, min(last) AS last FROM read_parquet($path)', sp.out),
    ).toEqual({
      m: 6,
      last: new Date(T0 + 3 * HOUR_MS),
    });
  });
});

describe('export filters', () => {
  it('--from/--to keep the rows overlapping the period (a date: the whole local day); --region one region', async () => {
    // 2026-01-10 in Екатеринбург's zone (the region's): 19:00Z on the 9th to 19:00Z on the 10th.
    const day = await exportTo({
      table: 'counts',
      format: 'arrow',
      region: '66',
      from: '2026-01-10',
      to: '2026-01-10',
    });
    const expected = month.aggregates.filter(
      (a) => a.bucket === 'hour' && a.startMs >= T0 - 5 * HOUR_MS && a.startMs < T0 + 19 * HOUR_MS,
    );
    expect(day.rows).toBe(expected.length);
    const t = readArrow(day.out);
    expect(Object.fromEntries(t.schema.metadata)).toMatchObject({
      from: new Date(T0 - 5 * HOUR_MS).toISOString(),
      to: new Date(T0 + 19 * HOUR_MS).toISOString(),
      region: '66',
    });
    const kazanOnly = await exportTo({ table: 'counts', format: 'parquet', region: '16' });
    expect(kazanOnly.rows).toBe(1);
    expect(await one('SELECT any_value(municipality) AS m FROM read_parquet($path)', kazanOnly.out)).toEqual({
      m: KAZAN,
    });
    const alertsIn66 = await exportTo({ table: 'alerts', format: 'csv', region: '66' });
    expect(alertsIn66.rows).toBe(1);
    // An instant with an offset is taken as it is; the alert of Казань (02:00–03:00Z) overlaps 02:30Z.
    const overlapping = await exportTo({
      table: 'alerts',
      format: 'arrow',
      from: '2026-01-10T02:30:00Z',
      to: '2026-01-10T02:31:00Z',
    });
    expect(col(readArrow(overlapping.out), 'municipality')).toEqual([KAZAN]);
    const none = await exportTo({ table: 'stories', format: 'arrow', from: '2030-01-01' });
    expect(none.rows).toBe(0);
    const empty = readArrow(none.out);
    expect(empty.numRows).toBe(0);
    expect(empty.schema.fields.map((f) => f.name)).toContain('label');
  });
});

describe('export errors', () => {
  it('a bad table, format, bucket, date, period or region is a usage error naming it; nothing is written', async () => {
    const bad: [Partial<ExportOptions>, RegExp][] = [
      [{ table: 'messages' }, /--table must be one of counts, alerts, anomalies, stories \(not 'messages'\)/],
      [{ format: 'xlsx' }, /--format must be one of arrow, parquet, csv/],
      [{ bucket: 'week' }, /--bucket must be one of 5m, hour, day/],
      [{ table: 'alerts', bucket: 'day' }, /--bucket applies to --table counts only/],
      [{ from: '2026-02-30' }, /--from='2026-02-30' is not a valid date/],
      [{ to: 'yesterday' }, /--to='yesterday' is not an ISO 8601 date/],
      [{ from: '2026-01-12', to: '2026-01-10' }, /--from \(2026-01-12\) must be before --to/],
      [{ region: '999' }, /unknown region '999'/],
      [{ db: join(dir, 'missing.duckdb') }, /no store at .*missing\.duckdb/],
    ];
    const before = readdirSync(dir).length;
    for (const [o, message] of bad) {
      const out = join(dir, 'never.arrow');
      await expect(runExport({ db, table: 'counts', format: 'arrow', out, ...o })).rejects.toMatchObject({
        code: 'VSP_CLI_USAGE',
        message: expect.stringMatching(message),
      });
      expect(existsSync(out)).toBe(false);
    }
    expect(readdirSync(dir).length).toBe(before);
  });

  it('from the command line: writes the file; a store another process holds is a usage error (exit 2)', async () => {
    const out = join(dir, 'cli.parquet');
    const ok = await cli(['export', '--db', db, '--table', 'anomalies', '--format', 'parquet', '--out', out]);
    expect([ok.code, ok.stderr]).toEqual([0, `${month.anomalies.length} rows → ${out}\n`]);
    const store = await openStore(db, { gazetteer: loadGazetteer(), topics: loadTopics() });
    try {
      const held = await cli([
        'export',
        '--db',
        db,
        '--table',
        'counts',
        '--format',
        'csv',
        '--out',
        join(dir, 'held.csv'),
      ]);
      expect(held.code).toBe(2);
      expect(held.stderr).toMatch(
        /VSP_CLI_USAGE: .* is in use .*Accept: application\/vnd\.apache\.arrow\.stream/,
      );
      expect(existsSync(join(dir, 'held.csv'))).toBe(false);
    } finally {
      await store.close();
    }
  });
});

const cli = runCli;
