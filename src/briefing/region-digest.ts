/**
 * The region digest (issue 14, part 4): every monitored municipality of a region on one page for a regional
 * analyst, ordered by what needs attention first — open severe alerts (critical, then high), then the largest
 * unexplained rise per 10,000 residents. Each town is read in its own local day (a region may span zones) with the
 * rules of the town briefing: alerts as known at 07:00 the next morning (alert-state.ts), each topic against its
 * own weekday norm (topic-moves.ts). A rise is unexplained when no known event (calendar) covers its topic.
 */
import type { KnownEvent } from '../detect/calendar.ts';
import type { TopicId } from '../records.ts';
import type { Gazetteer } from '../reference/gazetteer.ts';
import type { Topic } from '../reference/topics.ts';
import type { Store } from '../store/index.ts';
import { ALERT_LOOKBACK_MS, alertState } from './alert-state.ts';
import { knownEventsOn } from './known-events-on.ts';
import { addDays, DAY_MS, type LocalDay, localDay } from './local-day.ts';
import { round4 } from './rank-comparable.ts';
import type { LateNote } from './types.ts';
import { NORM_WEEKS } from './weekday-norm.ts';

export interface DigestRow {
  code: string;
  name: string;
  population: number;
  utcOffsetMin: number;
  /** Messages of the town's local day (GET /api/top?by=municipality for that day). */
  count: number;
  /** Per 10,000 residents. */
  per10k: number;
  /** Alerts open at 07:00 (new or older), not explained by a known cause, by severity. */
  openCritical: number;
  openHigh: number;
  openNormal: number;
  /** Σ over topics no known event covers of max(0, count − weekday norm), and per 10,000 residents. */
  unexplainedRise: number;
  unexplainedRisePer10k: number;
  /** The topic with the largest unexplained rise, if any. */
  leadingTopic: { topic: TopicId; topicName: string; count: number; norm: number } | null;
}

export interface RegionDigest {
  version: 1;
  region: string;
  regionName: string;
  date: string;
  readOn: string;
  /** Most attention first (see the module comment). */
  rows: DigestRow[];
  /** Messages of the previous digest's day that came after it was sent (set by delivery; null when built alone). */
  late: LateNote | null;
}

/** Most open critical, then open high, then the largest unexplained rise per capita, then the name. */
export const compareAttention = (a: DigestRow, b: DigestRow) =>
  b.openCritical - a.openCritical ||
  b.openHigh - a.openHigh ||
  b.unexplainedRisePer10k - a.unexplainedRisePer10k ||
  b.count - a.count ||
  (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * The unexplained rise of one town's day from its topic counts: topics covered by a known event are expected.
 * @example unexplainedRise(new Map([['heating', 12], ['waste', 3]]), [new Map([['heating', 2]])], new Set())
 *   → { total: 10 + 3, leading: { topic: 'heating', count: 12, norm: 2 } }
 */
export function unexplainedRise(
  day: ReadonlyMap<TopicId, number>,
  weeks: readonly ReadonlyMap<TopicId, number>[],
  explained: (topic: TopicId) => boolean,
): { total: number; leading: { topic: TopicId; count: number; norm: number } | null } {
  let total = 0;
  let leading: { topic: TopicId; count: number; norm: number; rise: number } | null = null;
  for (const [topic, count] of day) {
    if (explained(topic)) continue;
    const norm = weeks.length === 0 ? 0 : weeks.reduce((s, w) => s + (w.get(topic) ?? 0), 0) / weeks.length;
    const rise = Math.max(0, count - norm);
    total += rise;
    if (
      rise > 0 &&
      (leading === null || rise > leading.rise || (rise === leading.rise && topic < leading.topic))
    )
      leading = { topic, count, norm, rise };
  }
  return { total, leading: leading && { topic: leading.topic, count: leading.count, norm: leading.norm } };
}

export async function composeRegionDigest(
  deps: { store: Store; gazetteer: Gazetteer; topics: readonly Topic[] },
  region: string,
  date: string,
): Promise<RegionDigest> {
  const [places, events, range] = await Promise.all([
    deps.store.municipalities({ region, all: false }),
    deps.store.knownEventsSince(Number.NEGATIVE_INFINITY),
    deps.store.dataRange(),
  ]);
  const regionName = deps.gazetteer.regions().find((r) => r.code === region)?.name ?? region;
  const topicName = (id: TopicId) => deps.topics.find((t) => t.id === id)?.nameRu ?? id;
  const rows = await Promise.all(
    places
      .filter((p) => p.population > 0)
      .map((p) =>
        townRow(
          deps.store,
          p,
          localDay(date, p.utcOffsetMin),
          events.map((e) => e.event),
          range?.fromMs ?? null,
          topicName,
        ),
      ),
  );
  return {
    version: 1,
    region,
    regionName,
    date,
    readOn: addDays(date, 1),
    rows: rows.sort(compareAttention),
    late: null,
  };
}

async function townRow(
  store: Store,
  p: { code: string; name: string; region: string; population: number; utcOffsetMin: number },
  day: LocalDay,
  events: readonly KnownEvent[],
  dataFromMs: number | null,
  topicName: (id: TopicId) => string,
): Promise<DigestRow> {
  const firstDataDay =
    dataFromMs === null ? day.dayNumber : Math.floor((dataFromMs + p.utcOffsetMin * 60_000) / DAY_MS);
  const countsOn = async (d: LocalDay) =>
    new Map(
      (
        await store.top({ by: 'topic', municipality: p.code, fromMs: d.fromMs, toMs: d.toMs, limit: 100 })
      ).map((r) => [r.key as TopicId, r.count]),
    );
  const normDays: LocalDay[] = [];
  for (let w = NORM_WEEKS; w >= 1; w--) {
    const d = localDay(addDays(day.date, -7 * w), p.utcOffsetMin);
    if (d.dayNumber >= firstDataDay) normDays.push(d);
  }
  const [[today = new Map<TopicId, number>(), ...weeks], alerts] = await Promise.all([
    Promise.all([day, ...normDays].map(countsOn)),
    store.alerts({
      municipality: p.code,
      fromMs: day.fromMs - ALERT_LOOKBACK_MS,
      toMs: day.morningMs,
      limit: 1000,
      offset: 0,
    }),
  ]);
  const covering = knownEventsOn(events, { code: p.code, region: p.region }, day.date);
  const explained = (t: TopicId) => covering.some((e) => e.topics.length === 0 || e.topics.includes(t));
  const rise = unexplainedRise(today, weeks, explained);
  const open = { critical: 0, high: 0, normal: 0 };
  for (const a of alerts.items) {
    const s = alertState(a, day);
    if (s === 'new' || s === 'open') open[a.severity]++;
  }
  const count = [...today.values()].reduce((s, c) => s + c, 0);
  return {
    code: p.code,
    name: p.name,
    population: p.population,
    utcOffsetMin: p.utcOffsetMin,
    count,
    per10k: round4((count * 10_000) / p.population),
    openCritical: open.critical,
    openHigh: open.high,
    openNormal: open.normal,
    unexplainedRise: rise.total,
    unexplainedRisePer10k: round4((rise.total * 10_000) / p.population),
    leadingTopic: rise.leading && { ...rise.leading, topicName: topicName(rise.leading.topic) },
  };
}
