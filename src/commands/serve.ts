/**
 * `vsplesk serve --db FILE --port 8080`: opens the store read-write (a pipeline in the same process may write to
 * the same Store) and serves the API and UI.
 */
import type { FastifyServerOptions } from 'fastify';
import { LiveMetrics } from '../pipeline/live-metrics.ts';
import { loadGazetteer } from '../reference/gazetteer.ts';
import { loadTopics } from '../reference/topics.ts';
import { buildApi } from '../serve/api.ts';
import { materialise } from '../sink/materialise.ts';
import { openStore, type Store } from '../store/index.ts';

export interface ServeOptions {
  db: string;
  port: number;
  host?: string;
  logger?: FastifyServerOptions['logger'];
  /** Extra Prometheus text for /metrics. */
  metrics?: () => string;
  /** Keep the store up to date from scale-out processors' published results (sink/materialise.ts). */
  materialise?: { prefix: string; brokers: string; group?: string };
}

export interface RunningServer {
  url: string;
  store: Store;
  close(): Promise<void>;
}

export async function runServe(opts: ServeOptions): Promise<RunningServer> {
  const gazetteer = loadGazetteer();
  const topics = loadTopics();
  const store = await openStore(opts.db, { gazetteer, topics });
  const live = opts.materialise ? new LiveMetrics('materialise') : undefined;
  const metrics = opts.metrics || live ? () => `${opts.metrics?.() ?? ''}${live?.render() ?? ''}` : undefined;
  const app = buildApi({ store, gazetteer, topics, metrics }, { logger: opts.logger ?? true });
  try {
    await app.listen({ port: opts.port, host: opts.host ?? '127.0.0.1' });
  } catch (e) {
    await app.close().catch(() => undefined);
    await store.close();
    throw e;
  }
  // Materialise in the background; if it fails the server stops (a supervisor restarts it, resuming from the
  // offsets committed in the store) rather than serve silently stale answers.
  const stop = new AbortController();
  const materialising = opts.materialise
    ? materialise({
        ...opts.materialise,
        store,
        signal: stop.signal,
        ...(live ? { metrics: live } : {}),
      }).catch(async (e: unknown) => {
        app.log.error({ err: e }, 'materialise failed; stopping');
        process.exitCode = 1;
        await app.close();
      })
    : undefined;
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : opts.port;
  const host = opts.host && opts.host !== '0.0.0.0' && opts.host !== '::' ? opts.host : '127.0.0.1';
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    store,
    async close() {
      stop.abort();
      await materialising;
      await app.close();
      await store.close();
    },
  };
}
