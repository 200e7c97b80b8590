import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { bundleUi, UPLOT_DIST_DIR } from '../../ui/bundle.ts';

/** The static page at / (bundled once when the server starts) and uPlot's files under /vendor/uplot/. */
export async function uiRoutes(app: FastifyInstance): Promise<void> {
  const ui = await bundleUi();
  await app.register(fastifyStatic, { root: UPLOT_DIST_DIR, prefix: '/vendor/uplot/', decorateReply: false });
  app.get('/', { config: { access: 'public' }, schema: { hide: true } }, (_req, reply) =>
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(ui.html),
  );
  app.get('/app.js', { config: { access: 'public' }, schema: { hide: true } }, (_req, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(ui.js),
  );
}
