import type { FastifyInstance } from 'fastify';
import { vspError } from '../../errors.ts';
import { maskPii } from '../../normalise/mask-pii.ts';
import type { StoryRow } from '../../store/index.ts';
import { assertVisible, MESSAGE_READERS, narrowPlace, scopeOf } from '../access.ts';
import type { ApiDeps } from '../deps.ts';
import {
  ClusterParams,
  ClusterQuery,
  ClusterReply,
  ClustersQuery,
  ClustersReply,
  errorResponses,
} from '../schemas.ts';
import { resolveListFilter } from '../selection.ts';
import { toSample } from './anomalies.ts';

/** Clusters are stories (cluster/stories.ts): messages of one municipality about one thing. */
export function clusterRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get<{ Querystring: ClustersQuery }>(
    '/api/clusters',
    {
      // Labels are the first words of a message: not for the planner.
      config: { access: MESSAGE_READERS },
      schema: {
        summary: 'Clusters (stories: messages of one municipality about one thing), biggest first, paginated',
        description:
          'from/to select clusters whose span (first to last message) overlaps the period; both optional. ' +
          'region keeps the clusters of its municipalities; kind one kind; minMessages the bigger ones. ' +
          'Ordered by messages, then by the latest last message.',
        tags: ['clusters'],
        querystring: ClustersQuery,
        response: { 200: ClustersReply, ...errorResponses },
      },
    },
    async (req) => {
      const q = req.query;
      const place = narrowPlace(scopeOf(req), q, deps.gazetteer);
      const f = resolveListFilter({ ...q, ...place }, deps.gazetteer, deps.topics);
      const found = await deps.store.stories({ ...f, kind: q.kind, minMessages: q.minMessages });
      return { items: found.items.map(toClusterItem), total: found.total, limit: f.limit, offset: f.offset };
    },
  );

  app.get<{ Params: ClusterParams; Querystring: ClusterQuery }>(
    '/api/clusters/:id',
    {
      config: { access: MESSAGE_READERS },
      schema: {
        summary: 'One cluster with a page of its messages (earliest first)',
        tags: ['clusters'],
        params: ClusterParams,
        querystring: ClusterQuery,
        response: { 200: ClusterReply, ...errorResponses },
      },
    },
    async (req) => {
      const page = pageOf(req.query);
      const s = await deps.store.storyById(req.params.id);
      if (!s) throw vspError('VSP_SERVE_NOT_FOUND', `cluster '${req.params.id}'`);
      assertVisible(scopeOf(req), s, `cluster '${req.params.id}'`);
      const found = await deps.store.messagesByStory(s.id, page);
      const { messages: messageCount, ...item } = toClusterItem(s);
      return {
        ...item,
        messageCount,
        messages: { items: found.items.map(toSample), total: found.total, ...page },
      };
    },
  );
}

function pageOf(q: { limit?: number | undefined; offset?: number | undefined }) {
  return { limit: q.limit ?? 50, offset: q.offset ?? 0 };
}

function toClusterItem(s: StoryRow) {
  return {
    ...s,
    start: new Date(s.startMs).toISOString(),
    last: new Date(s.lastMs).toISOString(),
    // The label is a message's first words.
    label: maskPii(s.label),
  };
}
