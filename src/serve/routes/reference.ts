import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../deps.ts';
import {
  errorResponses,
  MunicipalitiesQuery,
  MunicipalitiesReply,
  RegionsQuery,
  RegionsReply,
  TopicsReply,
} from '../schemas.ts';

const isOn = (f: string | undefined) => f === '1' || f === 'true';

export function referenceRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get<{ Querystring: MunicipalitiesQuery }>(
    '/api/municipalities',
    {
      schema: {
        summary: 'Municipalities with the number of stored messages (only those with data unless all=1)',
        tags: ['reference'],
        querystring: MunicipalitiesQuery,
        response: { 200: MunicipalitiesReply, ...errorResponses },
      },
    },
    async (req) => deps.store.municipalities({ region: req.query.region, all: isOn(req.query.all) }),
  );

  app.get<{ Querystring: RegionsQuery }>(
    '/api/regions',
    {
      schema: {
        summary: 'Regions (federal subjects) with municipalities, population and stored messages',
        tags: ['reference'],
        querystring: RegionsQuery,
        response: { 200: RegionsReply, ...errorResponses },
      },
    },
    async (req) => deps.store.regions({ all: isOn(req.query.all) }),
  );

  app.get(
    '/api/topics',
    {
      schema: {
        summary: 'The topic taxonomy',
        tags: ['reference'],
        response: { 200: TopicsReply, ...errorResponses },
      },
    },
    async () => deps.topics.map((t) => ({ id: t.id, nameRu: t.nameRu, department: t.department })),
  );
}
