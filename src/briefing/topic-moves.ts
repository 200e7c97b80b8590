/**
 * The topics that moved most on the day: each topic's count (GET /api/top?by=topic for the town and day) against
 * its own weekday norm (the same topic on the same weekday of the NORM_WEEKS weeks before), ranked by how
 * surprising the rise is for a Poisson count — (count − norm) / √(norm + 1) — so 12 against 2 outranks 40 against
 * 30. Only rises of at least MIN_RISE messages are listed: a head reads about what grew.
 */
import type { TopicId } from '../records.ts';

export const MIN_RISE = 2;

export interface TopicCount {
  topic: TopicId;
  count: number;
}

export interface RawTopicMove {
  topic: TopicId;
  count: number;
  norm: number;
  score: number;
}

/**
 * @param day the day's counts by topic
 * @param normWeeks the counts by topic of each earlier same weekday (absent topic = 0)
 * @example topicRises([{topic:'heating',count:12}], [[{topic:'heating',count:2}]])
 *   → [{ topic: 'heating', count: 12, norm: 2, score: 10 / √3 ≈ 5.77 }]
 */
export function topicRises(
  day: readonly TopicCount[],
  normWeeks: readonly (readonly TopicCount[])[],
): RawTopicMove[] {
  const out: RawTopicMove[] = [];
  for (const t of day) {
    const norm =
      normWeeks.length === 0
        ? 0
        : normWeeks.reduce((s, w) => s + (w.find((x) => x.topic === t.topic)?.count ?? 0), 0) /
          normWeeks.length;
    if (t.count - norm < MIN_RISE) continue;
    out.push({ topic: t.topic, count: t.count, norm, score: (t.count - norm) / Math.sqrt(norm + 1) });
  }
  return out;
}

/** Most surprising first; ties: the larger count, then the topic id. */
export const compareMoves = (a: RawTopicMove, b: RawTopicMove) =>
  b.score - a.score || b.count - a.count || (a.topic < b.topic ? -1 : 1);
