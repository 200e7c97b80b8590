import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../clock.ts';
import { loadGazetteer } from '../reference/gazetteer.ts';
import { loadTopics } from '../reference/topics.ts';
import { openStore, type Store } from '../store/index.ts';
import {
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
import { AUTH_OFF, buildApi } from './api.ts';

const gazetteer = loadGazetteer();
const topics = loadTopics();
let store: Store;
let app: FastifyInstance;

/** The sample's spike (its anomaly and messages), and an earlier rise explained by a known cause. */
const spikeAlert = alert(EKB, 'heating', T0 + 12 * HOUR_MS, {
  severity: 'critical',
  terms: ['прорыв', 'теплотрассы'],
  respondWithinMin: 60,
  peakObserved: 20,
  peakExpected: 2,
  peakPer10k: 0.145,
});
const expectedAlert = alert(NTAGIL, 'heating', T0 + HOUR_MS, {
  status: 'closed',
  severity: 'normal',
  respondWithinMin: 480,
  closedAtMs: T0 + 4 * HOUR_MS,
  peakPer10k: null,
  cause: { id: 'shutoff-7', kind: 'planned_shutoff', label: 'Плановое отключение' },
});

/** Emerging terms: one in the sample's spike (with three of its messages), a region-wide one, one in Казань. */
const sample = sampleBatch();
const spikeTerm = termBurst(EKB, 'батаре', T0 + 12 * HOUR_MS, {
  term: 'батареи',
  topic: 'heating',
  observed: 9,
  expected: 0.5,
  messageIds: sample.messages.slice(0, 3).map((m) => m.id),
});
const regionTerm = termBurst('66', 'запах', T0 + 13 * HOUR_MS, { topic: 'ecology', municipalities: 2 });
const kazanTerm = termBurst(KAZAN, 'водоотведен', T0 + 2 * HOUR_MS, { topic: 'water_sewer' });

beforeAll(async () => {
  store = await openStore(':memory:', { gazetteer, topics });
  await store.writeBatch(sample);
  await store.writeBatch({ ...emptyBatch(), alerts: [spikeAlert, expectedAlert] });
  await store.writeBatch({ ...emptyBatch(), termBursts: [spikeTerm, regionTerm, kazanTerm] });
  app = buildApi({
    store,
    gazetteer,
    topics,
    auth: AUTH_OFF,
    clock: fixedClock(T0 + 10 * DAY_MS),
    ui: false,
    metrics: () => 'vsplesk_pipeline_lag_seconds 1.5',
  });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await store.close();
});

const get = async (url: string) => {
  const res = await app.inject({ method: 'GET', url });
  return {
    status: res.statusCode,
    body: String(res.headers['content-type']).includes('json') ? res.json() : res.body,
  };
};

describe('GET /api/series', () => {
  it('returns uPlot columns with every bucket, zeros filled', async () => {
    const { status, body } = await get(
      `/api/series?municipality=${EKB}&topic=heating&bucket=hour&from=2026-01-10T00:00:00Z&to=2026-01-10T06:00:00Z`,
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({ bucket: 'hour', municipality: EKB, topic: 'heating', utcOffsetMin: 300 });
    expect(body.x).toEqual([0, 1, 2, 3, 4, 5].map((h) => (T0 + h * HOUR_MS) / 1000));
    expect(body.count).toEqual([2, 0, 0, 2, 0, 0]);
    expect(body.uniqueAuthors).toEqual([1, 0, 0, 1, 0, 0]);
    expect(body.perCapita).toBeUndefined();
    expect(body.anomalies).toEqual([]);
  });

  it('adds per-capita rates and marks anomalies', async () => {
    const { body } = await get(
      `/api/series?municipality=${EKB}&topic=heating&bucket=hour&from=2026-01-10T12:00:00Z&to=2026-01-10T13:00:00Z&per_capita=1`,
    );
    expect(body.count).toEqual([20]);
    expect(body.perCapita[0]).toBeCloseTo((20 * 100_000) / 1_377_738, 3);
    expect(body.anomalies).toEqual([
      {
        id: `hour:${EKB}:heating:${T0 + 12 * HOUR_MS}`,
        bucket: 'hour',
        municipality: EKB,
        topic: 'heating',
        startMs: T0 + 12 * HOUR_MS,
        x: (T0 + 12 * HOUR_MS) / 1000,
        observed: 20,
        expected: 2,
        severity: 'critical',
      },
    ]);
  });

  it('sums everything when municipality and topic are omitted, and defaults to the last 30 days of data', async () => {
    const { body } = await get('/api/series?bucket=day');
    expect(body.municipality).toBe('all');
    expect(body.topic).toBe('all');
    expect(body.x).toHaveLength(31); // 30 days ending with the data, in Moscow days
    const total = body.count.reduce((a: number, b: number) => a + b, 0);
    // Day windows in the sample cover 2026-01-10 and 11 in local time (UTC+5): hours 43–47 UTC fall outside.
    expect(total).toBe(69 + 11);
  });

  it('reads day buckets on local calendar days', async () => {
    const { body } = await get(`/api/series?municipality=${EKB}&bucket=day&from=2026-01-10&to=2026-01-11`);
    expect(body.x).toEqual([T0 / 1000, (T0 + DAY_MS) / 1000]);
    expect(body.count.reduce((a: number, b: number) => a + b, 0)).toBe(69);
  });

  it('400s on a bad bucket, a reversed range, too many points; 404 on an unknown municipality', async () => {
    const bad = await get('/api/series?bucket=week');
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ error: 'VSP_SERVE_BAD_QUERY', message: expect.stringContaining('bucket') });
    const reversed = await get('/api/series?from=2026-01-10&to=2026-01-01');
    expect(reversed.status).toBe(400);
    expect(reversed.body.error).toBe('VSP_SERVE_BAD_QUERY');
    expect(reversed.body.message).toMatch(/must be before/);
    const tooMany = await get('/api/series?bucket=5m&from=2025-01-01&to=2026-01-01');
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.message).toMatch(/at most 20000/);
    const badDate = await get('/api/series?from=2026-02-30');
    expect(badDate.status).toBe(400);
    const nf = await get('/api/series?municipality=99999999');
    expect(nf.status).toBe(404);
    expect(nf.body).toEqual({ error: 'VSP_SERVE_NOT_FOUND', message: "not found: municipality '99999999'" });
    const topic = await get('/api/series?topic=weather');
    expect(topic.status).toBe(400);
  });
});

describe('GET /api/top', () => {
  it('ranks municipalities with per-100k rates and anomaly counts', async () => {
    const { status, body } = await get('/api/top?region=66&from=2026-01-10&to=2026-01-12&by=municipality');
    expect(status).toBe(200);
    expect(body.rows.map((r: { key: string }) => r.key)).toEqual([EKB, NTAGIL]);
    expect(body.rows[0]).toMatchObject({ name: 'Екатеринбург', count: 74, anomalies: 1 });
    expect(body.rows[0].perCapita).toBeCloseTo((74 * 100_000) / 1_377_738, 3);
  });

  it('gives each municipality honest rates per 10,000: an exact interval, and shrunk toward the region', async () => {
    const { body } = await get(
      '/api/top?region=66&from=2026-01-10&to=2026-01-12&by=municipality&sort=shrunk',
    );
    expect(body.rows).toHaveLength(2);
    for (const r of body.rows) {
      expect(r.per10k).toBeCloseTo((r.count * 10_000) / r.population, 3);
      expect(r.low).toBeLessThanOrEqual(r.per10k);
      expect(r.high).toBeGreaterThanOrEqual(r.per10k);
      expect(r.shrunkLow).toBeLessThanOrEqual(r.shrunk);
      expect(r.shrunkHigh).toBeGreaterThanOrEqual(r.shrunk);
      expect(r.weight).toBeGreaterThan(0);
      expect(r.weight).toBeLessThanOrEqual(1);
      expect(typeof r.lat).toBe('number');
      expect(typeof r.lon).toBe('number');
    }
    // Ranked by the shrunk rate; the two stay between their raw rates (both pulled toward the pooled one).
    expect(body.rows[0].shrunk).toBeGreaterThanOrEqual(body.rows[1].shrunk);
    const raw = body.rows.map((r: { per10k: number }) => r.per10k);
    for (const r of body.rows) {
      expect(r.shrunk).toBeGreaterThanOrEqual(Math.min(...raw) - 1e-4);
      expect(r.shrunk).toBeLessThanOrEqual(Math.max(...raw) + 1e-4);
    }
  });

  it('ranks topics', async () => {
    const { body } = await get(`/api/top?by=topic&municipality=${EKB}&from=2026-01-10&to=2026-01-12&limit=1`);
    expect(body.rows).toEqual([
      { key: 'heating', name: 'Отопление', count: 50, perCapita: expect.any(Number), anomalies: 1 },
    ]);
  });

  it('400s on a bad limit', async () => {
    expect((await get('/api/top?limit=0')).status).toBe(400);
  });
});

describe('GET /api/anomalies', () => {
  it('lists and paginates', async () => {
    const { status, body } = await get('/api/anomalies?region=66&severity=critical&limit=10');
    expect(status).toBe(200);
    expect(body).toMatchObject({ total: 1, limit: 10, offset: 0 });
    expect(body.items[0]).toMatchObject({
      municipality: EKB,
      municipalityName: 'Екатеринбург',
      topicName: 'Отопление',
      severity: 'critical',
      start: '2026-01-10T12:00:00.000Z',
    });
    expect((await get('/api/anomalies?offset=1')).body).toMatchObject({ total: 1, items: [] });
    expect((await get('/api/anomalies?severity=normal')).body.total).toBe(0);
    expect((await get('/api/anomalies?from=2026-01-11T00:00:00Z')).body.total).toBe(0);
  });

  it('returns one anomaly with sample messages, 404 when missing', async () => {
    const id = `hour:${EKB}:heating:${T0 + 12 * HOUR_MS}`;
    const { status, body } = await get(`/api/anomalies/${encodeURIComponent(id)}`);
    expect(status).toBe(200);
    expect(body.id).toBe(id);
    expect(body.samples).toHaveLength(8);
    expect(body.samples[0].createdAt).toBe('2026-01-10T12:00:00.000Z');
    const missing = await get('/api/anomalies/nope');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: 'VSP_SERVE_NOT_FOUND', message: "not found: anomaly 'nope'" });
  });
});

describe('GET /api/alerts', () => {
  it('lists alerts most recently opened first, with ISO times, names and whether a cause explains them', async () => {
    const { status, body } = await get('/api/alerts?region=66');
    expect(status).toBe(200);
    expect(body).toMatchObject({ total: 2, limit: 50, offset: 0 });
    expect(body.items[0]).toEqual({
      id: `${EKB}:heating:${T0 + 12 * HOUR_MS}`,
      groupId: `${EKB}:heating:${T0 + 12 * HOUR_MS}`,
      regionGroupId: `${EKB}:heating:${T0 + 12 * HOUR_MS}`,
      municipality: EKB,
      municipalityName: 'Екатеринбург',
      region: '66',
      regionName: 'Свердловская обл',
      topic: 'heating',
      topicName: 'Отопление',
      status: 'open',
      severity: 'critical',
      respondWithinMin: 60,
      start: '2026-01-10T12:00:00.000Z',
      end: '2026-01-10T13:00:00.000Z',
      startMs: T0 + 12 * HOUR_MS,
      endMs: T0 + 13 * HOUR_MS,
      firstDetectedAt: '2026-01-10T13:00:00.000Z',
      firstDetectedAtMs: T0 + 13 * HOUR_MS,
      lastDetectedAt: '2026-01-10T13:00:00.000Z',
      lastDetectedAtMs: T0 + 13 * HOUR_MS,
      closedAt: null,
      closedAtMs: null,
      windows: 1,
      peakObserved: 20,
      peakExpected: 2,
      peakPer10k: 0.145,
      minPValue: 1e-5,
      maxScore: 0.8,
      expected: false,
      cause: null,
      terms: ['прорыв', 'теплотрассы'],
      kind: 'burst',
      districts: [],
    });
    expect(body.items[1]).toMatchObject({
      id: expectedAlert.id,
      status: 'closed',
      closedAt: '2026-01-10T04:00:00.000Z',
      closedAtMs: T0 + 4 * HOUR_MS,
      peakPer10k: null,
      expected: true,
      cause: { id: 'shutoff-7', kind: 'planned_shutoff', label: 'Плановое отключение' },
    });
  });

  it('filters and paginates', async () => {
    const ids = async (qs: string) =>
      (await get(`/api/alerts?${qs}`)).body.items.map((i: { id: string }) => i.id);
    for (const on of ['1', 'true']) expect(await ids(`expected=${on}`)).toEqual([expectedAlert.id]);
    for (const off of ['0', 'false']) expect(await ids(`expected=${off}`)).toEqual([spikeAlert.id]);
    expect(await ids('status=closed')).toEqual([expectedAlert.id]);
    expect(await ids('severity=critical')).toEqual([spikeAlert.id]);
    expect(await ids(`municipality=${NTAGIL}&topic=heating`)).toEqual([expectedAlert.id]);
    expect(await ids('topic=waste')).toEqual([]);
    // The NTAGIL alert ends at 02:00Z, the spike starts at 12:00Z.
    expect(await ids('from=2026-01-10T02:00:00Z')).toEqual([spikeAlert.id]);
    expect(await ids('to=2026-01-10T12:00:00Z')).toEqual([expectedAlert.id]);
    const page = await get('/api/alerts?limit=1&offset=1');
    expect(page.body).toMatchObject({ total: 2, limit: 1, offset: 1 });
    expect(page.body.items.map((i: { id: string }) => i.id)).toEqual([expectedAlert.id]);
  });

  it('400s on from ≥ to, a bad flag or page size; 404 on an unknown municipality', async () => {
    const reversed = await get('/api/alerts?from=2026-01-11&to=2026-01-10T00:00:00Z');
    expect(reversed.status).toBe(400);
    expect(reversed.body).toEqual({
      error: 'VSP_SERVE_BAD_QUERY',
      message: expect.stringMatching(/must be before/),
    });
    expect((await get('/api/alerts?from=2026-01-10T05:00:00Z&to=2026-01-10T05:00:00Z')).status).toBe(400);
    expect((await get('/api/alerts?expected=maybe')).status).toBe(400);
    expect((await get('/api/alerts?status=pending')).status).toBe(400);
    expect((await get('/api/alerts?limit=0')).status).toBe(400);
    expect((await get('/api/alerts?limit=5001')).status).toBe(400);
    expect((await get('/api/alerts?municipality=99999999')).status).toBe(404);
  });

  it('returns one alert with its flagged windows and sample messages, 404 when missing', async () => {
    const { status, body } = await get(`/api/alerts/${encodeURIComponent(spikeAlert.id)}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: spikeAlert.id, expected: false, start: '2026-01-10T12:00:00.000Z' });
    expect(body.anomalies).toHaveLength(1);
    expect(body.anomalies[0]).toMatchObject({
      id: `hour:${EKB}:heating:${T0 + 12 * HOUR_MS}`,
      start: '2026-01-10T12:00:00.000Z',
      observed: 20,
      severity: 'critical',
    });
    expect(body.samples).toHaveLength(8);
    expect(body.samples[0]).toEqual({
      id: expect.any(String),
      source: 'vk',
      createdAt: '2026-01-10T12:00:00.000Z',
      eventTimeMs: T0 + 12 * HOUR_MS,
      author: expect.any(String),
      text: expect.any(String),
      url: expect.any(String),
      late: false,
      storyId: null,
      district: null,
    });
    // Its explanation: its 20 messages against the 28 days before — none of its own, of any topic, and none in
    // the weeks after: nothing to compare with (the region's other towns are never the reference).
    expect(body.explanation).toMatchObject({ messages: 20, referenceMessages: 0, clusters: [] });
    expect(body.explanation.samples.length).toBeGreaterThan(0);
    // The explained rise has one message in its span and no stored flagged window.
    const other = await get(`/api/alerts/${encodeURIComponent(expectedAlert.id)}`);
    expect(other.body).toMatchObject({ expected: true, anomalies: [] });
    expect(other.body.samples.map((m: { eventTimeMs: number }) => m.eventTimeMs)).toEqual([T0 + HOUR_MS]);
    const missing = await get('/api/alerts/nope');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: 'VSP_SERVE_NOT_FOUND', message: "not found: alert 'nope'" });
  });

  it("takes an analyst's verdict on an alert and shows it with the alert", async () => {
    const url = `/api/alerts/${encodeURIComponent(expectedAlert.id)}/feedback`;
    const post = (body: unknown) => app.inject({ method: 'POST', url, payload: body as object });
    const ok = await post({ label: 'noise', note: 'пыль от ремонта набережной, уже известно' });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({
      alertId: expectedAlert.id,
      label: 'noise',
      note: expect.stringContaining('пыль'),
    });
    expect((await post({ label: 'real' })).statusCode).toBe(201);
    const { body } = await get(`/api/alerts/${encodeURIComponent(expectedAlert.id)}`);
    expect(body.feedback.map((f: { label: string }) => f.label)).toEqual(['noise', 'real']);
    expect(body.feedback[1]).toMatchObject({ note: null, at: expect.stringMatching(/^\d{4}-/) });
    expect((await post({ label: 'maybe' })).statusCode).toBe(400);
    expect((await post({ label: 'noise', note: 'x'.repeat(1001) })).statusCode).toBe(400);
    const missing = await app.inject({
      method: 'POST',
      url: '/api/alerts/nope/feedback',
      payload: { label: 'real' },
    });
    expect(missing.statusCode).toBe(404);
    // The store hands the verdicts to a pipeline, key and all.
    const since = await store.alertFeedbackSince(Number.NEGATIVE_INFINITY);
    expect(since.map((f) => [f.municipality, f.topic, f.label])).toEqual([
      [expectedAlert.municipality, expectedAlert.topic, 'noise'],
      [expectedAlert.municipality, expectedAlert.topic, 'real'],
    ]);
  });
});

describe('GET /api/terms', () => {
  const ids = async (qs: string) =>
    (await get(`/api/terms?${qs}`)).body.items.map((i: { id: string }) => i.id);

  it('lists emerging terms newest hour first, with ISO times and names', async () => {
    const { status, body } = await get('/api/terms');
    expect(status).toBe(200);
    expect(body).toMatchObject({ total: 3, limit: 50, offset: 0 });
    expect(body.items.map((i: { id: string }) => i.id)).toEqual([regionTerm.id, spikeTerm.id, kazanTerm.id]);
    expect(body.items[1]).toEqual({
      ...spikeTerm,
      municipalityName: 'Екатеринбург',
      regionName: 'Свердловская обл',
      topicName: 'Отопление',
      start: '2026-01-10T12:00:00.000Z',
      end: '2026-01-10T13:00:00.000Z',
    });
    expect(body.items[0]).toMatchObject({
      scope: 'region',
      municipality: '',
      municipalityName: null,
      region: '66',
      regionName: 'Свердловская обл',
      municipalities: 2,
    });
  });

  it('filters by place, topic, scope and the hour start, and paginates', async () => {
    expect(await ids(`municipality=${EKB}`)).toEqual([spikeTerm.id]);
    expect(await ids('region=66')).toEqual([regionTerm.id, spikeTerm.id]);
    expect(await ids('region=66&scope=region')).toEqual([regionTerm.id]);
    expect(await ids('scope=municipality')).toEqual([spikeTerm.id, kazanTerm.id]);
    expect(await ids('topic=ecology')).toEqual([regionTerm.id]);
    expect(await ids('topic=water_sewer&scope=region')).toEqual([]);
    expect(await ids('topic=all&region=all')).toHaveLength(3);
    // Hours starting in [from, to): the spike's hour starts at 12:00Z, the region's at 13:00Z.
    expect(await ids('from=2026-01-10T12:00:00Z&to=2026-01-10T13:00:00Z')).toEqual([spikeTerm.id]);
    expect(await ids('from=2026-01-10T12:30:00Z')).toEqual([regionTerm.id]);
    // Dates in the selection's local time: 2026-01-10 in Казань (UTC+3) is [2026-01-09T21:00Z, 2026-01-10T21:00Z).
    expect(await ids('region=16&from=2026-01-10&to=2026-01-10')).toEqual([kazanTerm.id]);
    expect(await ids('region=16&from=2026-01-11')).toEqual([]);
    const page = await get('/api/terms?limit=1&offset=1');
    expect(page.body).toMatchObject({ total: 3, limit: 1, offset: 1 });
    expect(page.body.items.map((i: { id: string }) => i.id)).toEqual([spikeTerm.id]);
    expect((await get('/api/terms?offset=3')).body).toMatchObject({ total: 3, items: [] });
  });

  it('400s on a bad scope, page size or period, an unknown topic; 404 on an unknown municipality', async () => {
    const scope = await get('/api/terms?scope=city');
    expect(scope.status).toBe(400);
    expect(scope.body).toEqual({ error: 'VSP_SERVE_BAD_QUERY', message: expect.stringContaining('scope') });
    const reversed = await get('/api/terms?from=2026-01-11&to=2026-01-10T00:00:00Z');
    expect(reversed.status).toBe(400);
    expect(reversed.body.message).toMatch(/must be before/);
    expect((await get('/api/terms?from=2026-02-30')).status).toBe(400);
    expect((await get('/api/terms?from=yesterday')).status).toBe(400);
    expect((await get('/api/terms?limit=0')).status).toBe(400);
    expect((await get('/api/terms?limit=5001')).status).toBe(400);
    expect((await get('/api/terms?offset=-1')).status).toBe(400);
    expect((await get('/api/terms?topic=weather')).status).toBe(400);
    expect((await get(`/api/terms?municipality=${NTAGIL}&region=16`)).status).toBe(400);
    expect((await get('/api/terms?municipality=99999999')).status).toBe(404);
  });

  it('returns one emerging term with its example messages, 404 when missing', async () => {
    const { status, body } = await get(`/api/terms/${encodeURIComponent(spikeTerm.id)}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: spikeTerm.id, term: 'батареи', start: '2026-01-10T12:00:00.000Z' });
    expect(body.samples.map((m: { id: string }) => m.id)).toEqual(spikeTerm.messageIds);
    expect(body.samples[0]).toEqual({
      id: spikeTerm.messageIds[0],
      source: 'vk',
      createdAt: '2026-01-10T12:00:00.000Z',
      eventTimeMs: T0 + 12 * HOUR_MS,
      author: expect.any(String),
      text: expect.any(String),
      url: expect.any(String),
      late: false,
      storyId: null,
      district: null,
    });
    // No examples stored: an empty list.
    const regional = await get(`/api/terms/${encodeURIComponent(regionTerm.id)}`);
    expect(regional.body).toMatchObject({ id: regionTerm.id, samples: [] });
    const missing = await get('/api/terms/nope');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: 'VSP_SERVE_NOT_FOUND', message: "not found: term burst 'nope'" });
  });

  // The router's 100-character limit on a path parameter applies to the decoded id, so Cyrillic stems fit.
  it('finds a term burst whose id, percent-encoded, is longer than 100 characters (a long Cyrillic stem)', async () => {
    const url = `/api/terms/${encodeURIComponent(kazanTerm.id)}`;
    expect(url.length - '/api/terms/'.length).toBeGreaterThan(100);
    const { status, body } = await get(url);
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: kazanTerm.id, stem: 'водоотведен', samples: [] });
  });
});

describe('/api/calendar', () => {
  it('adds known causes, lists them, and refuses impossible ones', async () => {
    const event = {
      id: 'hw-ekb-june',
      kind: 'hot_water_shutoff',
      label: 'Плановое отключение горячей воды',
      topics: ['hot_water'],
      municipality: EKB,
      from: '2026-06-02',
      to: '2026-06-15',
    };
    const post = (body: object) => app.inject({ method: 'POST', url: '/api/calendar', payload: body });
    const ok = await post(event);
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toEqual(event);
    expect((await post({ ...event, label: 'Гидравлические испытания' })).statusCode).toBe(201); // same id: replaced
    const { body } = await get('/api/calendar');
    expect(body.events).toEqual([{ ...event, label: 'Гидравлические испытания' }]);
    expect((await post({ ...event, id: 'x', from: '2026-07-01' })).statusCode).toBe(400);
    expect((await post({ ...event, id: 'y', municipality: '99999999' })).statusCode).toBe(400);
    expect((await post({ ...event, id: 'z', topics: ['weather'] })).statusCode).toBe(400);
    expect((await post({ ...event, id: 'w', region: '00', municipality: undefined })).statusCode).toBe(400);
  });
});

describe('reference, health and metrics', () => {
  it('lists municipalities with data (or all), regions and topics', async () => {
    const { body } = await get('/api/municipalities');
    expect(body.map((m: { code: string }) => m.code).sort()).toEqual([EKB, NTAGIL].sort());
    expect(body.find((m: { code: string }) => m.code === EKB)).toEqual({
      code: EKB,
      name: 'Екатеринбург',
      region: '66',
      regionName: 'Свердловская обл',
      population: 1_377_738,
      utcOffsetMin: 300,
      messages: 69, // counted from day windows
    });
    expect((await get('/api/municipalities?all=1&region=66')).body.length).toBeGreaterThan(2);
    expect((await get('/api/regions')).body).toEqual([
      {
        code: '66',
        name: 'Свердловская обл',
        municipalities: expect.any(Number),
        population: expect.any(Number),
        messages: 80,
      },
    ]);
    const t = (await get('/api/topics')).body;
    expect(t).toHaveLength(topics.length);
    expect(t[0]).toEqual({ id: 'heating', nameRu: 'Отопление', department: expect.any(String) });
  });

  it('reports health', async () => {
    expect((await get('/api/health')).body).toEqual({
      status: 'ok',
      messages: 21,
      deadLetters: 2,
      lastEventTime: '2026-01-10T12:19:00.000Z',
      dataTo: '2026-01-11T22:00:00.000Z', // end of the last hourly window (45:00–46:00 UTC)
    });
  });

  it('exposes Prometheus metrics, with the extra text', async () => {
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.body).toContain('vsplesk_messages_stored 21');
    expect(res.body).toContain('vsplesk_dead_letters_stored{reason="bad_timestamp"} 1');
    expect(res.body).toContain('vsplesk_anomalies_stored{severity="critical",status="open"} 1');
    expect(res.body).toContain('vsplesk_windows_stored{bucket="hour"} 36');
    expect(res.body).toContain('vsplesk_pipeline_lag_seconds 1.5\n');
  });

  it('serves the OpenAPI document and 404s unknown routes as JSON', async () => {
    const doc = await get('/docs/json');
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/series',
        '/api/top',
        '/api/anomalies',
        '/api/anomalies/{id}',
        '/api/alerts',
        '/api/alerts/{id}',
        '/api/terms',
        '/api/terms/{id}',
        '/api/clusters',
        '/api/clusters/{id}',
        '/api/health',
      ]),
    );
    expect(doc.body.tags.map((t: { name: string }) => t.name)).toEqual(
      expect.arrayContaining(['alerts', 'terms', 'clusters']),
    );
    const clusters = doc.body.paths['/api/clusters'].get;
    expect(clusters.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining([
        'region',
        'municipality',
        'topic',
        'from',
        'to',
        'kind',
        'minMessages',
        'limit',
        'offset',
      ]),
    );
    const alertReply =
      doc.body.paths['/api/alerts/{id}'].get.responses['200'].content['application/json'].schema;
    expect(Object.keys(alertReply.properties.explanation.properties)).toEqual([
      'messages',
      'referenceMessages',
      'terms',
      'streets',
      'districts',
      'clusters',
      'samples',
    ]);
    expect(await get('/api/nope')).toEqual({
      status: 404,
      body: { error: 'VSP_SERVE_NOT_FOUND', message: 'no route GET /api/nope' },
    });
  });
});

/**
 * Clusters and explanations, on their own store: a burst pipe on ул. Мира in Екатеринбург (12 messages over two
 * hours from 2026-02-09 00:00Z, some with a phone number and a name; 10 joined one story, 2 a story never
 * published) against four weeks of ordinary heating complaints, and stories elsewhere.
 */
describe('clusters and explanations', () => {
  const S = T0 + 30 * DAY_MS;
  const PHONE = '8-951-327-87-89';
  const texts = [
    `Прорвало трубу на ул. Мира, кипяток заливает двор. Звоните ${PHONE}, Левашова А.И.`,
    'На ул. Мира прорыв трубы, кипяток и пар, дети ходят рядом',
    'Кипяток во дворе на ул. Мира, прорвало трубу теплотрассы',
  ];
  const pipe = Array.from({ length: 12 }, (_, i) =>
    doc({
      eventTimeMs: S + i * 10 * 60_000,
      municipalityCode: EKB,
      topic: 'heating',
      author: `s${i}`,
      text: texts[i % 3] as string,
    }),
  );
  const burst = story(EKB, (pipe[0] as { id: string }).id, S, {
    messages: 10,
    authors: 10,
    lastMs: S + 90 * 60_000,
    terms: ['кипяток', 'трубу'],
    streets: [{ key: 'мира', label: 'ул. Мира', messages: 10 }],
    label: `Прорвало трубу, звоните ${PHONE} — ул. Мира`,
  });
  pipe.forEach((m, i) => {
    m.storyId = i < 10 ? burst.id : `story:${EKB}:unpublished`;
  });
  const usual = [
    'Холодные батареи в квартире, управляющая компания молчит',
    'Опять еле тёплые радиаторы, дома холодно',
  ];
  const reference = [
    ...Array.from({ length: 30 }, (_, i) =>
      doc({ eventTimeMs: S - (i + 1) * 14 * HOUR_MS, municipalityCode: EKB, text: usual[i % 2] as string }),
    ),
    ...Array.from({ length: 5 }, (_, i) =>
      doc({ eventTimeMs: S - (i + 1) * DAY_MS, municipalityCode: NTAGIL, text: usual[0] as string }),
    ),
    // Another region, and older than four weeks: not part of the reference.
    doc({ eventTimeMs: S - DAY_MS, municipalityCode: KAZAN }),
    doc({ eventTimeMs: S - 29 * DAY_MS, municipalityCode: EKB }),
  ];
  const flood = story(NTAGIL, 'vk:b', S - 3 * DAY_MS, {
    topic: 'waste',
    kind: 'flood',
    messages: 6,
    lastMs: S - 2 * DAY_MS,
  });
  const campaign = story(KAZAN, 'vk:c', S, { topic: 'housing', kind: 'campaign', messages: 25 });
  const small = story(EKB, 'vk:d', S - 10 * DAY_MS, { closed: true, lastMs: S - 9 * DAY_MS });
  const pipeAlert = alert(EKB, 'heating', S, { endMs: S + 2 * HOUR_MS, windows: 2 });
  const pipeAnomaly = anomaly('hour', EKB, 'heating', S);

  let own: Store;
  let api: FastifyInstance;
  beforeAll(async () => {
    own = await openStore(':memory:', { gazetteer, topics });
    await own.writeBatch({
      ...emptyBatch(),
      messages: [...reference, ...pipe],
      anomalies: [pipeAnomaly],
      alerts: [pipeAlert],
      stories: [flood, campaign, small, burst],
    });
    api = buildApi({
      store: own,
      gazetteer,
      topics,
      auth: AUTH_OFF,
      clock: fixedClock(S + DAY_MS),
      ui: false,
    });
    await api.ready();
  });
  afterAll(async () => {
    await api.close();
    await own.close();
  });
  const at = async (url: string) => {
    const res = await api.inject({ method: 'GET', url });
    return { status: res.statusCode, body: res.json() };
  };
  const ids = async (qs: string) =>
    (await at(`/api/clusters?${qs}`)).body.items.map((i: { id: string }) => i.id);

  it('lists clusters biggest first, with names, ISO times and masked labels', async () => {
    const { status, body } = await at('/api/clusters');
    expect(status).toBe(200);
    expect(body).toMatchObject({ total: 4, limit: 50, offset: 0 });
    expect(body.items.map((i: { id: string }) => i.id)).toEqual([campaign.id, burst.id, flood.id, small.id]);
    expect(body.items[1]).toEqual({
      ...burst,
      municipalityName: 'Екатеринбург',
      regionName: 'Свердловская обл',
      topicName: 'Отопление',
      start: '2026-02-09T00:00:00.000Z',
      last: '2026-02-09T01:30:00.000Z',
      label: 'Прорвало трубу, звоните [телефон] — ул. Мира',
    });
  });

  it('filters clusters by place, topic, kind, size and period, and pages them', async () => {
    expect(await ids('region=66')).toEqual([burst.id, flood.id, small.id]);
    expect(await ids(`municipality=${EKB}`)).toEqual([burst.id, small.id]);
    expect(await ids('topic=waste')).toEqual([flood.id]);
    expect(await ids('kind=campaign')).toEqual([campaign.id]);
    expect(await ids('minMessages=6&region=66')).toEqual([burst.id, flood.id]);
    // Spans overlapping the period: the flood ended on 02-07, the small story on 01-31.
    expect(await ids('from=2026-02-08T00:00:00Z')).toEqual([campaign.id, burst.id]);
    expect(await ids('from=2026-02-06T00:00:00Z&to=2026-02-08T00:00:00Z')).toEqual([flood.id]);
    expect(await ids(`to=2026-02-01&municipality=${EKB}`)).toEqual([small.id]);
    const second = await at('/api/clusters?region=66&offset=2&limit=2');
    expect(second.body).toMatchObject({ total: 3, limit: 2, offset: 2 });
    expect(second.body.items.map((i: { id: string }) => i.id)).toEqual([small.id]);
    expect((await at('/api/clusters?offset=4&limit=2')).body).toMatchObject({ total: 4, items: [] });
  });

  it('400s on a bad page, page size, kind, size or topic; 404 on an unknown place', async () => {
    for (const qs of ['offset=-1', 'limit=0', 'limit=5001', 'kind=rumour', 'minMessages=0', 'topic=nope']) {
      const r = await at(`/api/clusters?${qs}`);
      expect([qs, r.status, r.body.error]).toEqual([qs, 400, 'VSP_SERVE_BAD_QUERY']);
    }
    expect((await at('/api/clusters?municipality=99999999')).status).toBe(404);
    expect((await at('/api/clusters?region=99')).status).toBe(404);
  });

  it('returns one cluster with a page of its messages, texts masked; 404 when unknown', async () => {
    const url = `/api/clusters/${encodeURIComponent(burst.id)}`;
    const { status, body } = await at(`${url}?limit=4`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      id: burst.id,
      kind: 'story',
      messageCount: 10,
      label: 'Прорвало трубу, звоните [телефон] — ул. Мира',
      messages: { total: 10, limit: 4, offset: 0 },
    });
    expect(body.messages.items.map((m: { id: string }) => m.id)).toEqual(pipe.slice(0, 4).map((m) => m.id));
    expect(body.messages.items[0]).toEqual({
      id: pipe[0]?.id,
      source: 'vk',
      createdAt: '2026-02-09T00:00:00.000Z',
      eventTimeMs: S,
      author: 's0',
      text: 'Прорвало трубу на ул. Мира, кипяток заливает двор. Звоните [телефон], [ФИО]',
      url: expect.any(String),
      late: false,
      storyId: burst.id,
      district: null,
    });
    const last = await at(`${url}?offset=8&limit=4`);
    expect(last.body.messages.items.map((m: { id: string }) => m.id)).toEqual(
      pipe.slice(8, 10).map((m) => m.id),
    );
    expect(JSON.stringify([body, last.body])).not.toContain(PHONE);
    expect((await at(`${url}?limit=5001`)).status).toBe(400);
    const missing = await at('/api/clusters/nope');
    expect(missing).toEqual({
      status: 404,
      body: { error: 'VSP_SERVE_NOT_FOUND', message: "not found: cluster 'nope'" },
    });
    // Ids carry a source's message id: a 300-character one reaches the route (Fastify's default stops at 100).
    const long = `story:65701000:${'x'.repeat(284)}`;
    expect((await at(`/api/clusters/${long}`)).body.message).toBe(`not found: cluster '${long}'`);
  });

  it("explains an alert over its span: the pipe's words and street, its cluster, masked samples", async () => {
    const { status, body } = await at(`/api/alerts/${encodeURIComponent(pipeAlert.id)}`);
    expect(status).toBe(200);
    const e = body.explanation;
    // 30 of its own before it (fewer than 200): Нижний Тагил's 5 fill in; Казань and older ones do not.
    // Its own 30 of the 28 days before; Нижний Тагил's 5 are not its reference.
    expect([e.messages, e.referenceMessages]).toEqual([12, 30]);
    const words = e.terms.map((t: { term: string }) => t.term);
    expect(words).toEqual(expect.arrayContaining(['кипяток']));
    expect(words.some((w: string) => /батаре|холод/.test(w))).toBe(false);
    expect(e.streets[0]).toMatchObject({ label: expect.stringContaining('Мира'), messages: 12, share: 1 });
    // The story never published is left out; the published one counts the window's messages in it.
    expect(e.clusters).toEqual([
      {
        id: burst.id,
        label: 'Прорвало трубу, звоните [телефон] — ул. Мира',
        kind: 'story',
        messages: 10,
        authors: 10,
        inWindow: 10,
        terms: burst.terms,
        streets: ['ул. Мира'],
      },
    ]);
    expect(e.samples.length).toBeGreaterThan(0);
    for (const x of e.samples) expect(pipe.map((m) => m.id)).toContain(x.id);
    expect(JSON.stringify(body)).not.toContain(PHONE);
    expect(JSON.stringify(body)).not.toContain('Левашова');
    expect(body.samples.map((m: { storyId: string }) => m.storyId)).toContain(burst.id);
  });

  it("explains an anomaly over its window (the first hour's 6 messages)", async () => {
    const { status, body } = await at(`/api/anomalies/${encodeURIComponent(pipeAnomaly.id)}`);
    expect(status).toBe(200);
    expect([body.explanation.messages, body.explanation.referenceMessages]).toEqual([6, 30]);
    expect(body.explanation.clusters).toMatchObject([{ id: burst.id, inWindow: 6 }]);
    expect(JSON.stringify(body)).not.toContain(PHONE);
  });

  it("ranks the streets a municipality's messages name in a period (by=street)", async () => {
    const from = new Date(S).toISOString();
    const to = new Date(S + DAY_MS).toISOString();
    const { status, body } = await at(`/api/top?by=street&municipality=${EKB}&from=${from}&to=${to}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ by: 'street', messagesRead: 12 });
    expect(body.rows).toEqual([
      { key: 'улица мира', name: 'ул. Мира', count: 12, perCapita: null, anomalies: 0, share: 1 },
    ]);
    // Another topic: none of the pipe's messages.
    const waste = await at(`/api/top?by=street&municipality=${EKB}&topic=waste&from=${from}&to=${to}`);
    expect(waste.body).toMatchObject({ messagesRead: 0, rows: [] });
    const none = await at('/api/top?by=street');
    expect([none.status, none.body.error]).toEqual([400, 'VSP_SERVE_BAD_QUERY']);
  });
});

describe('errors', () => {
  it('hides internals of a 5xx', async () => {
    const broken = buildApi({
      store: { ...store, stats: () => Promise.reject(new Error('secret detail at /tmp/x.ts:1')) } as Store,
      gazetteer,
      topics,
      auth: AUTH_OFF,
      ui: false,
    });
    const res = await broken.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ error: 'VSP_SERVE_INTERNAL', message: 'internal server error' });
    expect(res.body).not.toContain('secret');
    await broken.close();
  });
});
