/**
 * Late data (DESIGN.md: social posts are collected late): messages of a briefed day that arrived after its
 * briefing was built. The briefing recorded the day's count it used (deliveries.messages_count); the next
 * briefing compares it with the day's count now and notes the difference.
 */
import type { Gazetteer, Municipality } from '../../reference/gazetteer.ts';
import type { Store } from '../../store/index.ts';
import { localDay } from '../local-day.ts';
import type { RegionDigest } from '../region-digest.ts';
import type { LateNote } from '../types.ts';

/** The town's messages of a local day, as GET /api/series?bucket=day (and the briefing's volume) counts them. */
export async function dayCount(store: Pick<Store, 'series'>, m: Municipality, date: string): Promise<number> {
  const day = localDay(date, m.utcOffsetMin);
  const points = await store.series({
    municipality: m.code,
    bucket: 'day',
    fromMs: day.fromMs,
    toMs: day.toMs,
    fromDay: day.dayNumber,
    toDay: day.dayNumber + 1,
  });
  return points.find((p) => p.at === day.dayNumber)?.count ?? 0;
}

/**
 * The late note of a briefing: the previous briefing sent (its date and the count it used) against that day's
 * count now; null when nothing came late (or there was no previous briefing).
 */
export async function lateNote(
  store: Pick<Store, 'series'>,
  m: Municipality,
  previous: { date: string; messagesCount: number | null } | undefined,
): Promise<LateNote | null> {
  if (previous === undefined || previous.messagesCount === null) return null;
  const late = (await dayCount(store, m, previous.date)) - previous.messagesCount;
  return late > 0 ? { date: previous.date, count: late } : null;
}

/**
 * The late note of a region digest: over the towns of the previous digest sent, each town's count of that day now
 * against the count its row showed (its own local day), the rises summed; null when nothing came late.
 */
export async function digestLateNote(
  store: Pick<Store, 'series'>,
  gazetteer: Pick<Gazetteer, 'byCode'>,
  previous: Pick<RegionDigest, 'date' | 'rows'> | undefined,
): Promise<LateNote | null> {
  if (previous === undefined) return null;
  const rises = await Promise.all(
    previous.rows.map(async (r) => {
      const m = gazetteer.byCode(r.code);
      return m === undefined ? 0 : Math.max(0, (await dayCount(store, m, previous.date)) - r.count);
    }),
  );
  const late = rises.reduce((s, x) => s + x, 0);
  return late > 0 ? { date: previous.date, count: late } : null;
}
