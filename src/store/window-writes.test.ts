/**
 * The window-count tables have no key index (an ART index grows with every window ever counted and must fit in
 * memory: a national year ran out of DuckDB's budget at day 85), so their writes keep one row per key themselves.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../clock.ts';
import { loadGazetteer } from '../reference/gazetteer.ts';
import { loadTopics } from '../reference/topics.ts';
import { openStore } from './duckdb.ts';
import { dumpTables } from './test-dump.ts';
import { agg, DAY_MS, EKB, emptyBatch, HOUR_MS, KAZAN, T0 } from './test-records.ts';

const deps = { gazetteer: loadGazetteer(), topics: loadTopics(), clock: fixedClock(T0 + 5 * DAY_MS) };
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('window-count writes without a key index', () => {
  it('keep one row per window through revisions and replays, and the tables carry no index', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vsp-windows-'));
    dirs.push(dir);
    const path = join(dir, 'store.duckdb');
    const store = await openStore(path, deps);
    const first = [
      agg('5m', EKB, 'heating', T0, 1),
      agg('hour', EKB, 'heating', T0, 3),
      agg('hour', KAZAN, 'roads', T0 + HOUR_MS, 2),
      agg('day', EKB, 'heating', T0 - 5 * HOUR_MS, 7),
    ];
    await store.writeBatch({ ...emptyBatch(), aggregates: first });
    // The same batch again, as a restart replays it: no new rows, no revision.
    await store.writeBatch({ ...emptyBatch(), aggregates: first, replay: true });
    // A revision of one window, a window of a new key, and an unchanged re-emission (not a revision).
    await store.writeBatch({
      ...emptyBatch(),
      aggregates: [
        agg('hour', EKB, 'heating', T0, 4, { revision: true }),
        agg('hour', EKB, 'heating', T0 + HOUR_MS, 1),
        agg('hour', KAZAN, 'roads', T0 + HOUR_MS, 2, { revision: true }),
      ],
    });
    await store.close();
    const t = await dumpTables(path, {
      hourly:
        'SELECT municipality, topic, start_ms, count, revisions FROM counts_hourly ORDER BY municipality, start_ms',
      rows: 'SELECT (SELECT count(*) FROM counts_5m) AS m5, (SELECT count(*) FROM counts_daily) AS day',
      indexes: "SELECT count(*) AS n FROM duckdb_indexes() WHERE table_name LIKE 'counts_%'",
      keys: "SELECT count(*) AS n FROM duckdb_constraints() WHERE table_name LIKE 'counts_%' AND constraint_type IN ('PRIMARY KEY', 'UNIQUE')",
    });
    expect(JSON.parse(t.hourly as string)).toEqual([
      { municipality: EKB, topic: 'heating', start_ms: T0, count: 4, revisions: 1 },
      { municipality: EKB, topic: 'heating', start_ms: T0 + HOUR_MS, count: 1, revisions: 0 },
      { municipality: KAZAN, topic: 'roads', start_ms: T0 + HOUR_MS, count: 2, revisions: 0 },
    ]);
    expect(JSON.parse(t.rows as string)).toEqual([{ m5: 1, day: 1 }]);
    expect(JSON.parse(t.indexes as string)).toEqual([{ n: 0 }]);
    expect(JSON.parse(t.keys as string)).toEqual([{ n: 0 }]);
  });
});
