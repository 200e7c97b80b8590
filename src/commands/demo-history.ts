/**
 * The demo's generated history (docs/seasonal.md, "The demo's history"): after the demo stream is processed, its
 * day windows give each (municipality, topic) a level, and source/generator/daily-history.ts writes `years`
 * earlier years of day windows (daily counts only: no message, no hour or 5-minute window) into the same store,
 * with year-to-year weather. Only the seasonal planner and day series read them.
 */
import { rmSync, writeFileSync } from 'node:fs';
import type { TopicId } from '../records.ts';
import { loadGazetteer } from '../reference/gazetteer.ts';
import { loadTopics } from '../reference/topics.ts';
import { dayFromIsoDate } from '../seasonal/days.ts';
import {
  forEachHistoryDay,
  HISTORY_SOURCE,
  type HistoryKey,
  levelFromObserved,
} from '../source/generator/daily-history.ts';
import { buildProfiles, TOPIC_IDS } from '../source/generator/topic-profiles.ts';
import { openStore, type Store } from '../store/index.ts';

/** A topic's level comes from its own count when the town's rate predicts at least this many over the stream. */
const MIN_EXPECTED_FOR_OWN_LEVEL = 20;

export interface DemoHistoryOptions {
  /** The stream's first local day (the generator's startDate) and its length in days. */
  streamStartDate: string;
  days: number;
  years: number;
  seed: number;
}

export async function writeDemoHistory(
  dbPath: string,
  o: DemoHistoryOptions,
): Promise<{ keys: number; windows: number; ms: number }> {
  const store = await openStore(dbPath, { gazetteer: loadGazetteer(), topics: loadTopics(), threads: 1 });
  try {
    return await writeDemoHistoryInto(store, `${dbPath}.history.csv`, o);
  } finally {
    await store.close();
  }
}

/** The same into an open store (the demo serves while it fills); `csv`: the scratch file for the bulk load. */
export async function writeDemoHistoryInto(
  store: Pick<Store, 'runQuery'>,
  csv: string,
  o: DemoHistoryOptions,
): Promise<{ keys: number; windows: number; ms: number }> {
  const t0 = performance.now();
  const streamFromDay = dayFromIsoDate(o.streamStartDate);
  if (streamFromDay === undefined) throw new Error(`streamStartDate ${o.streamStartDate} is not a date`);
  const gazetteer = loadGazetteer();
  const totals = await store.runQuery(
    'counts_daily_totals',
    { from_day: streamFromDay, to_day: streamFromDay + o.days },
    'read',
  );
  // The curve's expected factor over the stream's days, once per topic.
  const curveSum = TOPIC_IDS.map((_, t) => {
    const perUnit = levelFromObserved(t, 1, streamFromDay, o.days);
    return perUnit > 0 ? 1 / perUnit : 0;
  });
  const share = buildProfiles().share;
  const byTown = new Map<string, Map<number, number>>();
  for (const r of totals) {
    const t = TOPIC_IDS.indexOf(String(r.topic) as TopicId);
    const code = String(r.municipality);
    if (t < 0 || gazetteer.byCode(code) === undefined) continue;
    const m = byTown.get(code) ?? new Map<number, number>();
    m.set(t, Number(r.count));
    byTown.set(code, m);
  }
  const keys: HistoryKey[] = [];
  for (const [code, counts] of byTown) {
    const town = gazetteer.byCode(code) as NonNullable<ReturnType<typeof gazetteer.byCode>>;
    // The town's level over all topics (the generator's model: a town rate split by topic shares), and each
    // topic's own where the stream holds enough of it (a July stream says little about snow).
    let total = 0;
    let expectedPerLevel = 0;
    TOPIC_IDS.forEach((_, t) => {
      total += counts.get(t) ?? 0;
      expectedPerLevel += (share[t] ?? 0) * (curveSum[t] ?? 0);
    });
    const townLevel = expectedPerLevel > 0 ? total / expectedPerLevel : 0;
    TOPIC_IDS.forEach((topic, t) => {
      const own = curveSum[t] ?? 0;
      const expected = townLevel * (share[t] ?? 0) * own;
      const level =
        expected >= MIN_EXPECTED_FOR_OWN_LEVEL ? (counts.get(t) ?? 0) / own : townLevel * (share[t] ?? 0);
      if (level > 0)
        keys.push({
          municipality: code,
          region: town.region,
          topic,
          utcOffsetMin: town.utcOffsetMin,
          level,
        });
    });
  }
  const first = new Date(streamFromDay * 86_400_000);
  const fromDay = Math.round(
    Date.UTC(first.getUTCFullYear() - o.years, first.getUTCMonth(), first.getUTCDate()) / 86_400_000,
  );
  // A million day windows and more on the 100-town demo: bulk-loaded from a CSV file (2–3× faster than the
  // store's batch upsert), all from one source.
  const lines: string[] = [];
  forEachHistoryDay(keys, { fromDay, streamFromDay, seed: o.seed }, (k, startMs, count) => {
    lines.push(`${k.municipality},${k.topic},${startMs},${startMs + 86_400_000},${count}`);
  });
  try {
    writeFileSync(csv, lines.length === 0 ? '' : `${lines.join('\n')}\n`);
    if (lines.length > 0)
      await store.runQuery('counts_daily_insert_csv', { path: csv, source: HISTORY_SOURCE }, 'write');
  } finally {
    rmSync(csv, { force: true });
  }
  return { keys: keys.length, windows: lines.length, ms: Math.round(performance.now() - t0) };
}
