import type { FastifyInstance } from 'fastify';
import { ALL_ROLES, inScope, narrowPlace, regionInScope, scopeOf } from '../access.ts';
import type { ApiDeps } from '../deps.ts';
import {
  errorResponses,
  MunicipalitiesQuery,
  MunicipalitiesReply,
  NoQuery,
  RegionsQuery,
  RegionsReply,
  TopicsReply,
} from '../schemas.ts';

const isOn = (f: string | undefined) => f === '1' || f === 'true';

export function referenceRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get<{ Querystring: MunicipalitiesQuery }>(
    '/api/municipalities',
    {
      config: { access: ALL_ROLES },
      schema: {
        summary:
          "Municipalities with the number of stored messages (only those with data unless all=1), within the token's scope",
        tags: ['reference'],
        querystring: MunicipalitiesQuery,
        response: { 200: MunicipalitiesReply, ...errorResponses },
      },
    },
    async (req) => {
      const scope = scopeOf(req);
      const place = narrowPlace(scope, { region: req.query.region }, deps.gazetteer);
      const rows = await deps.store.municipalities({ region: place.region, all: isOn(req.query.all) });
      return rows.filter((m) => inScope(scope, { municipality: m.code, region: m.region }));
    },
  );

  app.get<{ Querystring: RegionsQuery }>(
    '/api/regions',
    {
      config: { access: ALL_ROLES },
      schema: {
        summary:
          "Regions (federal subjects) with municipalities, population and stored messages, within the token's scope",
        tags: ['reference'],
        querystring: RegionsQuery,
        response: { 200: RegionsReply, ...errorResponses },
      },
    },
    async (req) => {
      const scope = scopeOf(req);
      return (await deps.store.regions({ all: isOn(req.query.all) })).filter((r) =>
        regionInScope(scope, r.code),
      );
    },
  );

  app.get(
    '/api/topics',
    {
      config: { access: ALL_ROLES },
      schema: {
        summary: 'The topic taxonomy',
        tags: ['reference'],
        querystring: NoQuery,
        response: { 200: TopicsReply, ...errorResponses },
      },
    },
    async () => deps.topics.map((t) => ({ id: t.id, nameRu: t.nameRu, department: t.department })),
  );
}
