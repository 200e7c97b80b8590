/**
 * Resolves the (municipality, region, topic) of a query against the reference data: unknown codes are 404s, a
 * malformed choice a 400. Gives the zone dates are read in and the population for per-capita rates.
 */
import { vspError } from '../errors.ts';
import { type TopicId, UNKNOWN_MUNICIPALITY } from '../records.ts';
import type { Gazetteer } from '../reference/gazetteer.ts';
import type { Topic } from '../reference/topics.ts';
import { DEFAULT_UTC_OFFSET_MIN, parseOptionalPeriod } from './time-range.ts';

export interface ResolvedSelection {
  municipality?: string;
  region?: string;
  topic?: TopicId;
  utcOffsetMin: number;
  /** Residents of the selection (municipality, region or the whole gazetteer); null when unknown. */
  population: number | null;
}

export function resolveSelection(
  q: { municipality?: string | undefined; region?: string | undefined; topic?: string | undefined },
  gazetteer: Gazetteer,
  topics: readonly Topic[],
): ResolvedSelection {
  let topic: TopicId | undefined;
  if (q.topic !== undefined && q.topic !== 'all') {
    const t = topics.find((x) => x.id === q.topic);
    if (!t) throw vspError('VSP_SERVE_BAD_QUERY', `unknown topic '${q.topic}'`);
    topic = t.id;
  }
  if (q.municipality !== undefined && q.municipality !== 'all') {
    if (q.municipality === UNKNOWN_MUNICIPALITY) {
      return {
        municipality: UNKNOWN_MUNICIPALITY,
        topic,
        utcOffsetMin: DEFAULT_UTC_OFFSET_MIN,
        population: null,
      };
    }
    const m = gazetteer.byCode(q.municipality);
    if (!m) throw vspError('VSP_SERVE_NOT_FOUND', `municipality '${q.municipality}'`);
    if (q.region !== undefined && q.region !== 'all' && q.region !== m.region) {
      throw vspError('VSP_SERVE_BAD_QUERY', `municipality ${m.code} is not in region ${q.region}`);
    }
    return { municipality: m.code, topic, utcOffsetMin: m.utcOffsetMin, population: m.population };
  }
  if (q.region !== undefined && q.region !== 'all') {
    const ms = gazetteer.all.filter((m) => m.region === q.region);
    if (ms.length === 0) throw vspError('VSP_SERVE_NOT_FOUND', `region '${q.region}'`);
    return {
      region: q.region,
      topic,
      utcOffsetMin: mostCommon(ms.map((m) => m.utcOffsetMin)),
      population: ms.reduce((s, m) => s + m.population, 0),
    };
  }
  return {
    topic,
    utcOffsetMin: DEFAULT_UTC_OFFSET_MIN,
    population: gazetteer.all.reduce((s, m) => s + m.population, 0),
  };
}

function mostCommon(xs: number[]): number {
  const n = new Map<number, number>();
  for (const x of xs) n.set(x, (n.get(x) ?? 0) + 1);
  return [...n.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? DEFAULT_UTC_OFFSET_MIN;
}

/** The place, topic, optional period and page every list query shares (anomalies, alerts, emerging terms). */
export interface ListFilter {
  municipality: string | undefined;
  region: string | undefined;
  topic: TopicId | undefined;
  fromMs: number | undefined;
  toMs: number | undefined;
  limit: number;
  offset: number;
}

/** Resolves a list query's shared part once: 404 for an unknown place, 400 for a bad topic or period. */
export function resolveListFilter(
  q: {
    municipality?: string | undefined;
    region?: string | undefined;
    topic?: string | undefined;
    from?: string | undefined;
    to?: string | undefined;
    limit?: number | undefined;
    offset?: number | undefined;
  },
  gazetteer: Gazetteer,
  topics: readonly Topic[],
): ListFilter {
  const sel = resolveSelection(q, gazetteer, topics);
  const { fromMs, toMs } = parseOptionalPeriod(q, sel.utcOffsetMin);
  return {
    municipality: sel.municipality,
    region: sel.region,
    topic: sel.topic,
    fromMs,
    toMs,
    limit: q.limit ?? 50,
    offset: q.offset ?? 0,
  };
}
