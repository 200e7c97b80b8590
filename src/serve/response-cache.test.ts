import { gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGazetteer } from '../reference/gazetteer.ts';
import { loadTopics } from '../reference/topics.ts';
import { openStore, type Store } from '../store/index.ts';
import { alert, EKB, emptyBatch, HOUR_MS, KAZAN, sampleBatch, T0 } from '../store/test-records.ts';
import { openTokenStore, type TokenStore, validateNewToken } from '../store/tokens.ts';
import { buildApi } from './api.ts';
import { acceptsGzip, type CachedAnswer, GZIP_MIN_BYTES, ResponseCache } from './response-cache.ts';

const answer = (version: number, body: string): CachedAnswer => ({
  version,
  etag: `"${version}"`,
  contentType: 'application/json',
  body: Buffer.from(body),
});
const text = (a: CachedAnswer | undefined) => a?.body.toString();

describe('ResponseCache', () => {
  it('answers only at the version an answer was computed at, and drops a stale one', () => {
    const c = new ResponseCache();
    c.set('a', answer(3, '{}'));
    expect(text(c.get('a', 3))).toBe('{}');
    expect(c.get('a', 4)).toBeUndefined();
    expect(c.size).toBe(0);
  });

  it('evicts the least recently used past its entries or bytes, and never keeps one answer of over ⅛ its bytes', () => {
    const c = new ResponseCache(2, 10_000);
    c.set('a', answer(1, 'x'));
    c.set('b', answer(1, 'y'));
    c.get('a', 1); // a is now the most recent
    c.set('c', answer(1, 'z'));
    expect([text(c.get('a', 1)), c.get('b', 1), text(c.get('c', 1))]).toEqual(['x', undefined, 'z']);
    // Every older answer read since it was passed over (queue: c, then a, requeued when b went): each gets a
    // second chance, the one just stored stays, and the first in the queue goes.
    c.get('a', 1);
    c.get('c', 1);
    c.set('d', answer(1, 'v'));
    expect([text(c.get('a', 1)), text(c.get('c', 1)), text(c.get('d', 1))]).toEqual(['x', undefined, 'v']);
    c.set('big', answer(1, 'w'.repeat(1_100)));
    expect(c.get('big', 1)).toBeUndefined();
    const bytes = new ResponseCache(100, 3_000);
    for (let i = 0; i < 20; i++) bytes.set(`k${i}`, answer(1, 'v'.repeat(40)));
    expect(bytes.size).toBeLessThan(20);
    expect(bytes.get('k19', 1)).toBeDefined();
    expect(bytes.get('k0', 1)).toBeUndefined();
  });
});

describe('acceptsGzip', () => {
  it('reads Accept-Encoding as browsers and clients send it, q=0 refusing', () => {
    expect(acceptsGzip('gzip, deflate, br, zstd')).toBe(true);
    expect(acceptsGzip('br;q=1.0, gzip;q=0.8, *;q=0.1')).toBe(true);
    expect(acceptsGzip('*')).toBe(true);
    expect(acceptsGzip('GZIP')).toBe(true);
    expect(acceptsGzip('gzip;q=0')).toBe(false);
    expect(acceptsGzip('br, deflate')).toBe(false);
    expect(acceptsGzip('identity')).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
  });
});

describe('the API behind the cache', () => {
  const gazetteer = loadGazetteer();
  const topics = loadTopics();
  let store: Store;
  let app: FastifyInstance;
  let tokens: TokenStore;
  const bearer: Record<string, string> = {};
  const tokenIds: Record<string, string> = {};
  const places = {
    regionOf: (code: string) => gazetteer.byCode(code)?.region,
    hasRegion: (r: string) => gazetteer.regions().some((x) => x.code === r),
  };

  beforeAll(async () => {
    store = await openStore(':memory:', { gazetteer, topics });
    await store.writeBatch({
      ...sampleBatch(),
      alerts: [alert(EKB, 'heating', T0 + 12 * HOUR_MS), alert(KAZAN, 'heating', T0 + 12 * HOUR_MS)],
    });
    tokens = await openTokenStore(store);
    for (const [name, spec] of [
      ['admin', { role: 'admin' }],
      ['admin2', { role: 'admin' }],
      ['planner', { role: 'planner', region: '66' }],
      ['kazanHead', { role: 'head', municipality: KAZAN }],
    ] as const) {
      const created = await tokens.create(validateNewToken({ ...spec, name }, places));
      bearer[name] = `Bearer ${created.token}`;
      tokenIds[name] = created.row.id;
    }
    app = buildApi({ store, gazetteer, topics, auth: { mode: 'tokens', tokens }, ui: false });
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  const get = (url: string, who: string, extra: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url, headers: { authorization: bearer[who] as string, ...extra } });

  it('repeats an answer with its ETag, 304 for a client that has it, a fresh one after any write', async () => {
    const first = await get('/api/alerts?limit=5', 'admin');
    expect(first.statusCode).toBe(200);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]{22}"$/);
    const again = await get('/api/alerts?limit=5', 'admin');
    expect([again.headers.etag, again.body]).toEqual([etag, first.body]);
    const notModified = await get('/api/alerts?limit=5', 'admin', { 'if-none-match': etag });
    expect([notModified.statusCode, notModified.body]).toEqual([304, '']);

    await store.writeBatch({ ...emptyBatch(), alerts: [alert(EKB, 'waste', T0 + 30 * HOUR_MS)] });
    const after = await get('/api/alerts?limit=5', 'admin', { 'if-none-match': etag });
    expect(after.statusCode).toBe(200);
    expect(after.headers.etag).not.toBe(etag);
    expect(after.json().total).toBe(first.json().total + 1);
    // A write that leaves an answer as it was: the client's copy is still good.
    await store.writeBatch({ ...emptyBatch(), alerts: [alert(EKB, 'waste', T0 + 40 * HOUR_MS)] });
    const series = `/api/series?municipality=${KAZAN}&from=2026-01-10&to=2026-01-11`;
    const before = await get(series, 'admin');
    await store.writeBatch({ ...emptyBatch(), alerts: [alert(EKB, 'waste', T0 + 50 * HOUR_MS)] });
    expect((await get(series, 'admin', { 'if-none-match': before.headers.etag as string })).statusCode).toBe(
      304,
    );
  });

  it('sends a large repeated answer gzipped to a client that accepts it, with its own ETag; others get the bytes as computed', async () => {
    const url = '/api/alerts?limit=50';
    const gz = { 'accept-encoding': 'gzip, deflate, br' };
    const first = await get(url, 'admin2', gz); // computed: sent as is, saying it may vary by encoding
    expect(first.headers['content-encoding']).toBeUndefined();
    expect(first.rawPayload.length).toBeGreaterThanOrEqual(GZIP_MIN_BYTES);
    expect(first.headers.vary).toContain('Accept-Encoding');
    const hit = await get(url, 'admin2', gz);
    expect(hit.headers['content-encoding']).toBe('gzip');
    expect(hit.headers.vary).toContain('Accept-Encoding');
    expect(gunzipSync(hit.rawPayload).toString()).toBe(first.body);
    expect(hit.rawPayload.length).toBeLessThan(first.rawPayload.length / 2);
    expect(hit.headers.etag).not.toBe(first.headers.etag);
    expect(
      (await get(url, 'admin2', { ...gz, 'if-none-match': hit.headers.etag as string })).statusCode,
    ).toBe(304);
    // The gzip ETag is not the identity body's: a client without gzip holding it gets the body, not a 304.
    const plain = await get(url, 'admin2', { 'if-none-match': hit.headers.etag as string });
    expect([plain.statusCode, plain.headers['content-encoding'], plain.body]).toEqual([
      200,
      undefined,
      first.body,
    ]);
    expect(
      (await get(url, 'admin2', { 'accept-encoding': 'gzip;q=0' })).headers['content-encoding'],
    ).toBeUndefined();
    // A small answer is never compressed.
    const small = '/api/alerts?limit=1&topic=gas';
    const smallFirst = await get(small, 'admin2', gz);
    expect(smallFirst.rawPayload.length).toBeLessThan(GZIP_MIN_BYTES);
    const smallHit = await get(small, 'admin2', gz);
    expect([smallHit.headers['content-encoding'], smallHit.body]).toEqual([undefined, smallFirst.body]);
  });

  it('keeps answers apart by caller: a head never reads what an admin was answered', async () => {
    const admin = await get('/api/alerts', 'admin');
    const head = await get('/api/alerts', 'kazanHead');
    expect(admin.json().total).toBeGreaterThan(0);
    expect(head.json().items.every((a: { municipality: string }) => a.municipality === KAZAN)).toBe(true);
    expect(head.json().total).toBeLessThan(admin.json().total);
    // A refused request is never answered from the cache either.
    expect((await get(`/api/series?municipality=${EKB}`, 'admin')).statusCode).toBe(200);
    expect((await get(`/api/series?municipality=${EKB}`, 'kazanHead')).statusCode).toBe(403);
  });

  it('checks the token and role of every request, even when the answer is cached', async () => {
    const url = '/api/alerts?limit=3';
    expect((await get(url, 'admin')).statusCode).toBe(200);
    expect((await get(url, 'admin')).headers.etag).toBeDefined(); // cached now
    const wrong = await app.inject({ method: 'GET', url, headers: { authorization: 'Bearer not-a-token' } });
    expect([wrong.statusCode, wrong.json().error]).toEqual([401, 'VSP_SERVE_UNAUTHORIZED']);
    const none = await app.inject({ method: 'GET', url });
    expect([none.statusCode, none.headers.etag]).toEqual([401, undefined]);
    // A role the route refuses: the admin's cached clusters are not the planner's.
    expect((await get('/api/clusters', 'admin')).statusCode).toBe(200);
    expect((await get('/api/clusters', 'admin')).statusCode).toBe(200);
    expect((await get('/api/clusters', 'planner')).statusCode).toBe(403);
    // A revoked token, whose role and scope have an answer cached: refused.
    expect((await get(url, 'admin2')).statusCode).toBe(200);
    await tokens.revoke(tokenIds.admin2 as string);
    expect((await get(url, 'admin2')).statusCode).toBe(401);
    expect((await get(url, 'admin')).statusCode).toBe(200);
  });

  it('sends a cached answer byte for byte as the first one, JSON and Arrow apart', async () => {
    const url = `/api/top?region=16`;
    const json = await get(url, 'admin');
    const arrow = await get(url, 'admin', { accept: 'application/vnd.apache.arrow.stream' });
    const [json2, arrow2] = [
      await get(url, 'admin'),
      await get(url, 'admin', { accept: 'application/vnd.apache.arrow.stream' }),
    ];
    expect(json2.rawPayload.equals(json.rawPayload)).toBe(true);
    expect(arrow2.rawPayload.equals(arrow.rawPayload)).toBe(true);
    for (const [first, again] of [
      [json, json2],
      [arrow, arrow2],
    ] as const)
      for (const h of ['content-type', 'content-length', 'etag', 'vary', 'content-security-policy'])
        expect(again.headers[h], h).toBe(first.headers[h]);
    expect(json2.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(arrow2.headers['content-type']).toBe('application/vnd.apache.arrow.stream');
    expect(json2.headers.etag).not.toBe(arrow2.headers.etag);
  });

  it('validates a query that was never answered, even on a route with cached answers', async () => {
    expect((await get('/api/alerts?limit=5', 'admin')).statusCode).toBe(200);
    expect((await get('/api/alerts?limit=5&limt=1', 'admin')).statusCode).toBe(400);
    expect((await get('/api/alerts?limit=-1', 'admin')).statusCode).toBe(400);
  });

  it('computes an answer once for concurrent requests (the others wait for it), again after a write', async () => {
    let calls = 0;
    let failNext = false;
    const counted: Store = {
      ...store,
      alerts: async (q) => {
        calls++;
        if (failNext) {
          failNext = false;
          throw new Error('boom');
        }
        return store.alerts(q);
      },
    };
    const app2 = buildApi({ store: counted, gazetteer, topics, auth: { mode: 'tokens', tokens }, ui: false });
    const burst = () =>
      Promise.all(
        Array.from({ length: 8 }, () =>
          app2.inject({
            method: 'GET',
            url: '/api/alerts?limit=7',
            headers: { authorization: bearer.admin as string },
          }),
        ),
      );
    const first = await burst();
    expect(first.map((r) => r.statusCode)).toEqual(Array(8).fill(200));
    expect(new Set(first.map((r) => r.body)).size).toBe(1);
    expect(new Set(first.map((r) => r.headers.etag)).size).toBe(1);
    expect(calls).toBe(1);
    await store.writeBatch({ ...emptyBatch(), alerts: [alert(KAZAN, 'waste', T0 + 60 * HOUR_MS)] });
    const second = await burst();
    expect(calls).toBe(2);
    expect(second[0]?.json().total).toBe(first[0]?.json().total + 1);
    // The request computing it fails: each waiter computes its own (one of them may fail, none hangs).
    await store.writeBatch({ ...emptyBatch(), alerts: [alert(KAZAN, 'waste', T0 + 70 * HOUR_MS)] });
    failNext = true;
    const third = await burst();
    expect(third.filter((r) => r.statusCode === 500)).toHaveLength(1);
    expect(third.filter((r) => r.statusCode === 200)).toHaveLength(7);
    await app2.close();
  });

  it("a module's write through runQuery moves the data version; a token's bookkeeping does not", async () => {
    const v0 = store.dataVersion();
    await store.runQuery('campaigns_create_table', {}, 'write');
    const v1 = store.dataVersion();
    expect(v1).not.toBe(v0);
    await store.runQuery('tokens_touch', { id: 'tok_none', at_ms: 1 }, 'bookkeeping');
    expect(store.dataVersion()).toBe(v1);
  });

  it('leaves routes that follow the clock uncached (no ETag)', async () => {
    expect((await get('/api/health', 'admin')).headers.etag).toBeUndefined();
  });
});
