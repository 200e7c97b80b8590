/**
 * Arrow IPC answers of /api/series and /api/top: decoded with apache-arrow's tableFromIPC, they hold the same
 * values as the JSON answer of the same request; JSON stays the default; the cache keeps both, each with its ETag.
 */
import { type Table, tableFromIPC } from 'apache-arrow';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../clock.ts';
import { loadGazetteer } from '../reference/gazetteer.ts';
import { loadTopics } from '../reference/topics.ts';
import { openStore, type Store } from '../store/index.ts';
import { DAY_MS, EKB, HOUR_MS, sampleBatch, T0 } from '../store/test-records.ts';
import { AUTH_OFF, buildApi } from './api.ts';
import { ARROW_STREAM, wantsArrow } from './arrow-answer.ts';
import { acceptedMediaTypes, preferredMediaType } from './media-type.ts';
import { GZIP_MIN_BYTES } from './response-cache.ts';

const gazetteer = loadGazetteer();
const topics = loadTopics();
let store: Store;
let app: FastifyInstance;

beforeAll(async () => {
  store = await openStore(':memory:', { gazetteer, topics });
  await store.writeBatch(sampleBatch());
  app = buildApi({
    store,
    gazetteer,
    topics,
    auth: AUTH_OFF,
    clock: fixedClock(T0 + 10 * DAY_MS),
    ui: false,
  });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await store.close();
});

const get = (url: string, headers: Record<string, string> = {}) =>
  app.inject({ method: 'GET', url, headers });
/** The JSON answer and the decoded Arrow answer of one request. */
async function both(url: string) {
  const json = await get(url);
  const arrow = await get(url, { accept: ARROW_STREAM });
  expect(json.statusCode).toBe(200);
  expect(arrow.statusCode).toBe(200);
  expect(arrow.headers['content-type']).toBe(ARROW_STREAM);
  return { json: json.json(), table: tableFromIPC(arrow.rawPayload), arrow };
}
const column = (t: Table, name: string) => {
  const c = t.getChild(name);
  if (c === null) throw new Error(`no column ${name}`);
  return [...c];
};

describe('Accept negotiation', () => {
  it('orders media types by q, then by the order given; q=0 is a refusal', () => {
    expect(acceptedMediaTypes('text/html;q=0.5, application/pdf, image/png;q=0')).toEqual([
      'application/pdf',
      'text/html',
    ]);
    expect(acceptedMediaTypes(undefined)).toEqual([]);
    expect(preferredMediaType('image/png, */*', ['application/json'])).toBeUndefined();
  });

  it('answers Arrow only when Accept prefers it to JSON', () => {
    expect(wantsArrow(ARROW_STREAM)).toBe(true);
    expect(wantsArrow(`application/json;q=0.5, ${ARROW_STREAM}`)).toBe(true);
    expect(wantsArrow(`application/json, ${ARROW_STREAM}`)).toBe(false);
    expect(wantsArrow('*/*')).toBe(false);
    expect(wantsArrow('text/csv')).toBe(false);
    expect(wantsArrow(undefined)).toBe(false);
  });
});

describe('GET /api/series as Arrow', () => {
  it('hour buckets: one row a bucket, start as a timestamp in the town’s zone, integer counts, as in JSON', async () => {
    const url = `/api/series?municipality=${EKB}&topic=heating&bucket=hour&from=2026-01-10T00:00:00Z&to=2026-01-11T00:00:00Z`;
    const { json, table } = await both(url);
    expect(table.numRows).toBe(json.x.length);
    expect(table.schema.fields.map((f) => `${f.name}: ${f.type}`)).toEqual([
      'start: Timestamp<MILLISECOND, Etc/GMT-5>',
      'count: Int32',
      'uniqueAuthors: Int32',
      'anomalies: Int32',
      'severity: Dictionary<Int32, Utf8>',
    ]);
    expect(column(table, 'start')).toEqual(json.x.map((x: number) => x * 1000));
    expect(column(table, 'count')).toEqual(json.count);
    expect(column(table, 'uniqueAuthors')).toEqual(json.uniqueAuthors);
    // The sample's spike: one critical anomaly at 12:00 UTC.
    const at12 = json.x.indexOf((T0 + 12 * HOUR_MS) / 1000);
    expect(json.anomalies.map((a: { x: number; severity: string }) => [a.x, a.severity])).toEqual([
      [json.x[at12], 'critical'],
    ]);
    expect(column(table, 'anomalies')[at12]).toBe(1);
    expect(column(table, 'severity')[at12]).toBe('critical');
    expect(column(table, 'severity').filter((s) => s !== null)).toHaveLength(1);
    expect(Object.fromEntries(table.schema.metadata)).toEqual({
      bucket: 'hour',
      municipality: EKB,
      region: json.region,
      topic: 'heating',
      from: json.from,
      to: json.to,
      utcOffsetMin: '300',
      population: String(json.population),
    });
  });

  it('day buckets as local dates (Date32), and per-capita rates when asked', async () => {
    const { json, table } = await both(
      `/api/series?municipality=${EKB}&bucket=day&from=2026-01-10&to=2026-01-11&per_capita=1`,
    );
    expect(table.schema.fields.map((f) => `${f.name}: ${f.type}`).slice(0, 4)).toEqual([
      'date: Date32<DAY>',
      'count: Int32',
      'uniqueAuthors: Int32',
      'perCapita: Float64',
    ]);
    // apache-arrow reads a Date32 as epoch ms of the date at 00:00 UTC: JSON's x (seconds) × 1000.
    expect(column(table, 'date')).toEqual(json.x.map((x: number) => x * 1000));
    expect(column(table, 'date')).toEqual([T0, T0 + DAY_MS]);
    expect(column(table, 'count')).toEqual(json.count);
    expect(column(table, 'perCapita')).toEqual(json.perCapita);
  });

  it('a query error is still a JSON error', async () => {
    const res = await get('/api/series?bucket=week', { accept: ARROW_STREAM });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('VSP_SERVE_BAD_QUERY');
  });

  it('an Accept the route does not serve (CSV, an image, */*) gets JSON, as everywhere in the API', async () => {
    for (const accept of ['text/csv', 'image/png', '*/*']) {
      const res = await get(`/api/series?municipality=${EKB}&bucket=day`, { accept });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.json().bucket).toBe('day');
    }
  });
});

describe('GET /api/top as Arrow', () => {
  it('by=municipality: the rows in order with their rates, as in JSON', async () => {
    const { json, table } = await both('/api/top?region=66&from=2026-01-10&to=2026-01-12&by=municipality');
    expect(json.rows.length).toBeGreaterThan(1);
    expect(table.numRows).toBe(json.rows.length);
    for (const name of ['key', 'name', 'count', 'anomalies', 'perCapita', 'population', 'shrunk', 'lat'])
      expect(column(table, name)).toEqual(json.rows.map((r: Record<string, unknown>) => r[name] ?? null));
    expect(String(table.schema.fields.find((f) => f.name === 'count')?.type)).toBe('Int32');
    expect(Object.fromEntries(table.schema.metadata)).toEqual({
      by: 'municipality',
      from: json.from,
      to: json.to,
    });
  });

  it('by=topic: key, name and counts only; an empty answer keeps its columns', async () => {
    const { json, table } = await both(`/api/top?by=topic&municipality=${EKB}&from=2026-01-10&to=2026-01-12`);
    expect(table.schema.fields.map((f) => f.name)).toEqual([
      'key',
      'name',
      'count',
      'anomalies',
      'perCapita',
    ]);
    expect(column(table, 'key')).toEqual(json.rows.map((r: { key: string }) => r.key));
    expect(column(table, 'count')).toEqual(json.rows.map((r: { count: number }) => r.count));
    const empty = await both(`/api/top?by=topic&municipality=${EKB}&from=2020-01-01&to=2020-01-02`);
    expect(empty.json.rows).toEqual([]);
    expect(empty.table.numRows).toBe(0);
    expect(empty.table.schema.fields.map((f) => f.name)).toEqual(table.schema.fields.map((f) => f.name));
  });
});

describe('Arrow answers behind the cache', () => {
  it('are kept apart from JSON: own ETag and content type, the same bytes again, 304 for a client that has them', async () => {
    const url = `/api/series?municipality=${EKB}&bucket=hour&from=2026-01-10&to=2026-01-11`;
    const json = await get(url);
    const first = await get(url, { accept: ARROW_STREAM });
    const again = await get(url, { accept: ARROW_STREAM });
    expect(first.headers.etag).toBeDefined();
    expect(first.headers.etag).not.toBe(json.headers.etag);
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(again.headers['content-type']).toBe(ARROW_STREAM);
    // Negotiated by Accept; and, being over GZIP_MIN_BYTES, its encoding may follow Accept-Encoding.
    expect(first.rawPayload.length).toBeGreaterThanOrEqual(GZIP_MIN_BYTES);
    expect(again.headers.vary).toBe('Accept, Accept-Encoding');
    expect(Buffer.compare(again.rawPayload, first.rawPayload)).toBe(0);
    const notModified = await get(url, { accept: ARROW_STREAM, 'if-none-match': String(first.headers.etag) });
    expect(notModified.statusCode).toBe(304);
    expect(notModified.rawPayload.length).toBe(0);
    // The JSON answer is still JSON after the Arrow one was cached.
    const jsonAgain = await get(url);
    expect(jsonAgain.headers['content-type']).toMatch(/^application\/json/);
    expect(jsonAgain.headers.etag).toBe(json.headers.etag);
    expect(jsonAgain.headers.vary).toBe(
      jsonAgain.rawPayload.length >= GZIP_MIN_BYTES ? 'Accept, Accept-Encoding' : 'Accept',
    );
  });

  it('OpenAPI lists the Arrow content type of both routes', async () => {
    const spec = (await get('/docs/json')).json();
    for (const path of ['/api/series', '/api/top']) {
      const content = spec.paths[path].get.responses['200'].content;
      expect(Object.keys(content)).toEqual(['application/json', ARROW_STREAM]);
      expect(content[ARROW_STREAM].schema).toMatchObject({ type: 'string', format: 'binary' });
    }
  });
});
