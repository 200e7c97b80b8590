import type { FastifyInstance } from 'fastify';
import { vspError } from '../../errors.ts';
import type { TermBurstRow } from '../../store/index.ts';
import {
  ALL_ROLES,
  assertVisible,
  isMessageReader,
  MESSAGE_READERS,
  narrowPlace,
  scopeOf,
} from '../access.ts';
import type { ApiDeps } from '../deps.ts';
import { errorResponses, NoQuery, TermParams, TermReply, TermsQuery, TermsReply } from '../schemas.ts';
import { resolveListFilter } from '../selection.ts';
import { toSample } from './anomalies.ts';

export function termRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get<{ Querystring: TermsQuery }>(
    '/api/terms',
    {
      config: { access: ALL_ROLES },
      schema: {
        summary:
          "Emerging terms (words whose use by distinct authors jumped in an hour) within the token's scope, newest first, paginated",
        description:
          'from/to select bursts whose hour starts in the period; both optional (open-ended). municipality ' +
          'keeps its own bursts; region keeps its region-wide bursts and those of its municipalities; scope ' +
          'keeps one kind. A head sees the town’s own bursts, not region-wide ones (their messages come from other ' +
          'towns); a planner gets no messageIds (no individual messages).',
        tags: ['terms'],
        querystring: TermsQuery,
        response: { 200: TermsReply, ...errorResponses },
      },
    },
    async (req) => {
      const q = req.query;
      const place = narrowPlace(scopeOf(req), q, deps.gazetteer);
      const f = resolveListFilter({ ...q, ...place }, deps.gazetteer, deps.topics);
      const page = await deps.store.termBursts({
        ...f,
        scope: q.scope,
      });
      const withIds = isMessageReader(req);
      const items = page.items.map((t) => toTermBurstItem(withIds ? t : { ...t, messageIds: [] }));
      return { total: page.total, limit: f.limit, offset: f.offset, items };
    },
  );

  app.get<{ Params: TermParams }>(
    '/api/terms/:id',
    {
      config: { access: MESSAGE_READERS },
      schema: {
        summary: 'One emerging term with its example messages',
        tags: ['terms'],
        params: TermParams,
        querystring: NoQuery,
        response: { 200: TermReply, ...errorResponses },
      },
    },
    async (req) => {
      const t = await deps.store.termBurst(req.params.id);
      if (!t) throw vspError('VSP_SERVE_NOT_FOUND', `term burst '${req.params.id}'`);
      assertVisible(scopeOf(req), t, `term burst '${req.params.id}'`);
      const samples = await deps.store.messagesByIds(t.messageIds);
      return { ...toTermBurstItem(t), samples: samples.map(toSample) };
    },
  );
}

function toTermBurstItem(t: TermBurstRow) {
  return { ...t, start: new Date(t.startMs).toISOString(), end: new Date(t.endMs).toISOString() };
}
