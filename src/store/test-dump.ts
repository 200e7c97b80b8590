/**
 * Test support: every row of the given queries over a DuckDB file, as JSON text per name (bigints as numbers), so
 * that two stores can be compared table by table with one `toEqual`. Opens the file read-only.
 */
import { DuckDBInstance } from '@duckdb/node-api';

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
