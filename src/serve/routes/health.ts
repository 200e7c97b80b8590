import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../deps.ts';
import { renderMetrics } from '../metrics.ts';
import { errorResponses, HealthReply, NoQuery } from '../schemas.ts';

export function healthRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get(
    '/api/health',
    {
      // Open, so a load balancer can probe it; the counters and times only to a valid token.
      config: { access: 'public' },
      schema: {
        summary: 'Liveness; with a valid token, store counters too',
        tags: ['service'],
        querystring: NoQuery,
        response: { 200: HealthReply, ...errorResponses },
      },
    },
    async (req) => {
      if (req.principal === null) return { status: 'ok' as const };
      const [s, range] = await Promise.all([deps.store.stats(), deps.store.dataRange()]);
      return {
        status: 'ok' as const,
        messages: s.messages,
        deadLetters: s.deadLetters,
        lastEventTime: s.lastEventTimeMs === null ? null : new Date(s.lastEventTimeMs).toISOString(),
        dataTo: range === null ? null : new Date(range.toMs).toISOString(),
      };
    },
  );

  app.get(
    '/metrics',
    {
      config: { access: 'metrics' },
      schema: {
        summary: 'Prometheus metrics (text exposition format): an admin token, or from this host without one',
        querystring: NoQuery,
        tags: ['service'],
        produces: ['text/plain'],
        response: { 200: { type: 'string' }, ...errorResponses },
      },
    },
    async (_req, reply) => {
      const text =
        renderMetrics(await deps.store.stats()) + (deps.metrics ? ensureNewline(deps.metrics()) : '');
      return reply.type('text/plain; version=0.0.4; charset=utf-8').send(text);
    },
  );
}

const ensureNewline = (s: string) => (s === '' || s.endsWith('\n') ? s : `${s}\n`);
