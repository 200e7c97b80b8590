/**
 * Test support: every row of the given queries over a DuckDB file, as JSON text per name (bigints as numbers), so
 * that two stores can be compared table by table with one `toEqual`. Opens the file read-only.
 */
import { DuckDBInstance } from '@duckdb/node-api';

/** The tables of a run's results both dumps compare the same way (windows, flagged rows, stories, state, offsets). */
export const RESULT_TABLES: Readonly<Record<string, string>> = {
  counts_5m: 'SELECT * FROM counts_5m ORDER BY ALL',
  counts_hourly: 'SELECT * FROM counts_hourly ORDER BY ALL',
  counts_daily: 'SELECT * FROM counts_daily ORDER BY ALL',
  anomalies: 'SELECT * FROM anomalies ORDER BY id',
  alerts: 'SELECT * FROM alerts ORDER BY id',
  term_bursts: 'SELECT * FROM term_bursts ORDER BY id',
  stories: 'SELECT * FROM stories ORDER BY id',
  shard_snapshots: 'SELECT source, shard, snapshot FROM shard_snapshots ORDER BY ALL',
  offsets: 'SELECT source, partition, "offset" FROM offsets ORDER BY ALL',
};

export async function dumpTables(
  path: string,
  tables: Record<string, string>,
): Promise<Record<string, string>> {
  const db = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
  const conn = await db.connect();
  try {
    const out: Record<string, string> = {};
    for (const [name, sql] of Object.entries(tables)) {
      const rows = (await conn.runAndReadAll(sql)).getRowObjectsJS();
      out[name] = JSON.stringify(rows, (_k, v) => (typeof v === 'bigint' ? Number(v) : v));
    }
    return out;
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}
