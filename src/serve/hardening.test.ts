/**
 * API hardening (issue 6, item 4): strict schemas on every route, bounded pages, rate limits per token or address
 * answered as JSON 429s, security headers (the UI's CSP), timeouts and a body limit, and 5xx bodies that never carry
 * a stack or SQL.
 */
import type { FastifyInstance, RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vspError } from '../errors.ts';
import { loadGazetteer } from '../reference/gazetteer.ts';
import { loadTopics } from '../reference/topics.ts';
import { openStore, type Store } from '../store/index.ts';
import { sampleBatch } from '../store/test-records.ts';
import { openTokenStore, type TokenStore, validateNewToken } from '../store/tokens.ts';
import { needsAccess } from './access.ts';
import { API_LIMITS, AUTH_OFF, buildApi } from './api.ts';

const gazetteer = loadGazetteer();
const topics = loadTopics();
const places = {
  regionOf: (code: string) => gazetteer.byCode(code)?.region,
  hasRegion: (r: string) => gazetteer.regions().some((x) => x.code === r),
};
let store: Store;
let tokens: TokenStore;
let app: FastifyInstance;
const routes: RouteOptions[] = [];

beforeAll(async () => {
  store = await openStore(':memory:', { gazetteer, topics });
  await store.writeBatch(sampleBatch());
  tokens = await openTokenStore(store);
  app = buildApi({ store, gazetteer, topics, auth: AUTH_OFF, ui: false });
  app.addHook('onRoute', (r) => {
    routes.push(r);
  });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await store.close();
});

describe('schemas', () => {
  it('every /api route validates its querystring and params, and refuses parameters they do not name', () => {
    const api = routes.filter((r) => needsAccess(r.url) && r.method !== 'HEAD');
    expect(api.length).toBeGreaterThan(15);
    for (const r of api) {
      const s = r.schema as {
        querystring?: { additionalProperties?: boolean };
        params?: { additionalProperties?: boolean };
      };
      expect(s.querystring?.additionalProperties, `${r.method} ${r.url} querystring`).toBe(false);
      if (r.url.includes(':'))
        expect(s.params?.additionalProperties, `${r.method} ${r.url} params`).toBe(false);
    }
  });

  it('answers 400 to an unknown parameter, a page too big, an offset too far, a malformed place', async () => {
    for (const url of [
      '/api/anomalies?municipalty=65701000',
      '/api/topics?x=1',
      '/api/alerts?limit=5001',
      '/api/alerts?offset=1000001',
      '/api/terms?limit=0',
      '/api/top?limit=501',
      "/api/series?municipality=1'%20OR%201=1",
      '/api/series?from=2026-01-01&to=2099-01-01&bucket=5m',
    ]) {
      const res = await app.inject({ method: 'GET', url });
      expect([url, res.statusCode, res.json().error]).toEqual([url, 400, 'VSP_SERVE_BAD_QUERY']);
    }
  });
});

describe('limits', () => {
  it('rate-limits per token, then per address, with a JSON 429', async () => {
    const admin = (await tokens.create(validateNewToken({ role: 'admin' }, places))).token;
    const other = (await tokens.create(validateNewToken({ role: 'analyst', region: '66' }, places))).token;
    const limited = buildApi(
      { store, gazetteer, topics, auth: { mode: 'tokens', tokens }, ui: false },
      { limits: { rateMax: 3, rateWindowMs: 60_000 } },
    );
    const as = (token: string | undefined, remoteAddress = '198.51.100.1') =>
      limited.inject({
        method: 'GET',
        url: '/api/topics',
        remoteAddress,
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
    for (let i = 0; i < 3; i++) expect((await as(admin)).statusCode).toBe(200);
    const over = await as(admin);
    expect(over.statusCode).toBe(429);
    expect(over.json()).toEqual({
      error: 'VSP_SERVE_RATE_LIMITED',
      message: expect.stringMatching(/^too many requests: at most 3 requests in 1 minute/),
    });
    expect(over.headers['retry-after']).toBeDefined();
    // Another token from the same address has its own budget.
    expect((await as(other)).statusCode).toBe(200);
    // Without a valid token, the address is counted: guessing tokens is limited too.
    for (let i = 0; i < 3; i++) expect((await as('vsp_guess', '198.51.100.9')).statusCode).toBe(401);
    expect((await as('vsp_guess2', '198.51.100.9')).statusCode).toBe(429);
    await limited.close();
  });

  it('sets request and connection timeouts and a body limit (413 beyond it)', async () => {
    // requestTimeout is not in initialConfig's type, but Fastify keeps it there and sets it on the server.
    expect(app.server.requestTimeout).toBe(API_LIMITS.requestTimeoutMs);
    expect(app.initialConfig.connectionTimeout).toBe(API_LIMITS.connectionTimeoutMs);
    expect(app.initialConfig.bodyLimit).toBe(64 * 1024);
    const res = await app.inject({
      method: 'POST',
      url: '/api/calendar',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ id: 'x', label: 'я'.repeat(70_000) }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toBe('FST_ERR_CTP_BODY_TOO_LARGE');
  });
});

describe('security headers', () => {
  it('sends a CSP that allows only the page’s own scripts, and the usual hardening headers', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/topics' });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("script-src-attr 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });
});

describe('OpenAPI', () => {
  it('declares the bearer scheme for every route, and none for the open ones', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/docs/json' })).json();
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.paths['/api/health'].get.security).toEqual([]);
    expect(doc.paths['/api/alerts'].get.security).toBeUndefined();
    expect(Object.keys(doc.paths['/api/alerts'].get.responses)).toEqual(
      expect.arrayContaining(['401', '403', '429']),
    );
  });
});

describe('errors never leak', () => {
  const broken = (fail: () => Promise<never>) =>
    buildApi({ store: { ...store, anomalies: fail } as Store, gazetteer, topics, auth: AUTH_OFF, ui: false });

  it('a store failure is a 500 with the catalogue message: no SQL, no path, no stack', async () => {
    const sqlError = new Error(
      'Binder Error: column "secret_col" not found\nLINE 1: SELECT a.id FROM anomalies a WHERE secret_col = $municipality',
    );
    const api = broken(() =>
      Promise.reject(
        vspError('VSP_STORE_FAILED', `query anomalies_list failed: ${sqlError.message}`, sqlError),
      ),
    );
    const res = await api.inject({ method: 'GET', url: '/api/anomalies' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ error: 'VSP_STORE_FAILED', message: 'store operation failed' });
    for (const leak of ['SELECT', 'secret_col', 'anomalies_list', 'Binder', '.ts', 'at '])
      expect(res.body).not.toContain(leak);
    await api.close();
  });

  it('a bug (any other error) is a 500 VSP_SERVE_INTERNAL with nothing of its message', async () => {
    const api = broken(() =>
      Promise.reject(
        new TypeError("Cannot read properties of undefined (reading 'x') at /srv/app/src/x.ts:1"),
      ),
    );
    const res = await api.inject({ method: 'GET', url: '/api/anomalies' });
    expect([res.statusCode, res.body]).toEqual([
      500,
      JSON.stringify({ error: 'VSP_SERVE_INTERNAL', message: 'internal server error' }),
    ]);
    await api.close();
  });
});

describe('request logging (serve --no-access-log)', () => {
  const logged = (logRequests: boolean | undefined) => {
    const lines: string[] = [];
    const api = buildApi(
      {
        store: { ...store, anomalies: () => Promise.reject(new Error('boom')) } as Store,
        gazetteer,
        topics,
        auth: AUTH_OFF,
        ui: false,
      },
      {
        logger: { level: 'info', stream: { write: (l: string) => lines.push(l) } },
        ...(logRequests !== undefined ? { logRequests } : {}),
      },
    );
    return { api, lines };
  };

  it('turning the access log off prints no Fastify deprecation warning (first here: one is printed once a process)', async () => {
    const codes: string[] = [];
    const onWarning = (w: Error & { code?: string }) => codes.push(w.code ?? w.name);
    process.on('warning', onWarning);
    const { api } = logged(false);
    await api.ready();
    await new Promise((resolve) => setImmediate(resolve)); // process.emitWarning emits on a later tick
    process.off('warning', onWarning);
    expect(codes.filter((c) => c.startsWith('FSTDEP'))).toEqual([]);
    await api.close();
  });

  it('by default every request is logged (received and answered)', async () => {
    const { api, lines } = logged(undefined);
    expect((await api.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    expect(lines.some((l) => l.includes('incoming request'))).toBe(true);
    expect(lines.some((l) => l.includes('request completed'))).toBe(true);
    await api.close();
  });

  it('without the access log a good request writes nothing, and a failed one is still logged', async () => {
    const { api, lines } = logged(false);
    expect((await api.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    expect(lines).toEqual([]);
    expect((await api.inject({ method: 'GET', url: '/api/anomalies' })).statusCode).toBe(500);
    expect(lines.filter((l) => l.includes('request failed'))).toHaveLength(1);
    await api.close();
  });
});
