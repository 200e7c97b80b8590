import type { FastifyInstance } from 'fastify';
import { vspError } from '../../errors.ts';
import type { TermBurstRow } from '../../store/index.ts';
import type { ApiDeps } from '../deps.ts';
import { errorResponses, TermParams, TermReply, TermsQuery, TermsReply } from '../schemas.ts';
import { resolveListFilter } from '../selection.ts';
import { toSample } from './anomalies.ts';

export function termRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get<{ Querystring: TermsQuery }>(
    '/api/terms',
    {
      schema: {
        summary:
          'Emerging terms (words whose use by distinct authors jumped in an hour), newest first, paginated',
        description:
          'from/to select bursts whose hour starts in the period; both optional (open-ended). municipality ' +
          'keeps its own bursts; region keeps its region-wide bursts and those of its municipalities; scope ' +
          'keeps one kind.',
        tags: ['terms'],
        querystring: TermsQuery,
        response: { 200: TermsReply, ...errorResponses },
      },
    },
    async (req) => {
      const q = req.query;
      const f = resolveListFilter(q, deps.gazetteer, deps.topics);
      const page = await deps.store.termBursts({
        ...f,
        scope: q.scope,
      });
      return { total: page.total, limit: f.limit, offset: f.offset, items: page.items.map(toTermBurstItem) };
    },
  );

  app.get<{ Params: TermParams }>(
    '/api/terms/:id',
    {
      schema: {
        summary: 'One emerging term with its example messages',
        tags: ['terms'],
        params: TermParams,
        response: { 200: TermReply, ...errorResponses },
      },
    },
    async (req) => {
      const t = await deps.store.termBurst(req.params.id);
      if (!t) throw vspError('VSP_SERVE_NOT_FOUND', `term burst '${req.params.id}'`);
      const samples = await deps.store.messagesByIds(t.messageIds);
      return { ...toTermBurstItem(t), samples: samples.map(toSample) };
    },
  );
}

function toTermBurstItem(t: TermBurstRow) {
  return { ...t, start: new Date(t.startMs).toISOString(), end: new Date(t.endMs).toISOString() };
}
