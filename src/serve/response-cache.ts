/**
 * Answers of read routes kept while the store has not changed (issue 16: a dashboard of ten panels for ten analysts
 * must not queue ten times ten queries). An answer is stored with the store's data version read *before* it was
 * computed (Store.dataVersion), so a write that lands while it is computed makes it stale at once; any finished
 * write (a batch committed, a verdict, a known cause) invalidates every answer. The key is the caller's role and
 * scope (lists are narrowed to it, messages hidden from some roles), the URL and the Accept header (JSON and Arrow
 * answers of one URL are two entries, each with its own ETag and content type); a repeated
 * read costs a map lookup and sends stored bytes, and a client that sends the ETag back gets a 304 with no body.
 *
 * Only routes whose answer depends on nothing but the store's data, the query and the scope are listed: not the
 * briefings (their default day follows the clock), not tokens, health or metrics. (Campaigns and seasonal plans
 * are computed per request and not listed either.)
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  onRequestAbortHookHandler,
  onResponseHookHandler,
  onSendHookHandler,
  preValidationHookHandler,
  RouteOptions,
} from 'fastify';
import type { Principal } from '../store/tokens.ts';

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
  /** The answer's bytes (JSON encoded once, or an Arrow stream): a hit sends them as they are. */
  body: Buffer;
  /** The body gzipped, made at the first hit that accepts gzip (a large answer only: GZIP_MIN_BYTES). */
  gzip?: { body: Buffer; etag: string };
}

/**
 * Answers at least this large are sent gzipped to clients that accept it (a page of alerts is ~20 KB of JSON, ~3 KB
 * gzipped: bytes were what bounded its rate). Smaller ones gain less than the header costs.
 */
export const GZIP_MIN_BYTES = 1024;

/** Whether an Accept-Encoding header accepts gzip (`gzip` or `*`, not with q=0). */
export function acceptsGzip(header: string | undefined): boolean {
  if (header === undefined) return false;
  for (const part of header.split(',')) {
    const [coding = '', ...params] = part.split(';').map((x) => x.trim().toLowerCase());
    if (coding !== 'gzip' && coding !== '*') continue;
    const q = params.find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  }
  return false;
}

/** The gzip representation of a large answer (made once, kept with it), or undefined for a small one. */
function gzipped(answer: CachedAnswer): { body: Buffer; etag: string } | undefined {
  if (answer.body.length < GZIP_MIN_BYTES) return undefined;
  // Level 6 (zlib's default): made once per answer and version, sent many times. Its own ETag: another representation.
  answer.gzip ??= { body: gzipSync(answer.body), etag: `${answer.etag.slice(0, -1)}-gz"` };
  return answer.gzip;
}

/** Vary of a large answer: its encoding follows Accept-Encoding (and its type Accept, when negotiated). */
const varyOf = (answer: CachedAnswer): string | undefined =>
  answer.body.length < GZIP_MIN_BYTES
    ? answer.vary
    : answer.vary === undefined
      ? 'Accept-Encoding'
      : `${answer.vary}, Accept-Encoding`;

/**
 * Bounded by entries and by bytes; evicts the oldest entry not read since it was last passed over (second chance,
 * a near-LRU): a hit only sets a flag, it does not reorder the map.
 */
export class ResponseCache {
  readonly #entries = new Map<string, { answer: CachedAnswer; read: boolean }>();
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
    const e = this.#entries.get(key);
    if (e === undefined) return undefined;
    if (e.answer.version !== version) {
      this.#delete(key, e.answer);
      return undefined;
    }
    e.read = true;
    return e.answer;
  }

  set(key: string, answer: CachedAnswer): void {
    const old = this.#entries.get(key);
    if (old !== undefined) this.#delete(key, old.answer);
    if (sizeOf(answer) > this.maxBytes / 8) return; // one huge answer must not empty the cache
    this.#entries.set(key, { answer, read: false });
    this.#bytes += sizeOf(answer);
    for (const [k, e] of this.#entries) {
      if (this.#entries.size <= this.maxEntries && this.#bytes <= this.maxBytes) break;
      this.#entries.delete(k);
      if (e.read || k === key) {
        e.read = false; // read since it was stored or last passed over, or just stored: to the back
        this.#entries.set(k, e);
      } else this.#bytes -= sizeOf(e.answer);
    }
  }

  #delete(key: string, answer: CachedAnswer): void {
    this.#entries.delete(key);
    this.#bytes -= sizeOf(answer);
  }
}

const sizeOf = (a: CachedAnswer) => a.body.length + (a.gzip ? a.body.length / 4 : 0) + 200;

declare module 'fastify' {
  interface FastifyRequest {
    /** Set for a cacheable GET: where its answer goes and the data version it was computed at. */
    cacheSlot: { key: string; version: number; hit: boolean; flight?: Flight } | null;
  }
}

/**
 * An answer being computed: requests for the same key at the same version wait for it instead of computing it
 * again (after a write, fifty dashboards' connections would otherwise queue fifty identical queries). Settled with
 * the answer, or with undefined when there is none to share (an error, a non-200, the client gone): then each
 * waiter computes its own.
 */
interface Flight {
  version: number;
  answer: Promise<CachedAnswer | undefined>;
  settle: (a: CachedAnswer | undefined) => void;
}

/** The caller's part of a key, once per principal (a token's principal is one object for the server's life). */
const callerKeys = new WeakMap<Principal, string>();
function callerKey(p: Principal | null): string {
  if (p === null) return 'anonymous';
  let k = callerKeys.get(p);
  if (k === undefined) {
    k = `${p.role}\u0000${JSON.stringify(p.scope)}`;
    callerKeys.set(p, k);
  }
  return k;
}

const cacheKey = (req: FastifyRequest) =>
  `${callerKey(req.principal)}\u0000${req.headers.accept ?? ''}\u0000${req.url}`;

/** Of the body alone: after a write that left an answer as it was, a client's copy is still good (304). */
const etagOf = (body: Buffer) => `"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`;

/** Adds a hook to a route's own list (route options take one function or an array). */
function appendHook<H>(existing: H | H[] | undefined, hook: H): H[] {
  return existing === undefined ? [hook] : [...(Array.isArray(existing) ? existing : [existing]), hook];
}

/**
 * Installs the cache on the cacheable routes of an API whose access hooks run first. A hit is answered in
 * preValidation — after the token and role are checked (preParsing), before the query is validated again: only a
 * 200 is kept, so the same URL for the same role and scope was valid and in scope — with the stored bytes (no
 * serialisation, no encoding, no hashing); a fresh 200 is kept in onSend, as bytes, with its ETag. A miss while the
 * same answer is being computed waits for it (Flight).
 */
export function installResponseCache(
  app: FastifyInstance,
  dataVersion: () => number,
  cache: ResponseCache = new ResponseCache(),
): ResponseCache {
  app.decorateRequest('cacheSlot', null);

  const flights = new Map<string, Flight>();
  const land = (key: string, flight: Flight, answer: CachedAnswer | undefined) => {
    if (flights.get(key) === flight) flights.delete(key);
    flight.settle(answer);
  };

  const sendStored = (req: FastifyRequest, reply: FastifyReply, answer: CachedAnswer) => {
    const vary = varyOf(answer);
    if (vary !== undefined) reply.header('vary', vary);
    const gz = acceptsGzip(req.headers['accept-encoding']) ? gzipped(answer) : undefined;
    const etag = gz?.etag ?? answer.etag;
    reply.header('etag', etag);
    if (req.headers['if-none-match'] === etag) return reply.code(304).send();
    reply.header('content-type', answer.contentType);
    if (gz === undefined) return reply.send(answer.body);
    reply.header('content-encoding', 'gzip').send(gz.body);
  };

  const answerFromCache: preValidationHookHandler = (req, reply, done) => {
    if (req.method !== 'GET') return done();
    const key = cacheKey(req);
    const version = dataVersion();
    const hit = cache.get(key, version);
    if (hit !== undefined) {
      req.cacheSlot = { key, version, hit: true };
      return sendStored(req, reply, hit);
    }
    const flight = flights.get(key);
    if (flight !== undefined && flight.version === version) {
      req.cacheSlot = { key, version, hit: true };
      flight.answer.then((answer) => {
        if (answer !== undefined) return sendStored(req, reply, answer);
        req.cacheSlot = { key, version, hit: false };
        done();
      }, done);
      return;
    }
    let settle: Flight['settle'] = () => undefined;
    const answer = new Promise<CachedAnswer | undefined>((resolve) => {
      settle = resolve;
    });
    const mine: Flight = { version, answer, settle };
    flights.set(key, mine);
    req.cacheSlot = { key, version, hit: false, flight: mine };
    done();
  };

  const keepAnswer: onSendHookHandler = (req, reply, payload, done) => {
    const slot = req.cacheSlot;
    if (slot === null || slot.hit) return done(null, payload);
    const ok = reply.statusCode === 200 && (typeof payload === 'string' || Buffer.isBuffer(payload));
    if (!ok) {
      if (slot.flight) land(slot.key, slot.flight, undefined);
      return done(null, payload);
    }
    const body = typeof payload === 'string' ? Buffer.from(payload) : (payload as Buffer);
    const etag = etagOf(body);
    const contentType = String(reply.getHeader('content-type') ?? 'application/json; charset=utf-8');
    const vary = reply.getHeader('vary');
    const answer: CachedAnswer = {
      version: slot.version,
      etag,
      contentType,
      ...(vary === undefined ? {} : { vary: String(vary) }),
      body,
    };
    cache.set(slot.key, answer);
    if (slot.flight) land(slot.key, slot.flight, answer);
    // The first answer goes out as computed (identity); its Vary already says a later one may be gzipped.
    const varyOut = varyOf(answer);
    if (varyOut !== undefined) reply.header('vary', varyOut);
    reply.header('etag', etag);
    if (req.headers['if-none-match'] === etag) {
      reply.code(304);
      return done(null, '');
    }
    return done(null, body);
  };

  // Whatever happened to a request that was computing an answer (an error before onSend, the client gone), its
  // waiters are released. Settling twice is a no-op.
  const releaseWaiters = (req: FastifyRequest) => {
    const slot = req.cacheSlot;
    if (slot?.flight) land(slot.key, slot.flight, undefined);
  };
  const onResponse: onResponseHookHandler = (req, _reply, done) => {
    releaseWaiters(req);
    done();
  };
  const onRequestAbort: onRequestAbortHookHandler = (req, done) => {
    releaseWaiters(req);
    done();
  };

  // Per route, so an uncached route pays nothing and a cached one no lookup of its own options.
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!methods.includes('GET') || !CACHEABLE_ROUTES.has(route.url)) return;
    route.preValidation = appendHook(route.preValidation, answerFromCache);
    route.onSend = appendHook(route.onSend, keepAnswer);
    route.onResponse = appendHook(route.onResponse, onResponse);
    route.onRequestAbort = appendHook(route.onRequestAbort, onRequestAbort);
  });
  return cache;
}
