/**
 * A processor's own small HTTP endpoint (`vsplesk run --metrics-port`): GET /metrics with its live numbers
 * (pipeline/live-metrics.ts) for Prometheus, GET /health for a supervisor. Processors in scale-out have no
 * store of their own, so this is where their lag, rate and latency are read.
 */
import Fastify, { type FastifyInstance } from 'fastify';

export async function startMetricsServer(o: {
  port: number;
  host?: string;
  render: () => string;
}): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  app.get('/metrics', { schema: { response: { 200: { type: 'string' } } } }, async (_req, reply) =>
    reply.type('text/plain; version=0.0.4').send(o.render()),
  );
  app.get(
    '/health',
    {
      schema: {
        response: {
          200: { type: 'object', properties: { status: { type: 'string' } }, required: ['status'] },
        },
      },
    },
    async () => ({ status: 'ok' }),
  );
  await app.listen({ port: o.port, host: o.host ?? '127.0.0.1' });
  return app;
}
