/**
 * `vsplesk serve --db FILE --port 8080 [--auth on|off]`: opens the store read-write (a pipeline in the same process
 * may write to the same Store) and serves the API and UI. Auth is on unless explicitly turned off, which prints a
 * loud warning: then anyone who can reach the port reads every municipality's messages.
 */
import type { FastifyServerOptions } from 'fastify';
import {
  abortableSleep,
  createSinkFor,
  type SmtpConfig,
  startScheduler,
} from '../briefing/delivery/index.ts';
import { createPdfPrinter } from '../briefing/render-pdf.ts';
import { type Clock, systemClock } from '../clock.ts';
import { LiveMetrics } from '../pipeline/live-metrics.ts';
import { loadGazetteer } from '../reference/gazetteer.ts';
import { loadTopics } from '../reference/topics.ts';
import { type ApiAuth, AUTH_OFF, buildApi } from '../serve/api.ts';
import { type ControlPublisher, createControlPublisher, publishingControl } from '../sink/kafka-control.ts';
import { materialise } from '../sink/materialise.ts';
import { openStore, type Store } from '../store/index.ts';
import { openTokenStore } from '../store/tokens.ts';

export interface ServeOptions {
  db: string;
  port: number;
  host?: string;
  logger?: FastifyServerOptions['logger'];
  /** Bearer tokens from the store's tokens table ('on', the default) or none ('off': warns on stderr). */
  auth?: 'on' | 'off';
  /** Requests a minute per token, or per address without one (default 600); 0 turns the limit off. */
  rateLimit?: number;
  /** false: log failed requests only (a request's two log lines cost ~25–40 µs of a cached answer's ~100). */
  logRequests?: boolean;
  /** Where warnings and hints go (default stderr). */
  warn?: (text: string) => void;
  /** Extra Prometheus text for /metrics. */
  metrics?: () => string;
  /** Keep the store up to date from scale-out processors' published results (sink/materialise.ts). */
  materialise?: { prefix: string; brokers: string; group?: string };
  /**
   * Run the briefing scheduler in this process (docs/briefing.md, "Delivery"): subscriptions and deliveries live
   * in the store; relative file targets resolve under `dir`. `clock`: tests.
   */
  briefings?: { dir: string; smtp: SmtpConfig | null; clock?: Clock; intervalMs?: number };
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
  const warn = opts.warn ?? ((t: string) => process.stderr.write(t));
  let auth: ApiAuth;
  if (opts.auth === 'off') {
    warn(AUTH_OFF_WARNING);
    auth = AUTH_OFF;
  } else {
    try {
      const tokens = await openTokenStore(store, {
        onError: (e) => warn(`vsplesk: recording a token's use failed: ${(e as Error).message}\n`),
      });
      auth = { mode: 'tokens', tokens };
      if (!tokens.list().some((t) => t.revokedAtMs === null))
        warn(
          `vsplesk: auth is on and ${opts.db} holds no live token: every API request will be a 401. Stop the ` +
            `server and run \`vsplesk token create --db ${opts.db} --role admin\` (or serve with --auth off).\n`,
        );
    } catch (e) {
      await store.close();
      throw e;
    }
  }
  const live = opts.materialise ? new LiveMetrics('materialise') : undefined;
  const metrics = opts.metrics || live ? () => `${opts.metrics?.() ?? ''}${live?.render() ?? ''}` : undefined;
  // Scale-out: verdicts and known causes entered here also go to the processors (`<prefix>.control`).
  let control: ControlPublisher | undefined;
  try {
    control = opts.materialise ? await createControlPublisher(opts.materialise) : undefined;
  } catch (e) {
    await store.close();
    throw e;
  }
  const apiStore = control ? publishingControl(store, control) : store;
  const app = buildApi(
    { store: apiStore, gazetteer, topics, metrics, auth },
    {
      logger: opts.logger ?? true,
      ...(opts.logRequests !== undefined ? { logRequests: opts.logRequests } : {}),
      ...(opts.rateLimit !== undefined ? { limits: { rateMax: opts.rateLimit } } : {}),
    },
  );
  try {
    await app.listen({ port: opts.port, host: opts.host ?? '127.0.0.1' });
  } catch (e) {
    await app.close().catch(() => undefined);
    await control?.close();
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
  // Briefings: one pass at start (catch-up after a restart), then every minute; a failed pass is logged and the
  // next one tries again (nothing is marked sent that was not).
  const scheduler = opts.briefings
    ? startScheduler(
        {
          store,
          gazetteer,
          topics,
          clock: opts.briefings.clock ?? systemClock,
          sinkFor: createSinkFor({
            smtp: opts.briefings.smtp,
            baseDir: opts.briefings.dir,
            sleep: abortableSleep(stop.signal),
          }),
          pdf: createPdfPrinter(),
          log: (o) =>
            o.state === 'sent'
              ? app.log.info({ delivery: o }, 'briefing delivered')
              : app.log.error({ delivery: o }, 'briefing delivery failed'),
        },
        {
          ...(opts.briefings.intervalMs !== undefined ? { intervalMs: opts.briefings.intervalMs } : {}),
          onError: (e) => app.log.error({ err: e }, 'briefing pass failed'),
        },
      )
    : undefined;
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : opts.port;
  const host = opts.host && opts.host !== '0.0.0.0' && opts.host !== '::' ? opts.host : '127.0.0.1';
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    store,
    async close() {
      stop.abort(); // also cuts a briefing retry's backoff short
      await materialising;
      await scheduler?.stop();
      await app.close();
      await control?.close();
      await store.close();
    },
  };
}

/** Printed on stderr whenever the API serves without tokens (`--auth off`, `npm start`). */
export const AUTH_OFF_WARNING = `
################################################################################
#  WARNING: vsplesk is serving WITHOUT AUTHENTICATION (--auth off).            #
#  Anyone who can reach this port reads every municipality's data, including   #
#  residents' messages. Use it only on localhost for a demo; otherwise serve   #
#  with auth on and create tokens: vsplesk token create --db FILE --role ...   #
################################################################################

`;
