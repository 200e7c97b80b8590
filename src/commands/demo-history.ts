/**
 * The demo's generated history (docs/seasonal.md, "The demo's history"): after the demo stream is processed, its
 * day windows give each (municipality, topic) a level, and source/generator/daily-history.ts writes `years`
 * earlier years of day windows (daily counts only: no message, no hour or 5-minute window) into the same store,
 * with year-to-year weather. Only the seasonal planner and day series read them.
 */
import type { TopicId } from '../records.ts';
import { loadGazetteer } from '../reference/gazetteer.ts';
import { loadTopics } from '../reference/topics.ts';
import { dayFromIsoDate } from '../seasonal/days.ts';
import {
  generateDailyHistory,
  type HistoryKey,
  levelFromObserved,
} from '../source/generator/daily-history.ts';
import { TOPIC_IDS } from '../source/generator/topic-profiles.ts';
import { openStore } from '../store/index.ts';
import { dailyCountsByKey } from '../store/seasonal-counts.ts';

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
  const t0 = performance.now();
  const streamFromDay = dayFromIsoDate(o.streamStartDate);
  if (streamFromDay === undefined) throw new Error(`streamStartDate ${o.streamStartDate} is not a date`);
  const gazetteer = loadGazetteer();
  const store = await openStore(dbPath, { gazetteer, topics: loadTopics(), threads: 1 });
  try {
    const observed = await dailyCountsByKey(store, { fromDay: streamFromDay, toDay: streamFromDay + o.days });
    const keys: HistoryKey[] = [];
    for (const k of observed) {
      const t = TOPIC_IDS.indexOf(k.topic as TopicId);
      const town = gazetteer.byCode(k.municipality);
      if (t < 0 || town === undefined) continue;
      const count = k.points.reduce((a, p) => a + p.count, 0);
      keys.push({
        municipality: k.municipality,
        region: town.region,
        topic: k.topic as TopicId,
        utcOffsetMin: town.utcOffsetMin,
        level: levelFromObserved(t, count, streamFromDay, o.days),
      });
    }
    const first = new Date(streamFromDay * 86_400_000);
    const fromDay = Math.round(
      Date.UTC(first.getUTCFullYear() - o.years, first.getUTCMonth(), first.getUTCDate()) / 86_400_000,
    );
    const aggregates = generateDailyHistory(keys, { fromDay, streamFromDay, seed: o.seed });
    await store.writeBatch({ messages: [], lateMessages: [], aggregates, anomalies: [], deadLetters: [] });
    return { keys: keys.length, windows: aggregates.length, ms: Math.round(performance.now() - t0) };
  } finally {
    await store.close();
  }
}
