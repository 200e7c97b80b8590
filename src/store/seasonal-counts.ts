/**
 * Day counts per (municipality, topic) of a region, for the seasonal planner (queries/counts_daily_by_key.sql),
 * read through the store's `runQuery`. Sparse: a day without complaints has no row.
 */
import type { Store } from './types.ts';

export interface KeyDayCounts {
  municipality: string;
  topic: string;
  points: { day: number; count: number }[];
}

export async function dailyCountsByKey(
  store: Pick<Store, 'runQuery'>,
  q: { region?: string; topic?: string; fromDay: number; toDay: number },
): Promise<KeyDayCounts[]> {
  const rows = await store.runQuery(
    'counts_daily_by_key',
    { region: q.region ?? null, topic: q.topic ?? null, from_day: q.fromDay, to_day: q.toDay },
    'read',
  );
  const out: KeyDayCounts[] = [];
  let cur: KeyDayCounts | undefined;
  for (const r of rows) {
    const municipality = String(r.municipality);
    const topic = String(r.topic);
    if (cur === undefined || cur.municipality !== municipality || cur.topic !== topic) {
      cur = { municipality, topic, points: [] };
      out.push(cur);
    }
    cur.points.push({ day: Number(r.day), count: Number(r.count) });
  }
  return out;
}
