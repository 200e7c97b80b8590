/**
 * The HTTP API (DESIGN.md "HTTP API"): Fastify with a JSON schema on every route, OpenAPI at /docs, one error
 * handler mapping VspError codes to statuses, and the UI at /. No listen here: `vsplesk serve` listens.
 */
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { ERROR_CODES, VspError } from '../errors.ts';
import type { ApiDeps } from './deps.ts';
import { alertRoutes } from './routes/alerts.ts';
import { anomalyRoutes } from './routes/anomalies.ts';
import { calendarRoutes } from './routes/calendar.ts';
import { clusterRoutes } from './routes/clusters.ts';
import { healthRoutes } from './routes/health.ts';
import { referenceRoutes } from './routes/reference.ts';
import { seriesRoutes } from './routes/series.ts';
import { termRoutes } from './routes/terms.ts';
import { topRoutes } from './routes/top.ts';
import { uiRoutes } from './routes/ui.ts';

export type { ApiDeps } from './deps.ts';

/** The code of 5xx errors that are not ours (bugs): the body never carries their message or stack. */
export const INTERNAL_ERROR = 'VSP_SERVE_INTERNAL';

export function buildApi(
  deps: ApiDeps,
  options: { logger?: FastifyServerOptions['logger'] } = {},
): FastifyInstance {
  const app = Fastify({
    logger: options.logger ?? false,
    ajv: { customOptions: { allErrors: false } },
    // Ids in paths carry a source's message id (`story:<municipality>:<message id>`): longer than Fastify's 100.
    maxParamLength: 512,
  });

  app.setErrorHandler((err: FastifyError | VspError, req, reply) => {
    if (err instanceof VspError) {
      const status = err.statusCode;
      if (status >= 500) {
        req.log.error({ err: err.toJSON() }, 'request failed');
        return reply.status(status).send({ error: err.code, message: ERROR_CODES[err.code].message });
      }
      return reply.status(status).send({ error: err.code, message: err.message });
    }
    if ((err as FastifyError).validation) {
      return reply.status(400).send({ error: 'VSP_SERVE_BAD_QUERY', message: err.message });
    }
    const status = (err as FastifyError).statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return reply
        .status(status)
        .send({ error: (err as FastifyError).code ?? 'BAD_REQUEST', message: err.message });
    }
    req.log.error({ err }, 'request failed');
    return reply.status(500).send({ error: INTERNAL_ERROR, message: 'internal server error' });
  });

  app.setNotFoundHandler((req, reply) =>
    reply
      .status(404)
      .send({ error: 'VSP_SERVE_NOT_FOUND', message: `no route ${req.method} ${req.url.split('?')[0]}` }),
  );

  app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'vsplesk API',
        description: "Spikes in residents' complaints, per municipality and topic",
        version: '0.1.0',
      },
      tags: [
        { name: 'series', description: 'Counts over time and rankings' },
        { name: 'anomalies', description: 'Flagged windows' },
        { name: 'alerts', description: 'Incidents: flagged windows of one municipality and topic merged' },
        {
          name: 'terms',
          description: 'Emerging terms: words whose use by distinct authors jumped in an hour',
        },
        {
          name: 'clusters',
          description: 'Clusters (stories): messages of one municipality about one thing',
        },
        { name: 'reference', description: 'Municipalities, regions, topics' },
        { name: 'service', description: 'Health and metrics' },
      ],
    },
  });
  app.register(fastifySwaggerUi, { routePrefix: '/docs' });
  app.register(async (api) => {
    healthRoutes(api, deps);
    referenceRoutes(api, deps);
    seriesRoutes(api, deps);
    topRoutes(api, deps);
    anomalyRoutes(api, deps);
    alertRoutes(api, deps);
    termRoutes(api, deps);
    clusterRoutes(api, deps);
    calendarRoutes(api, deps);
  });
  if (deps.ui !== false) app.register(uiRoutes);
  return app;
}
