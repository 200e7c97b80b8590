/**
 * The HTTP API (DESIGN.md "HTTP API"): Fastify with a JSON schema on every route, OpenAPI at /docs, one error
 * handler mapping VspError codes to statuses, and the UI at /. No listen here: `vsplesk serve` listens.
 */

import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyServerOptions,
  LogController,
} from 'fastify';
import { ERROR_CODES, VspError, vspError } from '../errors.ts';
import { installAccess } from './access.ts';
import type { ApiDeps } from './deps.ts';
import { installResponseCache } from './response-cache.ts';
import { alertRoutes } from './routes/alerts.ts';
import { anomalyRoutes } from './routes/anomalies.ts';
import { briefingRoutes } from './routes/briefings.ts';
import { calendarRoutes } from './routes/calendar.ts';
import { campaignRoutes } from './routes/campaigns.ts';
import { clusterRoutes } from './routes/clusters.ts';
import { healthRoutes } from './routes/health.ts';
import { referenceRoutes } from './routes/reference.ts';
import { seasonalRoutes } from './routes/seasonal.ts';
import { seriesRoutes } from './routes/series.ts';
import { subscriptionRoutes } from './routes/subscriptions.ts';
import { termRoutes } from './routes/terms.ts';
import { tokenRoutes } from './routes/tokens.ts';
import { topRoutes } from './routes/top.ts';
import { uiRoutes } from './routes/ui.ts';
import { installSecurityHeaders } from './security-headers.ts';

export { type ApiAuth, AUTH_OFF } from './access.ts';
export type { ApiDeps } from './deps.ts';

/** The code of 5xx errors that are not ours (bugs): the body never carries their message or stack. */
export const INTERNAL_ERROR = 'VSP_SERVE_INTERNAL';

/** Limits of the HTTP layer (defaults in API_LIMITS). */
export interface ApiLimits {
  /** Requests per token (or, without a valid token, per address) in `rateWindowMs`; 0 turns the limit off. */
  rateMax: number;
  rateWindowMs: number;
  /** Whole request, headers to body (Fastify requestTimeout): a slow client cannot hold a socket. */
  requestTimeoutMs: number;
  /** An idle socket is closed after this (Fastify connectionTimeout). */
  connectionTimeoutMs: number;
  /** Largest request body (the API's bodies are a verdict, a known cause, a token request: small). */
  bodyLimitBytes: number;
}

export const API_LIMITS: Readonly<ApiLimits> = Object.freeze({
  rateMax: 600,
  rateWindowMs: 60_000,
  requestTimeoutMs: 30_000,
  connectionTimeoutMs: 120_000,
  bodyLimitBytes: 64 * 1024,
});

export function buildApi(
  deps: ApiDeps,
  options: {
    logger?: FastifyServerOptions['logger'];
    limits?: Partial<ApiLimits>;
    /** false: log failures only, not two lines per request (behind a gateway that keeps its own access log). */
    logRequests?: boolean;
  } = {},
): FastifyInstance {
  const limits = { ...API_LIMITS, ...options.limits };
  const app = Fastify({
    logger: options.logger ?? false,
    // Through a LogController: Fastify's top-level disableRequestLogging is deprecated (FSTDEP023), and `serve
    // --no-access-log` printed that warning at every start.
    logController: new LogController({ disableRequestLogging: options.logRequests === false }),
    // removeAdditional off: a query parameter no schema knows (a typo) is a 400, not silently dropped.
    ajv: { customOptions: { allErrors: false, removeAdditional: false } },
    // Ids in paths carry a source's message id (`story:<municipality>:<message id>`): longer than Fastify's 100.
    routerOptions: { maxParamLength: 512 },
    requestTimeout: limits.requestTimeoutMs,
    connectionTimeout: limits.connectionTimeoutMs,
    bodyLimit: limits.bodyLimitBytes,
  });
  installAccess(app, deps.auth);
  installResponseCache(app, () => deps.store.dataVersion());

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

  // Security headers (the UI's CSP): helmet's, computed once (security-headers.ts).
  installSecurityHeaders(app);
  if (limits.rateMax > 0)
    app.register(fastifyRateLimit, {
      max: limits.rateMax,
      timeWindow: limits.rateWindowMs,
      // Per token once identified (the onRequest hook of installAccess runs first); else per address, so
      // guessing tokens is limited too.
      keyGenerator: (req) => (req.principal?.tokenId ? `token:${req.principal.tokenId}` : `ip:${req.ip}`),
      errorResponseBuilder: (_req, ctx) =>
        vspError('VSP_SERVE_RATE_LIMITED', `at most ${ctx.max} requests in ${ctx.after}; retry later`),
    });

  app.register(fastifySwagger, {
    openapi: {
      components: {
        securitySchemes: {
          bearerAuth: {
            type: 'http',
            scheme: 'bearer',
            description: 'an API token from `vsplesk token create` (roles and scopes: docs/api-access.md)',
          },
        },
      },
      security: [{ bearerAuth: [] }],
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
        { name: 'briefings', description: "Morning briefings: one municipality's day on one page" },
        { name: 'reference', description: 'Municipalities, regions, topics' },
        { name: 'service', description: 'Health and metrics' },
        { name: 'tokens', description: 'API tokens (admin only; only when auth is on)' },
      ],
    },
  });
  app.register(fastifySwaggerUi, { routePrefix: '/docs' });
  app.register(async (api) => {
    healthRoutes(api, deps);
    referenceRoutes(api, deps);
    seriesRoutes(api, deps);
    seasonalRoutes(api, deps);
    campaignRoutes(api, deps);
    topRoutes(api, deps);
    anomalyRoutes(api, deps);
    alertRoutes(api, deps);
    termRoutes(api, deps);
    clusterRoutes(api, deps);
    calendarRoutes(api, deps);
    briefingRoutes(api, deps);
    subscriptionRoutes(api, deps);
    if (deps.auth.mode === 'tokens') tokenRoutes(api, deps.auth.tokens, deps.gazetteer);
  });
  if (deps.ui !== false) app.register(uiRoutes);
  return app;
}
