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
      const scope = scopeOf(req);
      const town = scope.kind === 'municipality' ? scope.municipality : undefined;
      return {
        items: found.items.map((s) => toClusterItem(narrowStory(s, town))),
        total: found.total,
        limit: f.limit,
        offset: f.offset,
      };
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
      const scope = scopeOf(req);
      const s = await deps.store.storyById(req.params.id);
      if (!s) throw vspError('VSP_SERVE_NOT_FOUND', `cluster '${req.params.id}'`);
      // A story neighbouring towns share is visible to each of them; a head reads only the town's own messages.
      const town = scope.kind === 'municipality' ? scope.municipality : undefined;
      if (!s.places.some((p) => p.municipality === town))
        assertVisible(scope, s, `cluster '${req.params.id}'`);
      const found = await deps.store.messagesByStory(s.id, page, town);
      const { messages: messageCount, ...item } = toClusterItem(narrowStory(s, town));
      return {
        ...item,
        messageCount,
        messages: { items: found.items.map(toSample), total: found.total, ...page },
      };
    },
  );
}

/**
 * A story as one town's head sees it: the town's own share of it (messages, place); the words, streets and label
 * stay (they say what the story is, which the head's residents wrote of too).
 */
function narrowStory(s: StoryRow, town: string | undefined): StoryRow {
  if (town === undefined || s.places.length <= 1) return s;
  const own = s.places.filter((p) => p.municipality === town);
  return { ...s, places: own, messages: own[0]?.messages ?? 0 };
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
