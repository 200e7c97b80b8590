/**
 * Answers of read routes kept while the store has not changed (issue 16: a dashboard of ten panels for ten analysts
 * must not queue ten times ten queries). An answer is stored with the store's data version read *before* it was
 * computed (Store.dataVersion), so a write that lands while it is computed makes it stale at once; any finished
 * write (a batch committed, a verdict, a known cause) invalidates every answer. The key is the caller's role and
 * scope (lists are narrowed to it, messages hidden from some roles), the URL and the Accept header (JSON and Arrow
 * answers of one URL are two entries, each with its own ETag and content type); a repeated
 * read costs a map lookup, and a client that sends the ETag back gets a 304 with no body.
 *
 * Only routes whose answer depends on nothing but the store's data, the query and the scope are listed: not the
 * briefings (their default day follows the clock), not tokens, health or metrics. (Campaigns and seasonal plans
 * are computed per request and not listed either.)
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';

export const CACHEABLE_ROUTES: ReadonlySet<string> = new Set([
  '/api/series',
  '/api/top',
  '/api/alerts',
  '/api/alerts/:id',
  '/api/anomalies',
  '/api/anomalies/:id',
  '/api/terms',
  '/api/terms/:id',
  '/api/clusters',
  '/api/clusters/:id',
  '/api/municipalities',
  '/api/regions',
  '/api/topics',
  '/api/calendar',
]);

export interface CachedAnswer {
  version: number;
  etag: string;
  contentType: string;
  /** The answer's Vary header (an answer negotiated by Accept says so on a hit too). */
  vary?: string;
  /** JSON text, or bytes (an Arrow answer). */
  body: string | Buffer;
}

/** Least recently used first out, bounded by entries and by bytes. */
export class ResponseCache {
  readonly #entries = new Map<string, CachedAnswer>();
  #bytes = 0;

  constructor(
    readonly maxEntries = 2_000,
    readonly maxBytes = 64 * 2 ** 20,
  ) {}

  get size(): number {
    return this.#entries.size;
  }

  /** The answer kept under `key` if it was computed at `version`; a stale one is dropped. */
  get(key: string, version: number): CachedAnswer | undefined {
    const hit = this.#entries.get(key);
    if (hit === undefined) return undefined;
    this.#delete(key, hit);
    if (hit.version !== version) return undefined;
    this.#entries.set(key, hit); // most recently used
    this.#bytes += sizeOf(hit);
    return hit;
  }

  set(key: string, answer: CachedAnswer): void {
    const old = this.#entries.get(key);
    if (old !== undefined) this.#delete(key, old);
    if (sizeOf(answer) > this.maxBytes / 8) return; // one huge answer must not empty the cache
    this.#entries.set(key, answer);
    this.#bytes += sizeOf(answer);
    for (const [k, v] of this.#entries) {
      if (this.#entries.size <= this.maxEntries && this.#bytes <= this.maxBytes) break;
      this.#delete(k, v);
    }
  }

  #delete(key: string, answer: CachedAnswer): void {
    this.#entries.delete(key);
    this.#bytes -= sizeOf(answer);
  }
}

const sizeOf = (a: CachedAnswer) => (typeof a.body === 'string' ? a.body.length * 2 : a.body.length) + 200;

declare module 'fastify' {
  interface FastifyRequest {
    /** Set for a cacheable GET: where its answer goes and the data version it was computed at. */
    cacheSlot: { key: string; version: number; hit: boolean } | null;
  }
}

function cacheKey(req: FastifyRequest): string {
  const p = req.principal;
  const who = p === null ? 'anonymous' : `${p.role}\u0000${JSON.stringify(p.scope)}`;
  return `${who}\u0000${req.headers.accept ?? ''}\u0000${req.url}`;
}

/** Of the body alone: after a write that left an answer as it was, a client's copy is still good (304). */
const etagOf = (body: string | Buffer) =>
  `"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`;

/**
 * Installs the cache on an API whose access hooks run first (the principal is known): a hit is answered in
 * preHandler (after the query is validated and access checked), a fresh 200 is kept in onSend.
 */
export function installResponseCache(
  app: FastifyInstance,
  dataVersion: () => number,
  cache: ResponseCache = new ResponseCache(),
): ResponseCache {
  app.decorateRequest('cacheSlot', null);
  app.addHook('preHandler', async (req, reply) => {
    if (req.method !== 'GET' || !CACHEABLE_ROUTES.has(req.routeOptions.url ?? '')) return;
    const key = cacheKey(req);
    const version = dataVersion();
    const hit = cache.get(key, version);
    req.cacheSlot = { key, version, hit: hit !== undefined };
    if (hit === undefined) return;
    reply.header('etag', hit.etag);
    if (hit.vary !== undefined) reply.header('vary', hit.vary);
    if (req.headers['if-none-match'] === hit.etag) return reply.code(304).send();
    return reply.type(hit.contentType).send(hit.body);
  });
  app.addHook('onSend', async (req, reply, payload) => {
    const slot = req.cacheSlot;
    if (slot === null || slot.hit || reply.statusCode !== 200) return payload;
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    const etag = etagOf(payload);
    const contentType = String(reply.getHeader('content-type') ?? 'application/json; charset=utf-8');
    const vary = reply.getHeader('vary');
    cache.set(slot.key, {
      version: slot.version,
      etag,
      contentType,
      ...(vary === undefined ? {} : { vary: String(vary) }),
      body: payload,
    });
    reply.header('etag', etag);
    if (req.headers['if-none-match'] === etag) {
      reply.code(304);
      return '';
    }
    return payload;
  });
  return cache;
}
