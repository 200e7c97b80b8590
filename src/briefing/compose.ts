/**
 * Builds the Briefing of one town and one local day from the store: each section reads what the API route it
 * must agree with reads (docs/briefing.md lists them), then the pure modules of this folder rank and cut it.
 */

import { districtRef } from '../geo/districts.ts';
import { maskPii } from '../normalise/mask-pii.ts';
import type { TopicId } from '../records.ts';
import type { Gazetteer, Municipality } from '../reference/gazetteer.ts';
import type { Topic } from '../reference/topics.ts';
import { dayFromIsoDate, isoDateFromDay } from '../seasonal/days.ts';
import { recommendForRegion } from '../seasonal/region-recommendations.ts';
import { explainWindow } from '../serve/explain-window.ts';
import type { Store } from '../store/index.ts';
import { ALERT_LOOKBACK_MS, alertState, compareAlerts } from './alert-state.ts';
import { capRanked } from './cap-ranked.ts';
import { knownEventsOn } from './known-events-on.ts';
import { addDays, DAY_MS, type LocalDay, localDay } from './local-day.ts';
import { rankAmongComparable } from './rank-comparable.ts';
import { regionPlaceRates } from './region-place-rates.ts';
import { compareMoves, topicRises } from './topic-moves.ts';
import type {
  Briefing,
  BriefingAlert,
  BriefingCause,
  BriefingPlace,
  BriefingStory,
  Capped,
  ExpectedWave,
  Rank,
  TopicMove,
  TopicSeries,
  Volume,
} from './types.ts';
import { NORM_WEEKS, weekdayNorm } from './weekday-norm.ts';

export interface BriefingDeps {
  store: Store;
  gazetteer: Gazetteer;
  topics: readonly Topic[];
}

/** Days of the chart per leading topic, the briefing's day last. */
export const SERIES_DAYS = 30;
/** Leading topics that get a chart (the page must stay one A4 sheet). */
export const SERIES_TOPICS = 3;
/** Longest quote of a resident's message, in characters. */
export const QUOTE_CHARS = 100;
/** Most alerts and stories read for one day: a town's day never holds more. */
const READ_LIMIT = 1000;

export function briefingPlace(m: Municipality): BriefingPlace {
  return {
    code: m.code,
    name: m.name,
    region: m.region,
    regionName: m.regionName,
    population: m.population,
    utcOffsetMin: m.utcOffsetMin,
  };
}

/** The briefing of `municipality` for the local `date` (YYYY-MM-DD). */
export async function composeBriefing(
  deps: BriefingDeps,
  municipality: Municipality,
  date: string,
): Promise<Briefing> {
  const place = briefingPlace(municipality);
  const day = localDay(date, place.utcOffsetMin);
  const topicName = (id: TopicId) => deps.topics.find((t) => t.id === id)?.nameRu ?? id;
  const dataRange = await deps.store.dataRange();
  const firstDataDay =
    dataRange === null
      ? day.dayNumber
      : Math.floor((dataRange.fromMs + place.utcOffsetMin * 60_000) / DAY_MS);
  const [volume, rank, moves, alerts, stories, knownEvents, forecasts] = await Promise.all([
    gatherVolume(deps, place, day, firstDataDay),
    gatherRank(deps, place, day),
    gatherTopicMoves(deps, place, day, firstDataDay, topicName),
    gatherAlerts(deps, place, day, topicName),
    gatherStories(deps, place, day, topicName),
    deps.store.knownEventsSince(Number.NEGATIVE_INFINITY),
    gatherForecasts(deps, place, addDays(date, 1), dataRange?.toMs ?? null, topicName),
  ]);
  const leading = await leadingTopics(deps, place, day, moves);
  const series = await Promise.all(leading.map((t) => gatherSeries(deps, place, day, t, topicName)));
  return {
    version: 1,
    place,
    date,
    readOn: addDays(date, 1),
    fromMs: day.fromMs,
    toMs: day.toMs,
    morningMs: day.morningMs,
    volume,
    rank,
    topics: moves,
    alerts: alerts.listed,
    stories,
    causes: causesOf(
      knownEventsOn(
        knownEvents.map((c) => c.event),
        place,
        date,
      ),
      alerts.expected,
    ),
    series,
    forecasts,
    late: null,
  };
}

/** Weeks ahead of the reading day that the briefing looks for a seasonal wave's onset. */
export const FORECAST_WEEKS = 8;

/**
 * Recurring waves forecast to start within FORECAST_WEEKS of the reading day: the planner's recommendations for
 * the town (GET /api/campaigns/recommended?region=…&from=<reading day>&horizon_weeks=8, the town's rows), from
 * history up to the briefed day — what was known that morning, even when the store holds later days — and onset
 * soonest first.
 */
async function gatherForecasts(
  deps: BriefingDeps,
  place: BriefingPlace,
  readOn: string,
  dataEndMs: number | null,
  topicName: (id: TopicId) => string,
): Promise<Capped<ExpectedWave>> {
  if (dataEndMs === null) return { items: [], more: 0 };
  const fromDay = dayFromIsoDate(readOn) as number;
  const recs = await recommendForRegion(deps, {
    region: place.region,
    municipality: place.code,
    fromDay,
    endDay: Math.min(Math.floor(dataEndMs / DAY_MS), fromDay),
    horizonWeeks: FORECAST_WEEKS,
  });
  const waves = recs.map(
    (r): ExpectedWave => ({
      topic: r.topic as TopicId,
      topicName: topicName(r.topic as TopicId),
      onsetWeek: isoDateFromDay(r.onsetMonday),
      onsetLow: isoDateFromDay(r.onsetLow),
      onsetHigh: isoDateFromDay(r.onsetHigh),
      campaignStart: isoDateFromDay(r.startDay),
      expectedPer10k: Number.isFinite(r.expectedPer10k) ? r.expectedPer10k : null,
    }),
  );
  return capRanked(waves, (a, b) => (a.onsetWeek < b.onsetWeek ? -1 : a.onsetWeek > b.onsetWeek ? 1 : 0));
}

/** The day's count (GET /api/series?bucket=day) and its weekday norm from the same series. */
async function gatherVolume(
  deps: BriefingDeps,
  place: BriefingPlace,
  day: LocalDay,
  firstDataDay: number,
): Promise<Volume> {
  const points = await deps.store.series({
    municipality: place.code,
    bucket: 'day',
    fromMs: day.fromMs - 7 * NORM_WEEKS * DAY_MS,
    toMs: day.toMs,
    fromDay: day.dayNumber - 7 * NORM_WEEKS,
    toDay: day.dayNumber + 1,
  });
  const byDay = new Map(points.map((p) => [p.at, p.count]));
  const own = points.find((p) => p.at === day.dayNumber);
  const count = own?.count ?? 0;
  const { norm, days } = weekdayNorm(byDay, day.dayNumber, firstDataDay);
  return {
    count,
    authors: own?.uniqueAuthors ?? 0,
    per10k: place.population > 0 ? (count * 10_000) / place.population : null,
    norm,
    normDays: days.map((d) => ({
      date: new Date(d.dayNumber * DAY_MS).toISOString().slice(0, 10),
      count: d.count,
    })),
    ratio: norm !== null && norm > 0 ? count / norm : null,
  };
}

/** The region's towns' rates on the day, as GET /api/top?by=municipality computes them, and the town's rank. */
async function gatherRank(deps: BriefingDeps, place: BriefingPlace, day: LocalDay): Promise<Rank | null> {
  const [rows, places] = await Promise.all([
    deps.store.top({
      by: 'municipality',
      fromMs: day.fromMs,
      toMs: day.toMs,
      region: place.region,
      sort: 'count',
      limit: 100_000,
    }),
    deps.store.municipalities({ region: place.region, all: false }),
  ]);
  return rankAmongComparable(regionPlaceRates(rows, places), place.code);
}

async function gatherTopicMoves(
  deps: BriefingDeps,
  place: BriefingPlace,
  day: LocalDay,
  firstDataDay: number,
  topicName: (id: TopicId) => string,
): Promise<Capped<TopicMove>> {
  const countsOn = async (d: LocalDay) =>
    (
      await deps.store.top({
        by: 'topic',
        municipality: place.code,
        fromMs: d.fromMs,
        toMs: d.toMs,
        limit: 100,
      })
    ).map((r) => ({ topic: r.key as TopicId, count: r.count }));
  const normDays: LocalDay[] = [];
  for (let w = NORM_WEEKS; w >= 1; w--) {
    const d = localDay(addDays(day.date, -7 * w), place.utcOffsetMin);
    if (d.dayNumber >= firstDataDay) normDays.push(d);
  }
  const [today, ...weeks] = await Promise.all([countsOn(day), ...normDays.map(countsOn)]);
  const capped = capRanked(topicRises(today ?? [], weeks), compareMoves);
  const items = await Promise.all(
    capped.items.map(async (m): Promise<TopicMove> => {
      const e = await explainWindow(deps.store, {
        municipality: place.code,
        topic: m.topic,
        fromMs: day.fromMs,
        toMs: day.toMs,
      });
      const sample = e.samples[0]?.text;
      return {
        topic: m.topic,
        topicName: topicName(m.topic),
        count: m.count,
        norm: m.norm,
        normWeeks: weeks.length,
        score: m.score,
        terms: e.terms.slice(0, 5).map((t) => t.term),
        streets: e.streets.slice(0, 3).map((s) => s.label),
        districts: e.districts.slice(0, 3).map((d) => d.name),
        quote: sample === undefined ? null : truncate(maskPii(sample), QUOTE_CHARS),
      };
    }),
  );
  return { items, more: capped.more };
}

async function gatherAlerts(
  deps: BriefingDeps,
  place: BriefingPlace,
  day: LocalDay,
  topicName: (id: TopicId) => string,
): Promise<{ listed: Capped<BriefingAlert>; expected: { causeId: string; label: string; kind: string }[] }> {
  const page = await deps.store.alerts({
    municipality: place.code,
    fromMs: day.fromMs - ALERT_LOOKBACK_MS,
    toMs: day.morningMs,
    limit: READ_LIMIT,
    offset: 0,
  });
  const expected = page.items
    // Expected rises of the day itself (the look-back is for alerts still open or closing overnight).
    .filter((a) => a.cause !== null && a.endMs > day.fromMs && a.firstDetectedAtMs < day.morningMs)
    .map((a) => ({ causeId: a.cause?.id ?? '', label: a.cause?.label ?? '', kind: a.cause?.kind ?? '' }));
  const listed = page.items.flatMap((a) => {
    const state = alertState(a, day);
    return state === null ? [] : [{ a, state, severity: a.severity, minPValue: a.minPValue, id: a.id }];
  });
  const capped = capRanked(listed, compareAlerts);
  return {
    expected,
    listed: {
      more: capped.more,
      items: capped.items.map(({ a, state }) => ({
        id: a.id,
        state,
        topic: a.topic,
        topicName: topicName(a.topic),
        severity: a.severity,
        respondWithinMin: a.respondWithinMin,
        respondByMs: a.firstDetectedAtMs + a.respondWithinMin * 60_000,
        startMs: a.startMs,
        endMs: a.endMs,
        firstDetectedAtMs: a.firstDetectedAtMs,
        closedAtMs: a.closedAtMs,
        peakObserved: a.peakObserved,
        peakExpected: a.peakExpected,
        terms: a.terms.slice(0, 5),
        districts: a.districts.map((code) => districtRef(code).name),
        cause: a.cause,
      })),
    },
  };
}

/** Stories of the town still open that grew during the day, biggest first. */
async function gatherStories(
  deps: BriefingDeps,
  place: BriefingPlace,
  day: LocalDay,
  topicName: (id: TopicId) => string,
): Promise<Capped<BriefingStory>> {
  const page = await deps.store.stories({
    municipality: place.code,
    fromMs: day.fromMs,
    toMs: day.toMs,
    limit: READ_LIMIT,
    offset: 0,
  });
  const growing = page.items.filter((s) => !s.closed && s.lastMs >= day.fromMs && s.kind === 'story');
  const capped = capRanked(
    growing,
    (a, b) => b.messages - a.messages || b.authors - a.authors || (a.id < b.id ? -1 : 1),
  );
  return {
    more: capped.more,
    items: capped.items.map((s) => ({
      id: s.id,
      topic: s.topic,
      topicName: topicName(s.topic),
      kind: s.kind,
      label: maskPii(s.label),
      messages: s.messages,
      authors: s.authors,
      startMs: s.startMs,
      lastMs: s.lastMs,
      streets: s.streets.slice(0, 2).map((x) => x.label),
    })),
  };
}

/** Known events covering the day, and the causes the day's expected alerts name; most alerts explained first. */
function causesOf(
  events: readonly { id: string; kind: string; label: string; topics: TopicId[]; from: string; to: string }[],
  expected: readonly { causeId: string; label: string; kind: string }[],
): Capped<BriefingCause> {
  const byId = new Map<string, BriefingCause>();
  for (const e of events)
    byId.set(e.id, {
      id: e.id,
      kind: e.kind,
      label: e.label,
      topics: e.topics,
      from: e.from,
      to: e.to,
      alerts: 0,
    });
  for (const x of expected) {
    const c = byId.get(x.causeId) ?? {
      id: x.causeId,
      kind: x.kind,
      label: x.label,
      topics: [],
      from: null,
      to: null,
      alerts: 0,
    };
    c.alerts++;
    byId.set(x.causeId, c);
  }
  return capRanked([...byId.values()], (a, b) => b.alerts - a.alerts || (a.id < b.id ? -1 : 1));
}

/** The topics that get a chart: those that moved most, else the day's biggest. */
async function leadingTopics(
  deps: BriefingDeps,
  place: BriefingPlace,
  day: LocalDay,
  moves: Capped<TopicMove>,
): Promise<TopicId[]> {
  const chosen = moves.items.slice(0, SERIES_TOPICS).map((m) => m.topic);
  if (chosen.length >= SERIES_TOPICS) return chosen;
  const biggest = await deps.store.top({
    by: 'topic',
    municipality: place.code,
    fromMs: day.fromMs,
    toMs: day.toMs,
    limit: SERIES_TOPICS * 2,
  });
  for (const r of biggest)
    if (chosen.length < SERIES_TOPICS && !chosen.includes(r.key as TopicId)) chosen.push(r.key as TopicId);
  return chosen;
}

async function gatherSeries(
  deps: BriefingDeps,
  place: BriefingPlace,
  day: LocalDay,
  topic: TopicId,
  topicName: (id: TopicId) => string,
): Promise<TopicSeries> {
  const fromDay = day.dayNumber - SERIES_DAYS + 1;
  const points = await deps.store.series({
    municipality: place.code,
    topic,
    bucket: 'day',
    fromMs: day.toMs - SERIES_DAYS * DAY_MS,
    toMs: day.toMs,
    fromDay,
    toDay: day.dayNumber + 1,
  });
  const byDay = new Map(points.map((p) => [p.at, p.count]));
  const dates: string[] = [];
  const counts: number[] = [];
  for (let d = fromDay; d <= day.dayNumber; d++) {
    dates.push(new Date(d * DAY_MS).toISOString().slice(0, 10));
    counts.push(byDay.get(d) ?? 0);
  }
  return { topic, topicName: topicName(topic), dates, counts };
}

const truncate = (s: string, n: number) => (s.length <= n ? s : `${s.slice(0, n - 1).trimEnd()}…`);
