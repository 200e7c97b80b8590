/**
 * The role × route matrix (docs/api-access.md), table-driven over every route Fastify registers: a route missing
 * from ROUTES fails the first test, so a new route cannot ship without its row. For each route and each caller —
 * no token, an unknown token, a revoked one, and the four roles — the status; then, for every list, that no row
 * lies outside the caller's scope (and that in-scope rows are there, so the check can fail), that naming a place
 * outside the scope is a 403, and that an object outside it is a 404.
 */
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../clock.ts';
import { loadGazetteer } from '../reference/gazetteer.ts';
import { loadTopics } from '../reference/topics.ts';
import { insertCampaign } from '../store/campaigns.ts';
import { openStore, type Store } from '../store/index.ts';
import { insertSubscription } from '../store/subscriptions.ts';
import {
  agg,
  alert,
  anomaly,
  DAY_MS,
  doc,
  EKB,
  emptyBatch,
  HOUR_MS,
  KAZAN,
  NTAGIL,
  sampleBatch,
  story,
  T0,
  termBurst,
} from '../store/test-records.ts';
import { openTokenStore, type Role, type TokenStore, validateNewToken } from '../store/tokens.ts';
import { needsAccess } from './access.ts';
import { buildApi } from './api.ts';

const gazetteer = loadGazetteer();
const topics = loadTopics();
const places = {
  regionOf: (code: string) => gazetteer.byCode(code)?.region,
  hasRegion: (r: string) => gazetteer.regions().some((x) => x.code === r),
};

/** The objects: Екатеринбург (every scoped caller's), Нижний Тагил (region 66, not the head's), Казань (16). */
const at = T0 + 12 * HOUR_MS;
const obj = {
  alert: {
    [EKB]: alert(EKB, 'heating', at),
    [NTAGIL]: alert(NTAGIL, 'heating', at),
    [KAZAN]: alert(KAZAN, 'heating', at),
  },
  anomaly: {
    [EKB]: anomaly('hour', EKB, 'heating', at),
    [NTAGIL]: anomaly('hour', NTAGIL, 'heating', at),
    [KAZAN]: anomaly('hour', KAZAN, 'heating', at),
  },
  term: {
    [EKB]: termBurst(EKB, 'батаре', at),
    [NTAGIL]: termBurst(NTAGIL, 'снег', at),
    [KAZAN]: termBurst(KAZAN, 'вод', at),
    region66: termBurst('66', 'запах', at),
  },
  story: {
    [EKB]: story(EKB, 'vk:e1', at),
    [NTAGIL]: story(NTAGIL, 'vk:n1', at),
    [KAZAN]: story(KAZAN, 'vk:k1', at),
    // Begun in Нижний Тагил, joined by residents of Екатеринбург (cluster/stories.ts: neighbouring towns).
    shared: story(NTAGIL, 'vk:s1', at, {
      messages: 4,
      places: [
        { municipality: NTAGIL, messages: 2 },
        { municipality: EKB, messages: 2 },
      ],
    }),
  },
};
const sharedDocs = [NTAGIL, NTAGIL, EKB, EKB].map((m, i) =>
  doc({ eventTimeMs: at + i * 60_000, municipalityCode: m, storyId: obj.story.shared.id }),
);

type Caller = 'none' | 'unknown' | 'revoked' | Role;
const CALLERS: readonly Caller[] = ['none', 'unknown', 'revoked', 'admin', 'analyst', 'head', 'planner'];
const ROLES: readonly Role[] = ['admin', 'analyst', 'head', 'planner'];
const ALL: readonly Role[] = ROLES;
const READERS: readonly Role[] = ['admin', 'analyst', 'head'];

interface RouteRow {
  /** Who gets a 2xx: 'public' — anyone; 'metrics' — admins, or a loopback request without a token. */
  access: 'public' | 'metrics' | readonly Role[];
  /** A request every allowed role may make: about Екатеринбург, which is in every scope. */
  request: () => InjectOptions;
}

const get = (url: string): InjectOptions => ({ method: 'GET', url });
const id = (s: string) => encodeURIComponent(s);
const spareTokenIds: string[] = [];
const spareSubscriptionIds: string[] = [];

/** Every route the API registers, with its access. A new route must add its row here. */
const ROUTES: Record<string, RouteRow> = {
  'GET /api/health': { access: 'public', request: () => get('/api/health') },
  'GET /metrics': { access: 'metrics', request: () => get('/metrics') },
  'GET /api/topics': { access: ALL, request: () => get('/api/topics') },
  'GET /api/regions': { access: ALL, request: () => get('/api/regions') },
  'GET /api/municipalities': { access: ALL, request: () => get('/api/municipalities') },
  'GET /api/series': {
    access: ALL,
    request: () => get(`/api/series?municipality=${EKB}&from=2026-01-10&to=2026-01-11`),
  },
  'GET /api/seasonal': { access: ALL, request: () => get(`/api/seasonal?municipality=${EKB}&topic=heating`) },
  'POST /api/campaigns': {
    access: ALL,
    request: () => ({
      method: 'POST',
      url: '/api/campaigns',
      payload: {
        municipality: EKB,
        topic: 'heating',
        from: '2026-01-10',
        to: '2026-01-20',
        description: 'листовки',
      },
    }),
  },
  'GET /api/campaigns/:id/effect': { access: ALL, request: () => get(`/api/campaigns/${campaignId}/effect`) },
  'GET /api/campaigns': { access: ALL, request: () => get('/api/campaigns') },
  'GET /api/campaigns/recommended': {
    access: ALL,
    request: () => get('/api/campaigns/recommended?region=66'),
  },
  'GET /api/top': { access: ALL, request: () => get('/api/top?from=2026-01-10&to=2026-01-12') },
  'GET /api/anomalies': { access: ALL, request: () => get('/api/anomalies') },
  'GET /api/anomalies/:id': {
    access: READERS,
    request: () => get(`/api/anomalies/${id(obj.anomaly[EKB].id)}`),
  },
  'GET /api/alerts': { access: ALL, request: () => get('/api/alerts') },
  'GET /api/alerts/:id': { access: READERS, request: () => get(`/api/alerts/${id(obj.alert[EKB].id)}`) },
  'POST /api/alerts/:id/feedback': {
    access: READERS,
    request: () => ({
      method: 'POST',
      url: `/api/alerts/${id(obj.alert[EKB].id)}/feedback`,
      payload: { label: 'real' },
    }),
  },
  'GET /api/terms': { access: ALL, request: () => get('/api/terms') },
  'GET /api/terms/:id': { access: READERS, request: () => get(`/api/terms/${id(obj.term[EKB].id)}`) },
  'GET /api/clusters': { access: READERS, request: () => get('/api/clusters') },
  'GET /api/clusters/:id': { access: READERS, request: () => get(`/api/clusters/${id(obj.story[EKB].id)}`) },
  'GET /api/calendar': { access: ALL, request: () => get('/api/calendar') },
  'POST /api/calendar': {
    access: ALL,
    request: () => ({
      method: 'POST',
      url: '/api/calendar',
      payload: {
        id: 'works-ekb',
        kind: 'road_works',
        label: 'Ремонт теплотрассы',
        topics: ['heating'],
        municipality: EKB,
        from: '2026-01-10',
        to: '2026-01-12',
      },
    }),
  },
  'GET /api/briefings/:municipality': {
    access: READERS,
    request: () => get(`/api/briefings/${EKB}?date=2026-01-10&format=json`),
  },
  'GET /api/briefings/regions/:region': {
    access: ['admin', 'analyst', 'planner'],
    request: () => get('/api/briefings/regions/66?date=2026-01-10&format=json'),
  },
  'GET /api/subscriptions': { access: ['admin'], request: () => get('/api/subscriptions') },
  'POST /api/subscriptions': {
    access: ['admin'],
    request: () => ({
      method: 'POST',
      url: '/api/subscriptions',
      payload: { municipality: EKB, sink: 'webhook', target: 'http://127.0.0.1:9/hook' },
    }),
  },
  'DELETE /api/subscriptions/:id': {
    // Each allowed call removes a fresh spare subscription.
    access: ['admin'],
    request: () => ({
      method: 'DELETE',
      url: `/api/subscriptions/${spareSubscriptionIds.pop() ?? 'sub_00'}`,
    }),
  },
  'GET /api/deliveries': { access: ['admin'], request: () => get('/api/deliveries') },
  'GET /api/tokens': { access: ['admin'], request: () => get('/api/tokens') },
  'POST /api/tokens': {
    access: ['admin'],
    request: () => ({ method: 'POST', url: '/api/tokens', payload: { role: 'analyst', region: '66' } }),
  },
  'DELETE /api/tokens/:id': {
    // Each allowed call revokes a fresh spare token.
    access: ['admin'],
    request: () => ({ method: 'DELETE', url: `/api/tokens/${spareTokenIds.pop() ?? 'tok_00'}` }),
  },
};

/** Routes outside /api that serve no data: the UI's files and the OpenAPI page. */
const PUBLIC_NON_API = /^(\/|\/app\.js|\/vendor\/uplot\/\*|\/docs(\/.*)?)$/;

let store: Store;
let tokens: TokenStore;
/** A campaign in Екатеринбург (every scope holds it). */
let campaignId = '';
let app: FastifyInstance;
const registered: string[] = [];
const bearer: Record<Caller, string | undefined> = {
  none: undefined,
  unknown: 'vsp_thisTokenWasNeverIssued',
  revoked: undefined,
  admin: undefined,
  analyst: undefined,
  head: undefined,
  planner: undefined,
};

beforeAll(async () => {
  store = await openStore(':memory:', { gazetteer, topics });
  const sample = sampleBatch();
  const kazanDocs = [0, 1, 2].map((i) =>
    doc({ eventTimeMs: at + i * 60_000, municipalityCode: KAZAN, regionCode: '16', topic: 'heating' }),
  );
  await store.writeBatch({
    ...sample,
    messages: [...sample.messages, ...kazanDocs, ...sharedDocs],
    aggregates: [
      ...sample.aggregates,
      agg('hour', KAZAN, 'heating', at, 3),
      agg('day', KAZAN, 'heating', T0 - 3 * HOUR_MS, 3),
    ],
    anomalies: Object.values(obj.anomaly),
  });
  await store.writeBatch({
    ...emptyBatch(),
    alerts: Object.values(obj.alert),
    termBursts: Object.values(obj.term),
    stories: Object.values(obj.story),
  });
  campaignId = (
    await insertCampaign(
      store,
      {
        municipality: EKB,
        region: '66',
        topic: 'heating',
        fromDay: 20_463,
        toDay: 20_470,
        description: 'SMS',
      },
      T0,
    )
  ).id;
  // Outside a head's scope (Нижний Тагил) and outside the region's (Казань): the campaigns list narrows to each.
  for (const [municipality, region] of [
    [NTAGIL, '66'],
    [KAZAN, '16'],
  ] as const)
    await insertCampaign(
      store,
      { municipality, region, topic: 'heating', fromDay: 20_463, toDay: 20_470, description: 'SMS' },
      T0,
    );
  tokens = await openTokenStore(store, { clock: fixedClock(T0) });
  const make = async (t: Parameters<typeof validateNewToken>[0]) =>
    (await tokens.create(validateNewToken(t, places))).token;
  bearer.admin = await make({ role: 'admin' });
  bearer.analyst = await make({ role: 'analyst', region: '66' });
  bearer.head = await make({ role: 'head', municipality: EKB });
  bearer.planner = await make({ role: 'planner', region: '66' });
  const revoked = await tokens.create(validateNewToken({ role: 'admin', name: 'revoked' }, places));
  await tokens.revoke(revoked.row.id);
  bearer.revoked = revoked.token;
  for (let i = 0; i < CALLERS.length + 1; i++)
    spareTokenIds.push(
      (await tokens.create(validateNewToken({ role: 'planner', region: '16' }, places))).row.id,
    );

  for (let i = 0; i < CALLERS.length + 1; i++)
    spareSubscriptionIds.push(
      (
        await insertSubscription(
          store,
          {
            kind: 'region',
            place: '16',
            sink: 'file',
            target: 'out',
            formats: ['html'],
            sendAtMin: 420,
            enabled: true,
          },
          T0,
        )
      ).id,
    );

  app = buildApi(
    { store, gazetteer, topics, auth: { mode: 'tokens', tokens }, clock: fixedClock(T0 + 10 * DAY_MS) },
    { limits: { rateMax: 0 } },
  );
  app.addHook('onRoute', (r) => {
    for (const m of [r.method].flat()) if (m !== 'HEAD') registered.push(`${m} ${r.url}`);
  });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await store.close();
});

const call = async (caller: Caller, req: InjectOptions, remoteAddress = '203.0.113.7') => {
  const token = bearer[caller];
  const res = await app.inject({
    ...req,
    remoteAddress,
    headers: { ...req.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
  const isJson = String(res.headers['content-type']).startsWith('application/json');
  return { status: res.statusCode, body: isJson ? res.json() : res.body };
};
const json = async (caller: Caller, url: string) => call(caller, get(url));

describe('role × route matrix', () => {
  it('lists every registered route: each /api route and /metrics has a row, everything else is the UI or /docs', () => {
    const api = registered.filter((r) => needsAccess(r.split(' ')[1] ?? ''));
    expect([...new Set(api)].sort()).toEqual(Object.keys(ROUTES).sort());
    const other = registered.filter((r) => !needsAccess(r.split(' ')[1] ?? ''));
    expect(other.filter((r) => !PUBLIC_NON_API.test(r.split(' ')[1] ?? ''))).toEqual([]);
  });

  for (const [route, row] of Object.entries(ROUTES)) {
    it(`${route}: 401 without a valid token, 403 for roles it is not for, 2xx for the others`, async () => {
      for (const caller of CALLERS) {
        const { status, body } = await call(caller, row.request());
        const role = ROLES.includes(caller as Role) ? (caller as Role) : null;
        let expected: number;
        if (row.access === 'public') expected = 200;
        else if (role === null) expected = 401;
        else if (row.access === 'metrics') expected = role === 'admin' ? 200 : 403;
        else expected = row.access.includes(role) ? 200 : 403;
        const got = status === 201 ? 200 : status;
        expect(got, `${route} as ${caller}: ${JSON.stringify(body)}`).toBe(expected);
        if (expected === 401) expect(body.error).toBe('VSP_SERVE_UNAUTHORIZED');
        if (expected === 403) expect(body.error).toBe('VSP_SERVE_FORBIDDEN');
      }
    });
  }

  it('/metrics is open to this host without a token, not with a bad one', async () => {
    expect((await call('none', get('/metrics'), '127.0.0.1')).status).toBe(200);
    expect((await call('unknown', get('/metrics'), '127.0.0.1')).status).toBe(401);
    expect((await call('analyst', get('/metrics'), '127.0.0.1')).status).toBe(403);
  });

  it('/api/health gives its counters only to a token', async () => {
    expect((await json('none', '/api/health')).body).toEqual({ status: 'ok' });
    expect((await json('revoked', '/api/health')).body).toEqual({ status: 'ok' });
    expect((await json('head', '/api/health')).body).toMatchObject({ status: 'ok', messages: 28 });
  });

  it('answers 401 with a WWW-Authenticate challenge', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/alerts' });
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="vsplesk"');
    const malformed = await app.inject({
      method: 'GET',
      url: '/api/alerts',
      headers: { authorization: 'Basic x' },
    });
    expect(malformed.statusCode).toBe(401);
  });

  it('checks HEAD requests as their GET (Fastify adds a HEAD route per GET)', async () => {
    expect((await app.inject({ method: 'HEAD', url: '/api/alerts' })).statusCode).toBe(401);
    const head = (caller: Caller) =>
      app.inject({
        method: 'HEAD',
        url: '/api/clusters',
        headers: { authorization: `Bearer ${bearer[caller]}` },
      });
    expect((await head('planner')).statusCode).toBe(403);
    expect((await head('analyst')).statusCode).toBe(200);
  });
});

/** The scope of each role's token: which municipalities' rows it may see. */
const SCOPE: Record<Role, (m: string, region: string | null) => boolean> = {
  admin: () => true,
  analyst: (_m, r) => r === '66',
  planner: (_m, r) => r === '66',
  head: (m) => m === EKB,
};
const regionOf = (m: string) => gazetteer.byCode(m)?.region ?? null;

/** The fields of list rows the scope is read from (each list names the place its own way). */
interface Row {
  id: string;
  municipality: string;
  region: string | null;
  code: string;
  key: string;
  /** A cluster's towns. */
  places: { municipality: string }[];
}
interface ListBody {
  items: Row[];
  rows: Row[];
  anomalies: Row[];
}

describe('lists hold only rows within the scope', () => {
  const LISTS: {
    url: string;
    roles: readonly Role[];
    rows: (b: ListBody) => { m: string; r: string | null }[];
  }[] = [
    {
      url: '/api/anomalies',
      roles: ALL,
      rows: (b) => b.items.map((x: Row) => ({ m: x.municipality, r: regionOf(x.municipality) })),
    },
    {
      url: '/api/alerts',
      roles: ALL,
      rows: (b) => b.items.map((x: Row) => ({ m: x.municipality, r: x.region })),
    },
    {
      url: '/api/alerts?view=incidents',
      roles: ALL,
      rows: (b) => b.items.map((x: Row) => ({ m: x.municipality, r: x.region })),
    },
    {
      url: '/api/terms',
      roles: ALL,
      rows: (b) => b.items.map((x: Row) => ({ m: x.municipality, r: x.region })),
    },
    {
      // A story's places: its own town and the neighbours whose residents joined it (a head sees its own only).
      url: '/api/clusters',
      roles: READERS,
      rows: (b) => b.items.flatMap((x: Row) => x.places.map((p) => ({ m: p.municipality, r: x.region }))),
    },
    {
      url: '/api/municipalities?all=1',
      roles: ALL,
      rows: (b) => (b as unknown as Row[]).map((x: Row) => ({ m: x.code, r: x.region })),
    },
    {
      url: '/api/top?by=municipality&from=2026-01-10&to=2026-01-12',
      roles: ALL,
      rows: (b) => b.rows.map((x: Row) => ({ m: x.key, r: regionOf(x.key) })),
    },
    {
      url: '/api/campaigns',
      roles: ALL,
      rows: (b) => b.items.map((x: Row) => ({ m: x.municipality, r: x.region })),
    },
    {
      url: '/api/series?from=2026-01-10&to=2026-01-12',
      roles: ALL,
      rows: (b) => b.anomalies.map((x: Row) => ({ m: x.municipality, r: regionOf(x.municipality) })),
    },
  ];
  for (const l of LISTS) {
    it(`${l.url}: every row in scope, and the scope's own rows present`, async () => {
      for (const role of l.roles) {
        const { status, body } = await json(role, l.url);
        expect(status, `${role} ${JSON.stringify(body)}`).toBe(200);
        const rows = l.rows(body);
        // Region-wide term bursts carry municipality '' and their region: within an analyst's, not a head's.
        const outside = rows.filter((x) => !SCOPE[role](x.m, x.r));
        expect(outside, `${role} sees out-of-scope rows`).toEqual([]);
        expect(
          rows.some((x) => x.m === EKB),
          `${role} misses Екатеринбург`,
        ).toBe(true);
        if (role === 'admin')
          expect(
            rows.some((x) => x.m === KAZAN || x.m === NTAGIL),
            'admin sees all',
          ).toBe(true);
      }
    });
  }

  it('series and top sum only the scope: the same counts as naming the place', async () => {
    const period = 'from=2026-01-10&to=2026-01-12&bucket=day';
    const sum = (b: { count: number[] }) => b.count.reduce((s: number, c: number) => s + c, 0);
    const head = await json('head', `/api/series?${period}`);
    const ekb = await json('admin', `/api/series?municipality=${EKB}&${period}`);
    expect(sum(head.body)).toBe(sum(ekb.body));
    const analyst = await json('analyst', `/api/series?${period}`);
    const r66 = await json('admin', `/api/series?region=66&${period}`);
    expect(sum(analyst.body)).toBe(sum(r66.body));
    expect(sum((await json('admin', `/api/series?${period}`)).body)).toBeGreaterThan(sum(r66.body));
    const topics = await json('head', '/api/top?by=topic&from=2026-01-10&to=2026-01-12');
    const ekbTopics = await json(
      'admin',
      `/api/top?by=topic&municipality=${EKB}&from=2026-01-10&to=2026-01-12`,
    );
    expect(topics.body.rows).toEqual(ekbTopics.body.rows);
  });

  it('regions: a scoped token lists its own region only', async () => {
    for (const role of ['analyst', 'head', 'planner'] as const) {
      const { body } = await json(role, '/api/regions?all=1');
      expect(body.map((r: { code: string }) => r.code)).toEqual(['66']);
    }
    expect((await json('admin', '/api/regions?all=1')).body.length).toBeGreaterThan(80);
  });

  it('a head sees its town’s term bursts, not the region-wide one; a planner gets no message ids', async () => {
    const head = await json('head', '/api/terms');
    expect(head.body.items.map((t: { id: string }) => t.id)).toEqual([obj.term[EKB].id]);
    const analyst = await json('analyst', '/api/terms');
    expect(analyst.body.items.map((t: { id: string }) => t.id).sort()).toEqual(
      [obj.term[EKB].id, obj.term[NTAGIL].id, obj.term.region66.id].sort(),
    );
    await store.writeBatch({
      ...emptyBatch(),
      termBursts: [{ ...obj.term[EKB], messageIds: ['vk:1', 'vk:2'] }],
    });
    const planner = await json('planner', '/api/terms');
    expect(planner.body.items.length).toBe(3);
    expect(planner.body.items.every((t: { messageIds: string[] }) => t.messageIds.length === 0)).toBe(true);
    expect((await json('analyst', `/api/terms?municipality=${EKB}`)).body.items[0].messageIds).toEqual([
      'vk:1',
      'vk:2',
    ]);
  });

  it('the calendar lists the events that apply within the scope; one is entered only within it', async () => {
    const event = (id: string, place: object) => ({
      method: 'POST' as const,
      url: '/api/calendar',
      payload: {
        id,
        kind: 'planned_shutoff',
        label: 'Отключение',
        topics: ['hot_water'],
        from: '2026-01-10',
        to: '2026-01-11',
        ...place,
      },
    });
    expect((await call('admin', event('kzn', { municipality: KAZAN }))).status).toBe(201);
    expect((await call('admin', event('nation', {}))).status).toBe(201);
    expect((await call('analyst', event('r66', { region: '66' }))).status).toBe(201);
    expect((await call('analyst', event('ntagil', { municipality: NTAGIL }))).status).toBe(201);
    // Outside the scope, or everywhere (admins only): 403.
    for (const [caller, place] of [
      ['analyst', { municipality: KAZAN }],
      ['analyst', {}],
      ['head', { municipality: NTAGIL }],
      ['head', { region: '66' }],
      ['planner', { region: '16' }],
    ] as const)
      expect((await call(caller, event('x', place))).status, `${caller} ${JSON.stringify(place)}`).toBe(403);
    const ids = async (caller: Caller) =>
      (await json(caller, '/api/calendar')).body.events.map((e: { id: string }) => e.id).sort();
    expect(await ids('head')).toEqual(['nation', 'r66', 'works-ekb']);
    expect(await ids('analyst')).toEqual(['nation', 'ntagil', 'r66', 'works-ekb'].sort());
    expect(await ids('admin')).toEqual(['kzn', 'nation', 'ntagil', 'r66', 'works-ekb'].sort());
  });
});

describe('places outside the scope', () => {
  it('naming one is a 403 on every list', async () => {
    const lists = [
      '/api/anomalies',
      '/api/alerts',
      '/api/terms',
      '/api/series',
      '/api/top',
      '/api/municipalities',
    ];
    for (const url of lists) {
      for (const [role, place] of [
        ['analyst', `municipality=${KAZAN}`],
        ['analyst', 'region=16'],
        ['planner', 'region=16'],
        ['head', `municipality=${NTAGIL}`],
        ['head', 'region=16'],
      ] as const) {
        if (url === '/api/municipalities' && place.startsWith('municipality')) continue;
        const { status, body } = await json(role, `${url}?${place}`);
        expect([url, role, place, status, body.error]).toEqual([
          url,
          role,
          place,
          403,
          'VSP_SERVE_FORBIDDEN',
        ]);
      }
    }
    for (const role of READERS.filter((r) => r !== 'admin'))
      expect((await json(role, `/api/clusters?municipality=${KAZAN}`)).status).toBe(403);
    // Naming the scope's own place, or the region holding a head's town, is fine.
    expect((await json('head', `/api/alerts?region=66`)).body.items.map((a: { id: string }) => a.id)).toEqual(
      [obj.alert[EKB].id],
    );
    expect((await json('analyst', `/api/alerts?municipality=${NTAGIL}`)).body.items.length).toBe(1);
  });

  it("a story neighbouring towns share: a head lists and opens it, with the town's own messages only", async () => {
    const shared = obj.story.shared;
    const listed = (await json('head', '/api/clusters')).body.items.find((x: Row) => x.id === shared.id);
    expect(listed).toMatchObject({
      municipality: NTAGIL,
      messages: 2,
      places: [{ municipality: EKB, messages: 2 }],
    });
    const opened = await json('head', `/api/clusters/${id(shared.id)}`);
    expect(opened.status).toBe(200);
    expect(opened.body.messages.total).toBe(2);
    expect(opened.body.messages.items.map((m: Row) => m.id)).toEqual(sharedDocs.slice(2).map((d) => d.id));
    // An analyst of the region reads all of it.
    const whole = await json('analyst', `/api/clusters/${id(shared.id)}`);
    expect(whole.body.messageCount).toBe(4);
    expect(whole.body.messages.total).toBe(4);
    expect(whole.body.places).toEqual(shared.places);
  });

  it('an object outside it is a 404, as if it did not exist (explanations included)', async () => {
    const cases: [Role, string][] = [
      ['analyst', `/api/alerts/${id(obj.alert[KAZAN].id)}`],
      ['analyst', `/api/anomalies/${id(obj.anomaly[KAZAN].id)}`],
      ['analyst', `/api/terms/${id(obj.term[KAZAN].id)}`],
      ['analyst', `/api/clusters/${id(obj.story[KAZAN].id)}`],
      ['head', `/api/alerts/${id(obj.alert[NTAGIL].id)}`],
      ['head', `/api/anomalies/${id(obj.anomaly[NTAGIL].id)}`],
      ['head', `/api/terms/${id(obj.term[NTAGIL].id)}`],
      ['head', `/api/terms/${id(obj.term.region66.id)}`],
      ['head', `/api/clusters/${id(obj.story[NTAGIL].id)}`],
    ];
    for (const [role, url] of cases) {
      const { status, body } = await json(role, url);
      expect([role, url, status, body.error]).toEqual([role, url, 404, 'VSP_SERVE_NOT_FOUND']);
    }
    const feedback = await call('head', {
      method: 'POST',
      url: `/api/alerts/${id(obj.alert[NTAGIL].id)}/feedback`,
      payload: { label: 'noise' },
    });
    expect(feedback.status).toBe(404);
    // In scope: the analyst reads Нижний Тагил's alert with its explanation; the admin Казань's.
    const ntagil = await json('analyst', `/api/alerts/${id(obj.alert[NTAGIL].id)}`);
    expect([ntagil.status, typeof ntagil.body.explanation]).toEqual([200, 'object']);
    expect((await json('admin', `/api/alerts/${id(obj.alert[KAZAN].id)}`)).status).toBe(200);
  });
});

describe('seasonal planner outside the scope', () => {
  it('a town or region outside is a 403, a campaign outside a 404', async () => {
    expect((await json('planner', `/api/seasonal?municipality=${KAZAN}&topic=heating`)).status).toBe(403);
    expect((await json('head', `/api/seasonal?municipality=${NTAGIL}&topic=heating`)).status).toBe(403);
    expect((await json('planner', '/api/campaigns/recommended?region=16')).status).toBe(403);
    expect((await json('planner', '/api/campaigns?region=16')).status).toBe(403);
    expect((await json('head', `/api/campaigns?municipality=${NTAGIL}`)).status).toBe(403);
    const post = (role: Role, municipality: string) =>
      call(role, {
        method: 'POST',
        url: '/api/campaigns',
        payload: { municipality, topic: 'heating', from: '2026-01-10', to: '2026-01-20', description: 'SMS' },
      });
    expect((await post('planner', KAZAN)).status).toBe(403);
    expect((await post('head', NTAGIL)).status).toBe(403);
    const kazan = (await post('admin', KAZAN)).body.id as string;
    for (const role of ['planner', 'analyst', 'head'] as const) {
      const { status, body } = await json(role, `/api/campaigns/${kazan}/effect`);
      expect([role, status, body.error]).toEqual([role, 404, 'VSP_SERVE_NOT_FOUND']);
    }
    expect((await json('admin', `/api/campaigns/${kazan}/effect`)).status).toBe(200);
    // A regional token may leave the region out: its own.
    expect((await json('planner', '/api/campaigns/recommended')).body.region).toBe('66');
  });
});

describe('tokens through the API', () => {
  it('creates a token that works at once, lists without secrets, and revokes it for the next request', async () => {
    const created = await call('admin', {
      method: 'POST',
      url: '/api/tokens',
      payload: { role: 'head', municipality: NTAGIL, name: 'Нижний Тагил' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ role: 'head', municipality: NTAGIL, region: '66', revokedAt: null });
    const token = created.body.token as string;
    const asNew = () =>
      app.inject({ method: 'GET', url: '/api/alerts', headers: { authorization: `Bearer ${token}` } });
    expect((await asNew()).json().items.map((a: { id: string }) => a.id)).toEqual([obj.alert[NTAGIL].id]);
    const list = await json('admin', '/api/tokens');
    expect(JSON.stringify(list.body)).not.toContain(token.slice(4));
    expect(list.body.find((t: { id: string }) => t.id === created.body.id)).toMatchObject({
      name: 'Нижний Тагил',
    });
    const revoked = await call('admin', { method: 'DELETE', url: `/api/tokens/${created.body.id}` });
    expect([revoked.status, typeof revoked.body.revokedAt]).toEqual([200, 'string']);
    expect((await asNew()).statusCode).toBe(401);
    const bad = await call('admin', { method: 'POST', url: '/api/tokens', payload: { role: 'head' } });
    expect([bad.status, bad.body.error]).toEqual([400, 'VSP_SERVE_BAD_QUERY']);
    expect((await call('admin', { method: 'DELETE', url: '/api/tokens/tok_0000' })).status).toBe(404);
  });
});
