import type { FastifyInstance, FastifyRequest } from 'fastify';
import { systemClock } from '../../clock.ts';
import { extractStreets, formatStreet } from '../../cluster/streets.ts';
import { vspError } from '../../errors.ts';
import { districtRef } from '../../geo/districts.ts';
import { placeRates } from '../../geo/rates.ts';
import type { TopicId } from '../../records.ts';
import type { Scope } from '../../store/tokens.ts';
import { ALL_ROLES, inScope, narrowPlace, scopeOf } from '../access.ts';
import { jsonOrArrow, jsonOrArrow200 } from '../arrow-answer.ts';
import type { ApiDeps } from '../deps.ts';
import { errorResponses, TopQuery, TopReply } from '../schemas.ts';
import { resolveSelection } from '../selection.ts';
import { resolvePeriod } from '../time-range.ts';
import { topRecordBatch } from '../top-arrow.ts';

const UNKNOWN_NAME = 'Не определено';

export function topRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const clock = deps.clock ?? systemClock;
  app.get<{ Querystring: TopQuery }>(
    '/api/top',
    {
      config: { access: ALL_ROLES },
      schema: {
        summary:
          'Municipalities or topics ranked by messages in a period (absolute and per 100,000 residents)',
        description:
          'by=municipality: within a region, optionally for one topic. by=topic: within a region or one ' +
          "municipality; perCapita is then per 100,000 residents of that selection. Within the token's scope. " +
          '`Accept: application/vnd.apache.arrow.stream`: the rows as an Arrow IPC stream (docs/export.md); any ' +
          'other Accept: JSON.',
        tags: ['series'],
        querystring: TopQuery,
        response: {
          200: jsonOrArrow200('The ranked rows (JSON or Arrow)', TopReply),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => jsonOrArrow(req, reply, await topAnswer(req), topRecordBatch),
  );

  /** The answer of one request (JSON shape; jsonOrArrow turns it into Arrow when asked). */
  async function topAnswer(req: FastifyRequest<{ Querystring: TopQuery }>): Promise<TopReply> {
    const q = req.query;
    const by = q.by ?? 'municipality';
    const scope = scopeOf(req);
    const place = narrowPlace(scope, q, deps.gazetteer);
    const sel = resolveSelection(
      {
        region: place.region,
        topic: q.topic,
        municipality: by === 'municipality' ? undefined : place.municipality,
      },
      deps.gazetteer,
      deps.topics,
    );
    const range = q.from === undefined || q.to === undefined ? await deps.store.dataRange() : null;
    const period = resolvePeriod(q, sel.utcOffsetMin, range?.toMs ?? null, clock.nowMs());
    if (by === 'municipality')
      return {
        by,
        ...iso(period),
        rows: await municipalityRates(q, place.region, scope, period, sel.topic),
      };
    // Streets and districts: within one municipality, of one topic or all, in the period.
    const within = () => {
      if (sel.municipality === undefined)
        throw vspError('VSP_SERVE_BAD_QUERY', `by=${by} needs a municipality`);
      return {
        municipality: sel.municipality,
        ...(sel.topic ? { topic: sel.topic } : {}),
        fromMs: period.fromMs,
        toMs: period.toMs,
      };
    };
    if (by === 'street') {
      const texts = await deps.store.textsOfPlace({ ...within(), limit: STREET_TEXTS });
      return { by, ...iso(period), messagesRead: texts.length, rows: streetRows(texts, q.limit ?? 20) };
    }
    if (by === 'district') {
      const d = await deps.store.districtsOfPlace({ ...within(), limit: q.limit ?? 20 });
      // No population below the municipality here (OKTMO lists none): counts and shares, no rates.
      return {
        by,
        ...iso(period),
        messagesRead: d.messages,
        rows: d.rows.map((r) => ({
          key: r.district,
          name: districtRef(r.district).name,
          count: r.count,
          authors: r.authors,
          perCapita: null,
          anomalies: 0,
          share: round4(r.count / Math.max(d.messages, 1)),
        })),
      };
    }
    const rows = await deps.store.top({
      by,
      fromMs: period.fromMs,
      toMs: period.toMs,
      region: sel.region,
      municipality: sel.municipality,
      limit: q.limit ?? 20,
    });
    return {
      by,
      ...iso(period),
      rows: rows.map((r) => ({
        key: r.key,
        name: r.name ?? r.key,
        count: r.count,
        perCapita: sel.population ? round4((r.count * 100_000) / sel.population) : null,
        anomalies: r.anomalies,
      })),
    };
  }

  /**
   * Municipalities of the selection with their counts and honest rates: every monitored place (one with messages
   * ever) takes part in the rates' prior — a quiet one as a zero — and is listed, so a map shows them all.
   */
  async function municipalityRates(
    q: TopQuery,
    region: string | undefined,
    scope: Scope,
    period: { fromMs: number; toMs: number },
    topic: TopicId | undefined,
  ) {
    const [rows, places] = await Promise.all([
      deps.store.top({
        by: 'municipality',
        fromMs: period.fromMs,
        toMs: period.toMs,
        region,
        topic,
        sort: 'count',
        limit: 100_000,
      }),
      deps.store.municipalities({ ...(region ? { region } : {}), all: false }),
    ]);
    const counted = new Map(rows.map((r) => [r.key, r]));
    const rates = new Map(
      placeRates(
        places.map((p) => ({
          code: p.code,
          name: p.name,
          population: p.population,
          count: counted.get(p.code)?.count ?? 0,
        })),
      ).map((r) => [r.code, r]),
    );
    const out = places.map((p) => {
      const r = rates.get(p.code);
      const c = counted.get(p.code);
      const m = deps.gazetteer.byCode(p.code);
      return {
        key: p.code,
        name: p.name,
        count: c?.count ?? 0,
        perCapita: p.population > 0 ? round4(((c?.count ?? 0) * 100_000) / p.population) : null,
        anomalies: c?.anomalies ?? 0,
        population: p.population,
        ...(m ? { lat: m.lat, lon: m.lon } : {}),
        ...(r
          ? {
              per10k: round4(r.per10k),
              low: round4(r.low),
              high: round4(r.high),
              shrunk: round4(r.shrunk),
              shrunkLow: round4(r.shrunkLow),
              shrunkHigh: round4(r.shrunkHigh),
              weight: round4(r.weight),
            }
          : {}),
      };
    });
    // Messages placed nowhere known (the «Не определено» bucket) are listed too, without rates.
    for (const r of rows)
      if (!rates.has(r.key) && !places.some((p) => p.code === r.key))
        out.push({
          key: r.key,
          name: r.name ?? UNKNOWN_NAME,
          count: r.count,
          perCapita: null,
          anomalies: r.anomalies,
          population: 0,
        });
    const sort = q.sort ?? 'count';
    const value = (x: (typeof out)[number]) =>
      sort === 'shrunk'
        ? 'shrunk' in x
          ? (x.shrunk as number)
          : -1
        : sort === 'perCapita'
          ? (x.perCapita ?? -1)
          : x.count;
    // A head's list is the town alone (its rates still shrink toward the whole region).
    return out
      .filter((x) => inScope(scope, { municipality: x.key, region: deps.gazetteer.byCode(x.key)?.region }))
      .filter((x) => x.count > 0 || region !== undefined)
      .sort((a, b) => value(b) - value(a) || b.count - a.count || (a.key < b.key ? -1 : 1))
      .slice(0, q.limit ?? 20);
  }
}

/** Newest messages of the period a street view reads (street extraction runs at ~5 µs a message). */
const STREET_TEXTS = 20_000;

/** Streets named in the texts, most named first: each message counts once per street. */
function streetRows(texts: readonly string[], limit: number) {
  const counts = new Map<string, { label: string; n: number }>();
  for (const t of texts) {
    const seen = new Set<string>();
    for (const m of extractStreets(t)) {
      if (seen.has(m.key)) continue;
      seen.add(m.key);
      const c = counts.get(m.key);
      if (c) c.n++;
      else counts.set(m.key, { label: formatStreet({ kind: m.kind, name: m.name }), n: 1 });
    }
  }
  return [...counts]
    .sort((a, b) => b[1].n - a[1].n || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
    .map(([key, c]) => ({
      key,
      name: c.label,
      count: c.n,
      perCapita: null,
      anomalies: 0,
      share: round4(c.n / Math.max(texts.length, 1)),
    }));
}

const iso = (p: { fromMs: number; toMs: number }) => ({
  from: new Date(p.fromMs).toISOString(),
  to: new Date(p.toMs).toISOString(),
});
const round4 = (x: number) => Math.round(x * 1e4) / 1e4;
