/**
 * The plan of a stream, drawn before any message: municipalities, their streets and author pools, weather and
 * planned events (cold snaps, snowfalls, hot-water shut-offs), injected incidents with the event time of each of
 * their messages, and bot floods. Everything here comes from the "plan" PRNG stream, so the plan does not depend
 * on how the messages are later rendered; later additions draw from streams of their own ("campaigns",
 * "incident-districts"), so a plan without them is the same as before they existed.
 */

import type { District } from '../../geo/districts.ts';
import type { TopicId } from '../../records.ts';
import type { Gazetteer } from '../../reference/gazetteer.ts';
import { sampleGamma } from './gamma.ts';
import { pickMunicipalities, type SimMunicipality } from './municipalities.ts';
import type { NormalizedOptions } from './options.ts';
import { samplePoisson } from './poisson.ts';
import { createPrng, type Prng } from './prng.ts';
import { INCIDENT_STREETS, type Street, streetLabel, townStreets } from './streets.ts';
import { TEMPLATES } from './templates-ru.ts';
import { buildProfiles, isPublicHoliday, TOPIC_COUNT, TOPIC_IDS } from './topic-profiles.ts';
import { type NamedDistrict, pickDistrict, type TownDistricts, townDistricts } from './town-districts.ts';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

export interface Incident {
  id: string;
  municipality: string;
  topic: TopicId;
  startMs: number;
  endMs: number;
  messages: number;
  /** Mean baseline messages per hour of this (municipality, topic) over the incident (no day noise). */
  expectedPerHour: number;
  /** Peak incident rate over the baseline: peakPerHour / expectedPerHour. */
  multiplier: number;
  /** The drawn size, log-uniform in [3, 30]; the peak is max(nominal × expected, MIN_PEAK_PER_HOUR). */
  nominalMultiplier: number;
  peakPerHour: number;
  /** Distinctive words, as written in the messages (ё may be written е; typos hit ~5% of words). */
  words: string[];
  /** The street, as "ул. Черняховского"; its name part appears in the messages. */
  street: string;
  streetName: string;
  /**
   * The district it happens in (OKTMO code), in towns whose districts are known (geo/districts.ts); most of its
   * messages name it.
   */
  district?: string;
  /** The district's reference name: "Кировский район", "Марьино", "МО № 7". */
  districtName?: string;
  messageIds: string[];
}

export interface Flood {
  id: string;
  /** 'bot': one account; 'campaign': one text from many accounts (absent: bot). */
  kind?: 'bot' | 'campaign';
  municipality: string;
  topic: TopicId;
  /** The bot's account ('' for a campaign: its accounts are many). */
  author: string;
  startMs: number;
  endMs: number;
  messages: number;
  messageIds: string[];
}

/** Background changes that are not injected incidents but do move volumes (a detector may flag them). */
export interface WeatherEvent {
  kind: 'cold_snap' | 'snowfall' | 'hot_water_shutoff';
  municipality: string;
  topic: TopicId;
  startMs: number;
  endMs: number;
  multiplier: number;
}

export interface SimTown extends SimMunicipality {
  streets: Street[];
  /** Author pool size: Zipf-like ranks 0…authorPool−1. */
  authorPool: number;
  /** Per-topic static multiplier (some towns complain more about roads), mean 1. */
  topicBias: Float64Array;
  /** eventMult[localDay * TOPIC_COUNT + t] from weather and planned events. */
  eventMult: Float32Array;
  vkGroup: number;
  /** The districts its messages may name; absent in towns whose districts are not known. */
  districts?: TownDistricts;
}

export interface PlannedMessage {
  eventTimeMs: number;
  /** Index into plan.incidents or plan.floods. */
  index: number;
  flood: boolean;
}

export interface Plan {
  towns: SimTown[];
  startUtcMidnightMs: number;
  incidents: Incident[];
  floods: Flood[];
  weather: WeatherEvent[];
  /** Incident and flood messages by UTC hour index (hourStartMs / HOUR_MS). */
  plannedByHour: Map<number, PlannedMessage[]>;
  incidentTown: number[];
  /** The street of each incident (the truth carries it as text). */
  incidentStreets: Street[];
  /** The district of each incident, if its town has districts. */
  incidentDistricts: (NamedDistrict | undefined)[];
  floodTown: number[];
  floodAuthorRank: number[];
}

/** Smallest peak rate of an incident, messages per hour: a burst must be visible even in a small town. */
export const MIN_PEAK_PER_HOUR = 6;
const INCIDENT_TOPIC_WEIGHTS: Partial<Record<TopicId, number>> = {
  water_sewer: 3,
  heating: 2.5,
  electricity: 2,
  ecology: 2,
  hot_water: 1,
  roads: 1,
  waste: 1,
  transport: 1,
  gas: 0.7,
  lighting: 0.7,
  snow_ice: 1,
  housing: 0.6,
  safety: 0.6,
  landscaping: 0.6,
  communications: 0.5,
  healthcare: 0.4,
  construction: 0.4,
  animals: 0.3,
  education: 0.3,
  social: 0.2,
  culture_sport: 0.2,
};
const FLOOD_TOPICS: TopicId[] = [
  'housing',
  'waste',
  'roads',
  'landscaping',
  'transport',
  'other',
  'healthcare',
];

const logUniform = (rng: Prng, lo: number, hi: number) => lo * (hi / lo) ** rng.next();

/** Local calendar facts of local day `d` (0 = startDate) */
export function localDay(
  startUtcMidnightMs: number,
  d: number,
): { doy: number; dow: number; holiday: boolean } {
  const date = new Date(startUtcMidnightMs + d * DAY_MS);
  const y = date.getUTCFullYear();
  const doy = Math.min(365, Math.floor((date.getTime() - Date.UTC(y, 0, 1)) / DAY_MS));
  const dow = (date.getUTCDay() + 6) % 7;
  return { doy, dow, holiday: isPublicHoliday(date.getUTCMonth() + 1, date.getUTCDate()) };
}

/** Baseline hourly rate of (town, topic) at a UTC hour, without the day-level gamma noise. */
export function baselinePerHour(
  plan: Pick<Plan, 'startUtcMidnightMs'>,
  town: SimTown,
  t: number,
  hourStartMs: number,
  days: number,
): number {
  const p = buildProfiles();
  const localMs = hourStartMs + town.utcOffsetMin * 60_000 - plan.startUtcMidnightMs;
  const d = Math.floor(localMs / DAY_MS);
  if (d < 0 || d >= days) return 0;
  const lh = Math.floor((localMs - d * DAY_MS) / HOUR_MS);
  const { doy, dow, holiday } = localDay(plan.startUtcMidnightMs, d);
  return (
    (town.baseRatePerDay *
      (p.share[t] ?? 0) *
      (p.season[t * 366 + doy] ?? 0) *
      (p.weekly[t * 7 + dow] ?? 0) *
      (holiday ? (p.holiday[t] ?? 1) : 1) *
      (town.topicBias[t] ?? 1) *
      (town.eventMult[d * TOPIC_COUNT + t] ?? 1) *
      (p.hourly[t * 24 + lh] ?? 0)) /
    24
  );
}

function planWeather(
  town: SimTown,
  o: NormalizedOptions,
  start: number,
  rng: Prng,
  out: WeatherEvent[],
): void {
  const firstYear = new Date(start).getUTCFullYear();
  const lastYear = new Date(start + o.days * DAY_MS).getUTCFullYear();
  const add = (
    kind: WeatherEvent['kind'],
    topic: TopicId,
    year: number,
    fromDoy: number,
    toDoy: number,
    len: number,
    mult: number,
  ) => {
    const doy = fromDoy + rng.int(Math.max(1, toDoy - fromDoy));
    const localStart = Date.UTC(year, 0, 1) + doy * DAY_MS;
    const d0 = Math.round((localStart - start) / DAY_MS);
    if (d0 + len <= 0 || d0 >= o.days) return;
    const t = TOPIC_IDS.indexOf(topic);
    for (let d = Math.max(0, d0); d < Math.min(o.days, d0 + len); d++) {
      const i = d * TOPIC_COUNT + t;
      town.eventMult[i] = (town.eventMult[i] ?? 1) * mult;
    }
    const off = town.utcOffsetMin * 60_000;
    out.push({
      kind,
      municipality: town.code,
      topic,
      startMs: localStart - off,
      endMs: localStart + len * DAY_MS - off,
      multiplier: Math.round(mult * 100) / 100,
    });
  };
  for (let y = firstYear; y <= lastYear; y++) {
    add('hot_water_shutoff', 'hot_water', y, 130, 225, 10 + rng.int(5), 6);
    const snaps = 1 + rng.int(2);
    for (let i = 0; i < snaps; i++)
      add('cold_snap', 'heating', y, 4, 50, 3 + rng.int(5), 1.8 + 1.2 * rng.next());
    if (rng.next() < 0.5) add('cold_snap', 'heating', y, 339, 362, 3 + rng.int(5), 1.8 + 1.2 * rng.next());
    const falls = 3 + rng.int(4);
    for (let i = 0; i < falls; i++)
      add('snowfall', 'snow_ice', y, 0, 78, 1 + rng.int(2), 2.5 + 3.5 * rng.next());
    const lateFalls = 2 + rng.int(2);
    for (let i = 0; i < lateFalls; i++)
      add('snowfall', 'snow_ice', y, 320, 364, 1 + rng.int(2), 2.5 + 3.5 * rng.next());
  }
}

function pickWeighted<T>(items: readonly T[], weights: readonly number[], rng: Prng): T | undefined {
  const total = weights.reduce((a, b) => a + b, 0);
  if (total <= 0) return undefined;
  let r = rng.next() * total;
  for (let i = 0; i < items.length; i++) {
    r -= weights[i] ?? 0;
    if (r < 0) return items[i];
  }
  return items[items.length - 1];
}

function shuffled<T>(xs: readonly T[], rng: Prng): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [a[i], a[j]] = [a[j] as T, a[i] as T];
  }
  return a;
}

/** `districts`: the reference districts (geo/districts.ts loadDistricts); towns with none name none. */
export function makePlan(o: NormalizedOptions, gazetteer: Gazetteer, districts: readonly District[]): Plan {
  const rng = createPrng(o.seed, 'plan');
  const start = Date.parse(`${o.startDate}T00:00:00Z`);
  const districtsOf = new Map<string, District[]>();
  for (const d of districts) {
    const list = districtsOf.get(d.municipality);
    if (list) list.push(d);
    else districtsOf.set(d.municipality, [d]);
  }
  const towns: SimTown[] = pickMunicipalities(gazetteer, o.municipalities, rng, o.rateScale, {
    ...(o.populationCap === undefined ? {} : { populationCap: o.populationCap }),
    ...(o.include === undefined ? {} : { include: o.include }),
    ...(o.largestCities === undefined ? {} : { largestCities: o.largestCities }),
  }).map((m) => {
    const topicBias = new Float64Array(TOPIC_COUNT);
    for (let t = 0; t < TOPIC_COUNT; t++) topicBias[t] = sampleGamma(rng, 6, 1 / 6);
    const own = districtsOf.get(m.code);
    const named = own ? townDistricts(own) : undefined;
    return {
      ...m,
      streets: townStreets(rng),
      authorPool: Math.max(300, Math.round((m.baseRatePerDay * 365) / 3)),
      topicBias,
      eventMult: new Float32Array(o.days * TOPIC_COUNT).fill(1),
      vkGroup: 10_000_000 + rng.int(180_000_000),
      ...(named ? { districts: named } : {}),
    };
  });
  const weather: WeatherEvent[] = [];
  for (const town of towns) planWeather(town, o, start, rng, weather);

  const plan: Plan = {
    towns,
    startUtcMidnightMs: start,
    incidents: [],
    floods: [],
    weather,
    plannedByHour: new Map(),
    incidentTown: [],
    incidentStreets: [],
    incidentDistricts: [],
    floodTown: [],
    floodAuthorRank: [],
  };
  const addPlanned = (eventTimeMs: number, index: number, flood: boolean) => {
    const h = Math.floor(eventTimeMs / HOUR_MS);
    let list = plan.plannedByHour.get(h);
    if (!list) {
      list = [];
      plan.plannedByHour.set(h, list);
    }
    list.push({ eventTimeMs, index, flood });
  };
  const hourly = buildProfiles().hourly;
  // Incidents: not in the first 14 days (detectors need a baseline) unless the stream is shorter than 3 weeks.
  const minDay = o.days >= 21 ? 14 : Math.floor(o.days / 3);
  // An incident's district draws from its own stream: every other draw of the plan stays as without districts.
  const districtRng = createPrng(o.seed, 'incident-districts');
  const topicList = TOPIC_IDS.filter(
    (t) => (INCIDENT_TOPIC_WEIGHTS[t] ?? 0) > 0 && TEMPLATES[t].incidentWords.length >= 2,
  );
  for (let i = 0; i < o.incidents; i++) {
    const ti = rng.int(towns.length);
    const town = towns[ti] as SimTown;
    const off = town.utcOffsetMin * 60_000;
    const periodMs = (o.days - minDay) * DAY_MS;
    let durationMs = Math.round(logUniform(rng, 2, 72) * 60) * 60_000;
    durationMs = Math.max(HOUR_MS, Math.min(durationMs, periodMs - HOUR_MS));
    const localStart =
      start +
      minDay * DAY_MS +
      Math.floor((rng.next() * Math.max(1, periodMs - durationMs)) / 60_000) * 60_000;
    const startMs = localStart - off;
    const endMs = startMs + durationMs;
    // Topic: weighted, excluding topics that are out of season at the start (no snow incidents in July).
    const weights = topicList.map((t) => {
      const rate = baselinePerHour(plan, town, TOPIC_IDS.indexOf(t), startMs, o.days);
      return rate > 0 ? (INCIDENT_TOPIC_WEIGHTS[t] ?? 0) : 0;
    });
    const topic = pickWeighted(topicList, weights, rng) ?? 'water_sewer';
    const t = TOPIC_IDS.indexOf(topic);
    const hours = Math.ceil(durationMs / HOUR_MS);
    let expected = 0;
    for (let h = 0; h < hours; h++) expected += baselinePerHour(plan, town, t, startMs + h * HOUR_MS, o.days);
    expected /= hours;
    const nominal = logUniform(rng, 3, 30);
    const minPeak = o.incidentMinPeak ?? MIN_PEAK_PER_HOUR;
    const peak = Math.max(nominal * expected, minPeak);
    const tau = Math.max(1, hours / 3);
    const times: number[] = [];
    for (let h = 0; h < hours; h++) {
      const hStart = startMs + h * HOUR_MS;
      const hEnd = Math.min(endMs, hStart + HOUR_MS);
      let n: number;
      if (h === 0) n = Math.max(minPeak, Math.ceil(3 * expected), samplePoisson(rng, peak));
      else {
        const lh = Math.floor(((hStart + off) % DAY_MS) / HOUR_MS);
        const diurnal = Math.max(0.3, hourly[t * 24 + lh] ?? 1);
        n = samplePoisson(rng, peak * Math.exp(-h / tau) * diurnal * ((hEnd - hStart) / HOUR_MS));
      }
      for (let k = 0; k < n; k++)
        times.push(hStart + Math.floor((rng.next() * (hEnd - hStart)) / 1000) * 1000);
    }
    const streetObj = INCIDENT_STREETS[rng.int(INCIDENT_STREETS.length)] as Street;
    const words = shuffled(TEMPLATES[topic].incidentWords, rng).slice(0, 2 + rng.int(3));
    const index = plan.incidents.length;
    const district = town.districts ? pickDistrict(town.districts, districtRng) : undefined;
    plan.incidents.push({
      id: `inc-${String(index + 1).padStart(4, '0')}`,
      municipality: town.code,
      topic,
      startMs,
      endMs,
      messages: times.length,
      expectedPerHour: Math.round(expected * 10_000) / 10_000,
      multiplier: Math.round((peak / Math.max(expected, 1e-9)) * 10) / 10,
      nominalMultiplier: Math.round(nominal * 100) / 100,
      peakPerHour: Math.round(peak * 100) / 100,
      words,
      street: streetLabel(streetObj),
      streetName: streetObj.name,
      ...(district ? { district: district.code, districtName: district.name } : {}),
      messageIds: [],
    });
    plan.incidentTown.push(ti);
    plan.incidentStreets.push(streetObj);
    plan.incidentDistricts.push(district);
    for (const tm of times) addPlanned(tm, index, false);
  }
  /**
   * One flood in one town: its topic, a duration of 1…`maxHours` hours starting no earlier than `earliestMs` into
   * the stream, `minMessages` + up to `extraMessages` messages spread over it. Draws from `r` in a fixed order.
   */
  const planFlood = (
    r: Prng,
    f: {
      id: string;
      kind?: 'campaign';
      maxHours: number;
      earliestMs: number;
      minMessages: number;
      extraMessages: number;
    },
    rankOf: (town: SimTown, index: number) => number,
  ) => {
    const ti = r.int(towns.length);
    const town = towns[ti] as SimTown;
    const topic = FLOOD_TOPICS[r.int(FLOOD_TOPICS.length)] as TopicId;
    const durationMs = Math.round(logUniform(r, 1, f.maxHours) * 60) * 60_000;
    const from = Math.min(o.days * DAY_MS - durationMs - HOUR_MS, f.earliestMs);
    const localStart =
      start +
      Math.max(0, from) +
      Math.floor((r.next() * Math.max(HOUR_MS, o.days * DAY_MS - from - durationMs)) / 60_000) * 60_000;
    const startMs = localStart - town.utcOffsetMin * 60_000;
    const n = f.minMessages + r.int(f.extraMessages);
    const index = plan.floods.length;
    for (let k = 0; k < n; k++)
      addPlanned(startMs + Math.floor((r.next() * durationMs) / 1000) * 1000, index, true);
    plan.floods.push({
      id: f.id,
      ...(f.kind ? { kind: f.kind } : {}),
      municipality: town.code,
      topic,
      author: '',
      startMs,
      endMs: startMs + durationMs,
      messages: n,
      messageIds: [],
    });
    plan.floodTown.push(ti);
    plan.floodAuthorRank.push(rankOf(town, index));
  };
  // A bot: one account.
  for (let i = 0; i < o.floods; i++)
    planFlood(
      rng,
      {
        id: `flood-${String(plan.floods.length + 1).padStart(3, '0')}`,
        maxHours: 3,
        earliestMs: DAY_MS,
        minMessages: 40,
        extraMessages: 111,
      },
      (town, index) => town.authorPool + 1_000_000 + index,
    );
  // Campaigns draw from their own PRNG stream: a stream without them is byte-identical to before they existed.
  const crng = createPrng(o.seed, 'campaigns');
  for (let i = 0; i < (o.campaigns ?? 0); i++)
    planFlood(
      crng,
      {
        id: `campaign-${String(i + 1).padStart(3, '0')}`,
        kind: 'campaign',
        maxHours: 2,
        earliestMs: 14 * DAY_MS,
        minMessages: 15,
        extraMessages: 46,
      },
      // Its accounts: ranks from here on, one per message (fresh accounts, as a campaign's are).
      (town, index) => town.authorPool + 2_000_000 + index * 1_000,
    );
  for (const list of plan.plannedByHour.values())
    list.sort((a, b) => a.eventTimeMs - b.eventTimeMs || a.index - b.index);
  return plan;
}
