/**
 * The synthetic stream: a Poisson rate per (municipality, topic, hour) from precomputed profiles, with
 * gamma-distributed day-level noise (over-dispersion), plus the planned incidents and floods; rendered to NDJSON
 * lines and emitted in delivery order (a small share late), with deliberately broken lines mixed in.
 *
 * Per municipality and UTC hour the generator draws ONE Poisson count for the sum of the topic rates and then a
 * topic per message (a sum of independent Poissons split multinomially is the same distribution), so the cost
 * is per message, not per (municipality, topic, hour) cell.
 *
 * In towns whose districts are known (geo/districts.ts), DISTRICT_SHARE of the background messages and
 * INCIDENT_DISTRICT_SHARE of an incident's messages name a district (mention-district.ts), drawn from the
 * "districts" PRNG stream: every other draw, and every message of the other towns, is as without districts.
 *
 * With `texts: 'real'` the texts are recombined real appeals (compose-real.ts); the plan, volumes and times are the
 * same as with templates (incident stories draw from their own "real-stories" stream), only the texts differ.
 */

import { type District, loadDistricts } from '../../geo/districts.ts';
import type { TopicId } from '../../records.ts';
import { type Gazetteer, loadGazetteer } from '../../reference/gazetteer.ts';
import {
  composeCleanText,
  composeIncidentText,
  composeText,
  type TextContext,
  varyFloodText,
} from './compose-text.ts';
import {
  composeRealIncidentText,
  composeRealText,
  pickRealStory,
  type RealStory,
  realFloodBase,
} from './compose-real.ts';
import { DeliveryQueue } from './delivery-queue.ts';
import { sampleGamma } from './gamma.ts';
import { INVALID_KINDS, INVALID_REASON, type InvalidKind, makeInvalidLine } from './invalid.ts';
import { mentionDistrict } from './mention-district.ts';
import { type GeneratorOptions, type NormalizedOptions, normalizeOptions } from './options.ts';
import {
  DAY_MS,
  type Flood,
  HOUR_MS,
  type Incident,
  localDay,
  makePlan,
  type SimTown,
  type WeatherEvent,
} from './plan.ts';
import { samplePoisson } from './poisson.ts';
import { loadRealCorpus } from './real-appeals.ts';
import type { RealCorpus } from './real-corpus.ts';
import { createPrng, mix32 } from './prng.ts';
import { buildProfiles, type SeasonalWave, TOPIC_COUNT, TOPIC_IDS } from './topic-profiles.ts';
import { type NamedDistrict, pickDistrict } from './town-districts.ts';

export type RecordKind = 'background' | 'incident' | 'flood' | 'invalid';

/** What the generator knows about a record (for tests and evaluation; not part of the line). */
export interface RecordMeta {
  kind: RecordKind;
  topic?: TopicId;
  municipality?: string;
  eventTimeMs?: number;
  /** Incident or flood id. */
  ref?: string;
  /** Expected dead-letter reason of an invalid record. */
  reason?: string;
  late?: boolean;
  /** OKTMO code of the district the text names (only in towns whose districts are known). */
  district?: string;
}

export interface GeneratedRecord {
  /** One NDJSON line, no newline. */
  line: string;
  valid: boolean;
  meta: RecordMeta;
}

export interface GroundTruth {
  options: NormalizedOptions;
  municipalities: {
    code: string;
    name: string;
    population: number;
    utcOffsetMin: number;
    region: string;
    baseRatePerDay: number;
  }[];
  valid: number;
  invalid: number;
  /** Keyed by the reason the contract's parser/classifier should give (invalid.ts). */
  invalidByReason: Record<string, number>;
  invalidByKind: Record<string, number>;
  late: number;
  incidents: Incident[];
  floods: Flood[];
  seasonalWaves: SeasonalWave[];
  /** Cold snaps, snowfalls and planned hot-water shut-offs: real rises that are not injected incidents. */
  weatherEvents: WeatherEvent[];
  /** False until `records` has been iterated to the end. */
  complete: boolean;
}

/** Source mix: social networks dominate, then the state platform (Решаем вместе) and city portals. */
const SOURCES = ['vk', 'telegram', 'ok', 'gosuslugi', 'portal'] as const;
type Source = (typeof SOURCES)[number];
const SOURCE_CUM = [0.42, 0.6, 0.7, 0.88, 1];

/** Geography mix: code (+region), coordinates only, neither (the city named in the text). */
export const GEO_SHARES = { code: 0.75, coords: 0.15, text: 0.1 } as const;
const OCCASIONAL_AUTHOR_SHARE = 0.7;
/** Share of the background messages of a town with known districts that name one of them. */
export const DISTRICT_SHARE = 0.25;
/** Share of an incident's messages that name its district (residents often leave it out). */
export const INCIDENT_DISTRICT_SHARE = 0.65;
/** Shape k of the gamma day-level noise (mean 1, variance 1/k): coefficient of variation 1/√k ≈ 0.35. */
export const DAY_NOISE_SHAPE = 8;

interface Rendered {
  obj: Record<string, unknown>;
  /** Index of the incident or flood the record belongs to. */
  refIndex?: number;
  line: string;
  meta: RecordMeta;
}

const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const dayPrefixCache = new Map<number, string>();

/** "2025-01-14T07:15:00+05:00": the event time in the town's own offset (whole seconds). */
function formatLocal(eventTimeMs: number, town: SimTown): string {
  const localMs = eventTimeMs + town.utcOffsetMin * 60_000;
  const day = Math.floor(localMs / DAY_MS);
  let prefix = dayPrefixCache.get(day);
  if (prefix === undefined) {
    prefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
    dayPrefixCache.set(day, prefix);
  }
  const secs = Math.floor((localMs - day * DAY_MS) / 1000);
  const hh = Math.floor(secs / 3600);
  const mm = Math.floor((secs % 3600) / 60);
  return `${prefix}${TWO_DIGITS[hh]}:${TWO_DIGITS[mm]}:${TWO_DIGITS[secs % 60]}${town.offsetText}`;
}

function authorId(seedMix: number, town: number, rank: number): string {
  const a = mix32(seedMix ^ town, rank);
  const b = mix32(a, rank ^ 0x5bd1e995);
  return `${a.toString(16).padStart(8, '0')}${(b >>> 16).toString(16).padStart(4, '0')}`;
}

/** The real appeals and each incident's story (undefined: its topic has no real material, templates). */
interface RealTexts {
  corpus: RealCorpus;
  stories: (RealStory | undefined)[];
}

/**
 * `deps.districts`: the districts texts may name, default the bundled ones (geo/districts.ts); `deps.realCorpus`:
 * the appeals of `texts: 'real'`, default the bundled ones (real-appeals.ts, loaded only then).
 */
export function generateStream(
  opts: GeneratorOptions,
  deps: { gazetteer?: Gazetteer; districts?: readonly District[]; realCorpus?: RealCorpus } = {},
): { records: Iterable<GeneratedRecord>; truth(): GroundTruth } {
  const o = normalizeOptions(opts);
  const gazetteer = deps.gazetteer ?? loadGazetteer();
  const districts = deps.districts ?? loadDistricts();
  const corpus = o.texts === 'real' ? (deps.realCorpus ?? loadRealCorpus()) : undefined;
  let plan = makePlan(o, gazetteer, districts);
  let real = corpus && realStories(o, plan, corpus);
  let truth = initialTruth(o, plan);
  let runs = 0;
  return {
    records: {
      [Symbol.iterator]: () => {
        // A second iteration replays the same bytes from a fresh plan and fresh counters.
        if (runs++ > 0) {
          plan = makePlan(o, gazetteer, districts);
          real = corpus && realStories(o, plan, corpus);
          truth = initialTruth(o, plan);
        }
        return run(o, plan, truth, real);
      },
    },
    truth: () => truth,
  };
}

/** Each incident's real story; its words replace the template words in the truth (they are what is written). */
function realStories(o: NormalizedOptions, plan: ReturnType<typeof makePlan>, corpus: RealCorpus): RealTexts {
  const rng = createPrng(o.seed, 'real-stories');
  const stories = plan.incidents.map((inc) => {
    const m = corpus.topics[TOPIC_IDS.indexOf(inc.topic)];
    if (!m) return undefined;
    const story = pickRealStory(m, corpus.docFreq, rng);
    inc.words = [...story.words];
    return story;
  });
  return { corpus, stories };
}

function initialTruth(o: NormalizedOptions, plan: ReturnType<typeof makePlan>): GroundTruth {
  const seedMix = mix32(o.seed, 0x1234567);
  plan.floods.forEach((f, i) => {
    if (f.kind !== 'campaign')
      f.author = authorId(seedMix, plan.floodTown[i] ?? 0, plan.floodAuthorRank[i] ?? 0);
  });
  return {
    options: o,
    municipalities: plan.towns.map((t) => ({
      code: t.code,
      name: t.name,
      population: t.population,
      utcOffsetMin: t.utcOffsetMin,
      region: t.region,
      baseRatePerDay: Math.round(t.baseRatePerDay * 1000) / 1000,
    })),
    valid: 0,
    invalid: 0,
    invalidByReason: {},
    invalidByKind: {},
    late: 0,
    incidents: plan.incidents,
    floods: plan.floods,
    seasonalWaves: buildProfiles().waves,
    weatherEvents: plan.weather,
    complete: false,
  };
}

function* run(
  o: NormalizedOptions,
  plan: ReturnType<typeof makePlan>,
  truth: GroundTruth,
  real?: RealTexts,
): Generator<GeneratedRecord> {
  const profiles = buildProfiles();
  const noiseShape = o.dayNoiseCv === undefined ? DAY_NOISE_SHAPE : 1 / (o.dayNoiseCv * o.dayNoiseCv);
  const rng = createPrng(o.seed, 'stream');
  const badRng = createPrng(o.seed, 'invalid');
  const districtRng = createPrng(o.seed, 'districts');
  const seedMix = mix32(o.seed, 0x1234567);
  const towns = plan.towns;
  const start = plan.startUtcMidnightMs;
  const counters: Record<Source, number> = { vk: 0, telegram: 0, ok: 0, gosuslugi: 0, portal: 0 };
  const queue = new DeliveryQueue<Rendered>();
  let seq = 0;
  for (const inc of plan.incidents) inc.messageIds.length = 0;
  for (const f of plan.floods) f.messageIds.length = 0;

  // Per-town state: today's noisy daily rate per topic.
  const dayRate = towns.map(() => new Float64Array(TOPIC_COUNT));
  const dayOf = towns.map(() => -1);
  const lambdas = new Float64Array(TOPIC_COUNT);

  const pickSource = (): Source => {
    const r = rng.next();
    for (let i = 0; i < SOURCES.length; i++) if (r < (SOURCE_CUM[i] ?? 1)) return SOURCES[i] as Source;
    return 'portal';
  };

  const render = (
    town: SimTown,
    eventTimeMs: number,
    text: (ctx: TextContext) => string,
    author: string | undefined,
    meta: RecordMeta,
    fixed?: { source: Source; geo: 'code' },
    /** Where located messages are written from (default: anywhere within 4.9 km of the town's centre). */
    spot?: { lat: number; lon: number; radiusKm: number },
  ): Rendered => {
    const source = fixed?.source ?? pickSource();
    const n = ++counters[source];
    let id: string;
    let url: string | undefined;
    switch (source) {
      case 'vk':
        id = `vk:-${town.vkGroup}_${n}`;
        url = `https://vk.com/wall-${town.vkGroup}_${n}`;
        break;
      case 'telegram':
        id = `tg:gorod${town.code}_${n}`;
        url = `https://t.me/gorod${town.code}/${n}`;
        break;
      case 'ok':
        id = `ok:${town.vkGroup + 7}_${n}`;
        url = rng.next() < 0.7 ? `https://ok.ru/group/${town.vkGroup + 7}/topic/${n}` : undefined;
        break;
      case 'gosuslugi':
        id = `pos:${4_000_000 + n}`;
        break;
      default:
        id = `portal:${town.code}-${n}`;
    }
    const g =
      fixed?.geo ??
      (rng.next() < GEO_SHARES.code
        ? 'code'
        : rng.next() < GEO_SHARES.coords / (1 - GEO_SHARES.code)
          ? 'coords'
          : 'text');
    const ctx: TextContext = { rng, streets: town.streets };
    if (g === 'text') ctx.city = town.forms;
    const createdAt = formatLocal(eventTimeMs, town);
    const textValue = text(ctx);
    const obj: Record<string, unknown> = { id, source, created_at: createdAt, text: textValue };
    // The line is assembled by hand (same bytes and key order as JSON.stringify(obj)): ids, codes, times and
    // urls are plain ASCII, only the text needs escaping. Twice as fast as stringifying the object.
    let line = `{"id":"${id}","source":"${source}","created_at":"${createdAt}","text":${JSON.stringify(textValue)}`;
    if (g === 'code') {
      obj.municipality = town.code;
      obj.region = town.region;
      line += `,"municipality":"${town.code}","region":"${town.region}"`;
    }
    if (g === 'coords' || (g === 'code' && rng.next() < 0.15)) {
      const at = spot ?? { lat: town.lat, lon: town.lon, radiusKm: 4.9 };
      const rKm = at.radiusKm * Math.sqrt(rng.next());
      const ang = 2 * Math.PI * rng.next();
      const lat = Math.round((at.lat + (rKm * Math.sin(ang)) / 111.32) * 1e5) / 1e5;
      const lon =
        Math.round((at.lon + (rKm * Math.cos(ang)) / (111.32 * Math.cos((at.lat * Math.PI) / 180))) * 1e5) /
        1e5;
      obj.lat = lat;
      obj.lon = lon;
      line += `,"lat":${lat},"lon":${lon}`;
    }
    if (author !== undefined) {
      obj.author = author;
      line += `,"author":"${author}"`;
    }
    if (url) {
      obj.url = url;
      line += `,"url":"${url}"`;
    }
    return { obj, line: `${line}}`, meta };
  };

  const enqueue = (r: Rendered, eventTimeMs: number) => {
    let deliveryMs: number;
    if (rng.next() < o.lateFraction) {
      deliveryMs = eventTimeMs + Math.round(HOUR_MS * 48 ** rng.next());
      r.meta.late = true;
    } else deliveryMs = eventTimeMs + Math.min(20 * 60_000, Math.round(-Math.log(1 - rng.next()) * 180_000));
    queue.push({ deliveryMs, seq: seq++, item: r });
  };

  const backgroundAuthor = (town: SimTown): string | undefined => {
    if (rng.next() < 0.03) return undefined;
    const n = town.authorPool;
    const rank =
      rng.next() < OCCASIONAL_AUTHOR_SHARE
        ? rng.int(n)
        : Math.min(n - 1, Math.floor((n + 1) ** rng.next()) - 1);
    return authorId(seedMix, town.index, rank);
  };

  let invalidSeq = 0;
  const invalidOrder = [...INVALID_KINDS];
  for (let i = invalidOrder.length - 1; i > 0; i--) {
    const j = badRng.int(i + 1);
    [invalidOrder[i], invalidOrder[j]] = [invalidOrder[j] as InvalidKind, invalidOrder[i] as InvalidKind];
  }
  const pInvalid = o.invalidFraction >= 1 ? 1 : o.invalidFraction / (1 - o.invalidFraction);

  function* drain(untilMs: number): Generator<GeneratedRecord> {
    while (queue.peekMs() < untilMs) {
      const p = queue.pop();
      if (!p) break;
      const r = p.item;
      truth.valid++;
      if (r.meta.late) truth.late++;
      if (r.meta.kind === 'incident') plan.incidents[r.refIndex ?? -1]?.messageIds.push(r.obj.id as string);
      else if (r.meta.kind === 'flood') plan.floods[r.refIndex ?? -1]?.messageIds.push(r.obj.id as string);
      yield { line: r.line, valid: true, meta: r.meta };
      if (badRng.next() < pInvalid) {
        // The first records cycle through every kind, so even a short stream exercises them all.
        const kind =
          invalidSeq < invalidOrder.length
            ? (invalidOrder[invalidSeq] as InvalidKind)
            : (INVALID_KINDS[badRng.int(INVALID_KINDS.length)] as InvalidKind);
        invalidSeq++;
        const src = r.obj.source as string;
        const bad = { ...r.obj, id: `${src === 'telegram' ? 'tg' : src}:x${invalidSeq}` };
        const line = makeInvalidLine(kind, bad, badRng);
        const reason = INVALID_REASON[kind];
        truth.invalid++;
        truth.invalidByReason[reason] = (truth.invalidByReason[reason] ?? 0) + 1;
        truth.invalidByKind[kind] = (truth.invalidByKind[kind] ?? 0) + 1;
        yield { line, valid: false, meta: { kind: 'invalid', reason } };
      }
    }
  }

  const minOff = Math.min(...towns.map((t) => t.utcOffsetMin)) * 60_000;
  const maxOff = Math.max(...towns.map((t) => t.utcOffsetMin)) * 60_000;
  const firstHour = Math.floor((start - maxOff) / HOUR_MS);
  const lastHour = Math.ceil((start + o.days * DAY_MS - minOff) / HOUR_MS);
  const floodBase: (string | undefined)[] = plan.floods.map(() => undefined);
  /** Messages rendered so far per flood (a campaign's next account). */
  const floodSent: number[] = plan.floods.map(() => 0);

  for (let h = firstHour; h < lastHour; h++) {
    const hourStartMs = h * HOUR_MS;
    for (let ti = 0; ti < towns.length; ti++) {
      const town = towns[ti] as SimTown;
      const localMs = hourStartMs + town.utcOffsetMin * 60_000 - start;
      const d = Math.floor(localMs / DAY_MS);
      if (d < 0 || d >= o.days) continue;
      const lh = Math.floor((localMs - d * DAY_MS) / HOUR_MS);
      const rates = dayRate[ti] as Float64Array;
      if (dayOf[ti] !== d) {
        dayOf[ti] = d;
        const { doy, dow, holiday } = localDay(start, d);
        for (let t = 0; t < TOPIC_COUNT; t++) {
          rates[t] =
            town.baseRatePerDay *
            (profiles.share[t] ?? 0) *
            (profiles.season[t * 366 + doy] ?? 0) *
            (profiles.weekly[t * 7 + dow] ?? 0) *
            (holiday ? (profiles.holiday[t] ?? 1) : 1) *
            (town.topicBias[t] ?? 1) *
            (town.eventMult[d * TOPIC_COUNT + t] ?? 1) *
            sampleGamma(rng, noiseShape, 1 / noiseShape);
        }
      }
      let total = 0;
      for (let t = 0; t < TOPIC_COUNT; t++) {
        const l = ((rates[t] ?? 0) * (profiles.hourly[t * 24 + lh] ?? 0)) / 24;
        lambdas[t] = l;
        total += l;
      }
      const n = samplePoisson(rng, total);
      for (let k = 0; k < n; k++) {
        let r = rng.next() * total;
        let t = 0;
        while (t < TOPIC_COUNT - 1 && r >= (lambdas[t] ?? 0)) {
          r -= lambdas[t] ?? 0;
          t++;
        }
        const eventTimeMs = hourStartMs + Math.floor(rng.next() * 3600) * 1000;
        const topic = TOPIC_IDS[t] as TopicId;
        const district =
          town.districts && districtRng.next() < DISTRICT_SHARE
            ? pickDistrict(town.districts, districtRng)
            : undefined;
        const m = real?.corpus.topics[t];
        const textOf = m
          ? (ctx: TextContext) => composeRealText(m, ctx, town.forms)
          : (ctx: TextContext) => composeText(t, ctx);
        const rendered = render(
          town,
          eventTimeMs,
          district ? (ctx) => mentionDistrict(textOf(ctx), district, districtRng) : textOf,
          backgroundAuthor(town),
          {
            kind: 'background',
            topic,
            municipality: town.code,
            eventTimeMs,
            ...(district ? { district: district.code } : {}),
          },
        );
        enqueue(rendered, eventTimeMs);
      }
    }
    const planned = plan.plannedByHour.get(h);
    if (planned) {
      for (const p of planned) {
        if (p.flood) {
          const f = plan.floods[p.index] as Flood;
          const town = towns[plan.floodTown[p.index] ?? 0] as SimTown;
          const campaign = f.kind === 'campaign';
          // A campaign: each message from its own fresh account.
          const author = campaign
            ? authorId(seedMix, town.index, (plan.floodAuthorRank[p.index] ?? 0) + (floodSent[p.index] ?? 0))
            : f.author;
          floodSent[p.index] = (floodSent[p.index] ?? 0) + 1;
          const t = TOPIC_IDS.indexOf(f.topic);
          const m = real?.corpus.topics[t];
          const rendered = render(
            town,
            p.eventTimeMs,
            (ctx) => {
              // A campaign's text is long (an appeal of several sentences), a bot's is one complaint.
              floodBase[p.index] ??= m
                ? realFloodBase(m, rng, campaign, town.forms)
                : campaign
                  ? [0, 1, 2].map(() => composeCleanText(t, ctx)).join(' ')
                  : composeCleanText(t, ctx);
              return varyFloodText(floodBase[p.index] as string, rng);
            },
            author,
            { kind: 'flood', topic: f.topic, municipality: town.code, eventTimeMs: p.eventTimeMs, ref: f.id },
            { source: 'vk', geo: 'code' },
          );
          rendered.refIndex = p.index;
          enqueue(rendered, p.eventTimeMs);
        } else {
          const inc = plan.incidents[p.index] as Incident;
          const town = towns[plan.incidentTown[p.index] ?? 0] as SimTown;
          const t = TOPIC_IDS.indexOf(inc.topic);
          const street = plan.incidentStreets[p.index];
          const incDistrict = plan.incidentDistricts[p.index];
          const district: NamedDistrict | undefined =
            incDistrict && districtRng.next() < INCIDENT_DISTRICT_SHARE ? incDistrict : undefined;
          // Many distinct authors: uniform over a wide pool, not the Zipf head.
          const author = authorId(seedMix, town.index, rng.int(Math.max(5000, town.authorPool)));
          const m = real?.corpus.topics[t];
          const story = real?.stories[p.index];
          const incidentText =
            m && story
              ? (ctx: TextContext) =>
                  composeRealIncidentText(m, story, street ? { ...ctx, street } : ctx, town.forms)
              : (ctx: TextContext) => composeIncidentText(t, inc.words, street ? { ...ctx, street } : ctx);
          const rendered = render(
            town,
            p.eventTimeMs,
            district ? (ctx) => mentionDistrict(incidentText(ctx), district, districtRng) : incidentText,
            author,
            {
              kind: 'incident',
              topic: inc.topic,
              municipality: town.code,
              eventTimeMs: p.eventTimeMs,
              ref: inc.id,
              ...(district ? { district: district.code } : {}),
            },
            undefined,
            incidentSpot(town, inc.id),
          );
          rendered.refIndex = p.index;
          enqueue(rendered, p.eventTimeMs);
        }
      }
    }
    yield* drain(hourStartMs + HOUR_MS);
  }
  yield* drain(Number.POSITIVE_INFINITY);
  truth.complete = true;
}

/**
 * Where an incident happens: a point within 4.5 km of its town's centre, fixed by its id (no draw from the stream's
 * generator, so the rest of the stream stays byte-identical); its located messages come from within 300 m of it.
 */
function incidentSpot(
  town: { lat: number; lon: number },
  id: string,
): { lat: number; lon: number; radiusKm: number } {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  const u = (h >>> 0) / 2 ** 32;
  const v = (Math.imul(h ^ 0x9e3779b9, 2246822519) >>> 0) / 2 ** 32;
  const rKm = 4.5 * Math.sqrt(u);
  const ang = 2 * Math.PI * v;
  return {
    lat: town.lat + (rKm * Math.sin(ang)) / 111.32,
    lon: town.lon + (rKm * Math.cos(ang)) / (111.32 * Math.cos((town.lat * Math.PI) / 180)),
    radiusKm: 0.3,
  };
}
