import type { FastifyInstance } from 'fastify';
import { systemClock } from '../../clock.ts';
import type { ApiDeps } from '../deps.ts';
import { errorResponses, TopQuery, TopReply } from '../schemas.ts';
import { resolveSelection } from '../selection.ts';
import { resolvePeriod } from '../time-range.ts';

const UNKNOWN_NAME = 'Не определено';

export function topRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const clock = deps.clock ?? systemClock;
  app.get<{ Querystring: TopQuery }>(
    '/api/top',
    {
      schema: {
        summary:
          'Municipalities or topics ranked by messages in a period (absolute and per 100,000 residents)',
        description:
          'by=municipality: within a region, optionally for one topic. by=topic: within a region or one ' +
          'municipality; perCapita is then per 100,000 residents of that selection.',
        tags: ['series'],
        querystring: TopQuery,
        response: { 200: TopReply, ...errorResponses },
      },
    },
    async (req) => {
      const q = req.query;
      const by = q.by ?? 'municipality';
      const sel = resolveSelection(
        { region: q.region, topic: q.topic, municipality: by === 'topic' ? q.municipality : undefined },
        deps.gazetteer,
        deps.topics,
      );
      const range = q.from === undefined || q.to === undefined ? await deps.store.dataRange() : null;
      const period = resolvePeriod(q, sel.utcOffsetMin, range?.toMs ?? null, clock.nowMs());
      const rows = await deps.store.top({
        by,
        fromMs: period.fromMs,
        toMs: period.toMs,
        region: by === 'municipality' ? q.region : sel.region,
        topic: by === 'municipality' ? sel.topic : undefined,
        municipality: by === 'topic' ? sel.municipality : undefined,
        sort: q.sort,
        limit: q.limit ?? 20,
      });
      return {
        by,
        from: new Date(period.fromMs).toISOString(),
        to: new Date(period.toMs).toISOString(),
        rows: rows.map((r) => ({
          key: r.key,
          name: r.name ?? (by === 'municipality' ? UNKNOWN_NAME : r.key),
          count: r.count,
          perCapita:
            by === 'municipality'
              ? r.perCapita === null
                ? null
                : round4(r.perCapita)
              : sel.population
                ? round4((r.count * 100_000) / sel.population)
                : null,
          anomalies: r.anomalies,
        })),
      };
    },
  );
}

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;
