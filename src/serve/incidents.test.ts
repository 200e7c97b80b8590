/**
 * GET /api/alerts?view=incidents: one item per incident group (one story the classifier filed under several
 * topics), on its own store. A gas outage in Екатеринбург filed under gas (the head), water and housing; a lone
 * heating alert there two days later; in Нижний Тагил a waste incident with a roads member; in Казань (another
 * region) a lone alert, and one whose head is not stored. Auth is on, so a head's token shows that the scope still narrows the list.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../clock.ts';
import { loadGazetteer } from '../reference/gazetteer.ts';
import { loadTopics } from '../reference/topics.ts';
import { openStore, type Store } from '../store/index.ts';
import { alert, DAY_MS, EKB, emptyBatch, HOUR_MS, KAZAN, NTAGIL, T0 } from '../store/test-records.ts';
import { openTokenStore, validateNewToken } from '../store/tokens.ts';
import { buildApi } from './api.ts';

const gazetteer = loadGazetteer();
const topics = loadTopics();
const S = T0 + 40 * DAY_MS;

const gas = alert(EKB, 'gas', S, {
  severity: 'high',
  respondWithinMin: 240,
  endMs: S + 2 * HOUR_MS,
  status: 'closed',
  closedAtMs: S + 5 * HOUR_MS,
  peakObserved: 14,
});
const water = alert(EKB, 'water_sewer', S + HOUR_MS / 2, {
  groupId: gas.id,
  severity: 'normal',
  respondWithinMin: 480,
  endMs: S + 3 * HOUR_MS,
  status: 'closed',
  closedAtMs: S + 6 * HOUR_MS,
  peakObserved: 4,
});
const housing = alert(EKB, 'housing', S + HOUR_MS, {
  groupId: gas.id,
  severity: 'critical',
  respondWithinMin: 60,
  endMs: S + 4 * HOUR_MS,
  peakObserved: 30,
});
const lone = alert(EKB, 'heating', S + 2 * DAY_MS);
const waste = alert(NTAGIL, 'waste', S + DAY_MS, { severity: 'normal', respondWithinMin: 480 });
const roads = alert(NTAGIL, 'roads', S + DAY_MS + HOUR_MS, { groupId: waste.id, severity: 'normal' });
const kazan = alert(KAZAN, 'heating', S + DAY_MS);
/** A member whose head is not in the store: listed as an incident of its own rather than lost. */
const orphan = alert(KAZAN, 'gas', S + 2 * DAY_MS + 2 * HOUR_MS, { groupId: `${KAZAN}:water_sewer:${S}` });

let store: Store;
let app: FastifyInstance;
const bearer = { admin: '', ntagilHead: '' };

beforeAll(async () => {
  store = await openStore(':memory:', { gazetteer, topics });
  // Members written before their head and in another batch: the list groups what is stored, in any order.
  await store.writeBatch({ ...emptyBatch(), alerts: [housing, roads, kazan, orphan] });
  await store.writeBatch({ ...emptyBatch(), alerts: [water, gas, lone, waste] });
  const tokens = await openTokenStore(store);
  const places = {
    regionOf: (code: string) => gazetteer.byCode(code)?.region,
    hasRegion: (r: string) => gazetteer.regions().some((x) => x.code === r),
  };
  bearer.admin = (await tokens.create(validateNewToken({ role: 'admin' }, places))).token;
  bearer.ntagilHead = (
    await tokens.create(validateNewToken({ role: 'head', municipality: NTAGIL }, places))
  ).token;
  app = buildApi(
    {
      store,
      gazetteer,
      topics,
      auth: { mode: 'tokens', tokens },
      clock: fixedClock(S + 3 * DAY_MS),
      ui: false,
    },
    { limits: { rateMax: 0 } },
  );
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await store.close();
});

const get = async (url: string, as: keyof typeof bearer = 'admin') => {
  const res = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${bearer[as]}` } });
  return { status: res.statusCode, body: res.json() };
};
const ids = async (qs: string, as: keyof typeof bearer = 'admin') =>
  (await get(`/api/alerts?${qs}`, as)).body.items.map((i: { id: string }) => i.id);

/** How an incident lists a member: its own topic, severity, span, peak and status. */
const member = (a: typeof gas, topicName: string) => ({
  id: a.id,
  topic: a.topic,
  topicName,
  severity: a.severity,
  startMs: a.startMs,
  endMs: a.endMs,
  peakObserved: a.peakObserved,
  status: a.status,
});

describe('GET /api/alerts?view=incidents', () => {
  it('lists one item per incident group, as its head with its members and the strongest severity', async () => {
    const { status, body } = await get('/api/alerts?view=incidents&region=66');
    expect(status).toBe(200);
    // Most recently opened first; three incidents, where the per-alert view has six alerts.
    expect(body).toMatchObject({ total: 3, limit: 50, offset: 0 });
    expect(body.items.map((i: { id: string }) => i.id)).toEqual([lone.id, waste.id, gas.id]);
    expect((await get('/api/alerts?region=66')).body.total).toBe(6);
    const outage = body.items[2];
    expect(outage).toMatchObject({
      id: gas.id,
      groupId: gas.id,
      topic: 'gas',
      topicName: 'Газоснабжение',
      // The group's: housing is critical (answer within 1 h) and still open; the latest end is housing's.
      severity: 'critical',
      respondWithinMin: 60,
      status: 'open',
      closedAt: null,
      closedAtMs: null,
      endMs: S + 4 * HOUR_MS,
      end: new Date(S + 4 * HOUR_MS).toISOString(),
      // The head's own.
      startMs: S,
      peakObserved: 14,
      topics: ['gas', 'water_sewer', 'housing'],
      members: [
        member(water, 'Водоснабжение и канализация'),
        member(housing, 'Управляющие компании и жильё'),
      ],
    });
    // A lone alert is an incident of its own, with no members.
    expect(body.items[0]).toMatchObject({ id: lone.id, topics: ['heating'], members: [], severity: 'high' });
  });

  it('matches an incident when its head or any member matches every filter; total counts incidents', async () => {
    // Housing is only a member's topic: the gas incident is found, whole.
    const byMember = await get('/api/alerts?view=incidents&topic=housing');
    expect(byMember.body.total).toBe(1);
    expect(byMember.body.items.map((i: { id: string }) => i.id)).toEqual([gas.id]);
    expect(byMember.body.items[0].members).toHaveLength(2);
    expect(await ids('view=incidents&topic=roads')).toEqual([waste.id]);
    expect(await ids('view=incidents&region=66&topic=gas')).toEqual([gas.id]);
    expect(await ids('view=incidents&severity=critical')).toEqual([gas.id]);
    // Closed water and gas alerts: the incident is listed, open through its housing alert.
    expect(await ids('view=incidents&status=closed')).toEqual([gas.id]);
    // Only housing's span reaches past 03:00: the incident still shows all its alerts.
    const late = await get(`/api/alerts?view=incidents&municipality=${EKB}&from=${iso(S + 3 * HOUR_MS)}`);
    expect(late.body.items.map((i: { id: string }) => i.id)).toEqual([lone.id, gas.id]);
    expect(late.body.items[1].members.map((m: { id: string }) => m.id)).toEqual([water.id, housing.id]);
    // One alert must match them all: no alert is both gas and critical.
    expect(await ids('view=incidents&topic=gas&severity=critical')).toEqual([]);
    // Every region, and paging: total stays the number of incidents.
    const page = await get('/api/alerts?view=incidents&limit=2&offset=3');
    expect(page.body).toMatchObject({ total: 5, limit: 2, offset: 3 });
    expect(page.body.items.map((i: { id: string }) => i.id).sort()).toEqual([gas.id, kazan.id].sort());
  });

  it("narrows to the token's scope as the per-alert view does", async () => {
    expect(await ids('view=incidents', 'ntagilHead')).toEqual([waste.id]);
    const listed = await get('/api/alerts?view=incidents&region=66', 'ntagilHead');
    expect(listed.body).toMatchObject({ total: 1, items: [{ id: waste.id, topics: ['waste', 'roads'] }] });
    expect((await get(`/api/alerts?view=incidents&municipality=${EKB}`, 'ntagilHead')).status).toBe(403);
    expect(await ids('view=incidents&topic=housing', 'ntagilHead')).toEqual([]);
  });

  it('lists an alert whose head is not stored as an incident of its own', async () => {
    const { body } = await get('/api/alerts?view=incidents&region=16');
    expect(body.total).toBe(2);
    expect(body.items.map((i: { id: string }) => i.id)).toEqual([orphan.id, kazan.id]);
    expect(body.items[0]).toMatchObject({ groupId: orphan.groupId, topics: ['gas'], members: [] });
  });

  it('documents the view parameter in the OpenAPI document', async () => {
    const res = await app.inject({ method: 'GET', url: '/docs/json' });
    const alerts = res.json().paths['/api/alerts'].get;
    const view = alerts.parameters.find((p: { name: string }) => p.name === 'view');
    expect(view.schema).toMatchObject({ default: 'alerts' });
    expect(alerts.description).toMatch(/view=incidents/);
  });

  it('leaves view=alerts (the default) as it was: every alert, no members', async () => {
    const alerts = await get(`/api/alerts?municipality=${EKB}`);
    const byDefault = alerts.body.items.map((i: { id: string }) => i.id);
    expect(byDefault).toEqual([lone.id, housing.id, water.id, gas.id]);
    expect(await ids(`view=alerts&municipality=${EKB}`)).toEqual(byDefault);
    expect(alerts.body.total).toBe(4);
    for (const item of alerts.body.items) {
      expect(item).not.toHaveProperty('members');
      expect(item).not.toHaveProperty('topics');
    }
    // The housing alert keeps its own severity and end.
    expect(alerts.body.items[1]).toMatchObject({
      groupId: gas.id,
      severity: 'critical',
      endMs: S + 4 * HOUR_MS,
    });
    expect(alerts.body.items[3]).toMatchObject({
      severity: 'high',
      status: 'closed',
      endMs: S + 2 * HOUR_MS,
    });
    expect((await get('/api/alerts?view=groups')).status).toBe(400);
  });

  it("gives a head's detail its members; a member's names its head", async () => {
    const head = await get(`/api/alerts/${encodeURIComponent(gas.id)}`);
    expect(head.status).toBe(200);
    expect(head.body).toMatchObject({ id: gas.id, groupId: gas.id, severity: 'high', status: 'closed' });
    expect(head.body.members).toEqual([
      member(water, 'Водоснабжение и канализация'),
      member(housing, 'Управляющие компании и жильё'),
    ]);
    expect((await get(`/api/alerts/${encodeURIComponent(lone.id)}`)).body.members).toEqual([]);
    const own = await get(`/api/alerts/${encodeURIComponent(housing.id)}`);
    expect(own.body).toMatchObject({ id: housing.id, groupId: gas.id });
    expect(own.body).not.toHaveProperty('members');
  });
});

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
