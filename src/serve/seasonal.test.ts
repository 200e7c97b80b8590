import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../clock.ts';
import { rng } from '../detect/test-random.ts';
import type { Aggregate } from '../records.ts';
import { loadGazetteer } from '../reference/gazetteer.ts';
import { loadTopics } from '../reference/topics.ts';
import { isoDateFromDay, monthStartDay } from '../seasonal/days.ts';
import { drawWeather, simulateSeasons } from '../seasonal/simulate-seasons.ts';
import { openStore, type Store } from '../store/index.ts';
import { agg, DAY_MS, EKB, emptyBatch, HOUR_MS, KAMENSK, NTAGIL } from '../store/test-records.ts';
import { AUTH_OFF, buildApi } from './api.ts';

const gazetteer = loadGazetteer();
const topics = loadTopics();
let store: Store;
let app: FastifyInstance;

/** Five seasons (July 2020 – June 2025) of a heating wave in three towns of region 66 (UTC+5), shared weather. */
const END_DAY = monthStartDay(2025, 6); // 2025-07-01
function dayWindows(
  code: string,
  baseDaily: number,
  seed: number,
  weather: ReturnType<typeof drawWeather>,
  effect?: { fromDay: number; toDay: number; factor: number },
): Aggregate[] {
  const s = simulateSeasons({
    ...(effect !== undefined ? { effect } : {}),
    firstYear: 2020,
    startMonth: 6,
    weather,
    baseDaily,
    wave: [
      { riseWeek: 10, peakWeek: 14, endWeek: 19, amplitude: 26 },
      { riseWeek: 18, peakWeek: 28, endWeek: 38, amplitude: 30 },
    ],
    rand: rng(seed),
  });
  const out: Aggregate[] = [];
  s.values.forEach((v, i) => {
    // A day window starts at the town's local midnight (UTC+5).
    if (v > 0) out.push(agg('day', code, 'heating', (s.firstDay + i) * DAY_MS - 5 * HOUR_MS, v));
  });
  return out;
}

/** The campaign in Екатеринбург: −40% from Monday 2024-10-07 (week 14 of the 2024/25 season) on. */
const CAMPAIGN_FROM = '2024-10-07';
/** Six more towns of region 66 (Свердловская область) as the comparison group. */
const OTHERS_66 = gazetteer.all
  .filter((m) => m.region === '66' && ![EKB, NTAGIL, KAMENSK].includes(m.code))
  .slice(0, 6)
  .map((m) => m.code);

beforeAll(async () => {
  store = await openStore(':memory:', { gazetteer, topics });
  const weather = drawWeather(5, { shiftSdWeeks: 1, severityLogSd: 0.25 }, rng(42));
  const from = (Date.parse(`${CAMPAIGN_FROM}T00:00:00Z`) / DAY_MS) as number;
  await store.writeBatch({
    ...emptyBatch(),
    aggregates: [
      ...dayWindows(EKB, 8, 1, weather, { fromDay: from, toDay: from + 400, factor: 0.6 }),
      ...dayWindows(NTAGIL, 2, 2, weather),
      // Каменск-Уральский: only the last two seasons are in the store.
      ...dayWindows(KAMENSK, 1, 3, weather).filter((a) => a.startMs >= monthStartDay(2023, 6) * DAY_MS),
      ...OTHERS_66.flatMap((code, i) => dayWindows(code, 1 + i, 10 + i, weather)),
    ],
  });
  app = buildApi({
    store,
    gazetteer,
    topics,
    auth: AUTH_OFF,
    clock: fixedClock(END_DAY * DAY_MS),
    ui: false,
  });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await store.close();
});

const get = async (url: string) => {
  const res = await app.inject({ method: 'GET', url });
  return { status: res.statusCode, body: res.json() };
};

describe('GET /api/seasonal', () => {
  it('gives past seasons, a recurring verdict, a forecast with intervals and the campaign start', async () => {
    const { status, body } = await get(`/api/seasonal?municipality=${EKB}&topic=heating`);
    expect(status).toBe(200);
    expect(body.historyFrom).toBe('2020-07-01');
    expect(body.historyTo).toBe('2025-06-30');
    expect(body.seasons.length).toBeGreaterThanOrEqual(4);
    expect(body.recurrence.recurring).toBe(true);
    expect(body.recurrence.reason).toMatch(/^повторяется/);
    const f = body.forecast;
    expect(f.season_start.slice(0, 4)).toBe('2025');
    expect(f.onset_week.low <= f.onset_week.point && f.onset_week.point <= f.onset_week.high).toBe(true);
    expect(f.peak_weekly.low).toBeLessThan(f.peak_weekly.point);
    expect(f.peak_weekly.point).toBeLessThan(f.peak_weekly.high);
    // Start ≥ 2 weeks before the forecast onset (ISO dates compare as strings).
    const twoWeeksBefore = isoDateFromDay(Date.parse(`${f.onset_week.point}T00:00:00Z`) / DAY_MS - 14);
    expect(f.campaign_start <= twoWeeksBefore).toBe(true);
    expect(f.note).toMatch(/weather is not known/);
    // Екатеринбург, 1,377,738 residents: per 10,000 = forecast × 10,000 / population.
    expect(f.per10k.total).toBeCloseTo((f.total.point * 10_000) / 1_377_738, 1);
    // Profile: uPlot columns of ISO weeks 1–53.
    expect(body.profile[0]).toHaveLength(53);
    expect(body.profile[1]).toHaveLength(53);
    // Weekly totals of every season touched (the planner page's heat map): a complete season's full weeks sum
    // to its total, and its peak week holds its peak weekly.
    const w = body.weeks as { season_start: string[]; first_monday: string[]; counts: (number | null)[][] };
    expect(w.counts.length).toBe(w.season_start.length);
    for (const s of body.seasons as {
      season_start: string;
      peak_week: string;
      peak_weekly: number;
      total: number;
    }[]) {
      const i = w.season_start.indexOf(s.season_start);
      const row = w.counts[i] as (number | null)[];
      expect(row.reduce<number>((a, c) => a + (c ?? 0), 0)).toBe(s.total);
      const peakIndex = (Date.parse(s.peak_week) - Date.parse(w.first_monday[i] as string)) / (7 * DAY_MS);
      expect(row[peakIndex]).toBe(s.peak_weekly);
    }
  });

  it('takes the lead time from the query', async () => {
    const two = (await get(`/api/seasonal?municipality=${EKB}&topic=heating`)).body.forecast;
    const six = (await get(`/api/seasonal?municipality=${EKB}&topic=heating&lead_weeks=6`)).body.forecast;
    expect(six.campaign_start < two.campaign_start).toBe(true);
  });

  it('tests a town with a short history against its region’s shape', async () => {
    const { body } = await get(`/api/seasonal?municipality=${KAMENSK}&topic=heating`);
    expect(body.recurrence.seasons).toBeLessThanOrEqual(2);
    expect(body.recurrence.reason).toMatch(/с формой сезона по группе/);
    // Its data starts 2023-07-03; the region's seasons start in its lowest month, so one season is complete here,
    // and one season cannot show recurrence (52 shifts: p ≥ 1/52 > 0.01) however well it follows the region.
    expect(body.historyFrom).toBe('2023-07-03');
    expect(body.recurrence.seasons).toBe(1);
    expect(body.recurrence.correlation).toBeGreaterThan(0.9);
    expect(body.recurrence.recurring).toBe(false);
    expect(body.forecast.campaign_start).toBeNull();
  });

  it('says there is no data for a topic never seen, and rejects bad queries', async () => {
    const none = await get(`/api/seasonal?municipality=${EKB}&topic=gas`);
    expect(none.status).toBe(200);
    expect(none.body.forecast).toBeNull();
    expect(none.body.recurrence.reason).toBe('данных нет');
    expect((await get(`/api/seasonal?municipality=${EKB}&topic=nope`)).status).toBe(400);
    expect((await get(`/api/seasonal?municipality=${EKB}`)).status).toBe(400);
    expect((await get('/api/seasonal?municipality=00000000&topic=heating')).status).toBe(404);
    expect((await get(`/api/seasonal?municipality=${EKB}&topic=heating&lead_weeks=-1`)).status).toBe(400);
  });
});

const post = async (url: string, payload: object) => {
  const res = await app.inject({ method: 'POST', url, payload });
  return { status: res.statusCode, body: res.json() };
};

describe('campaigns', () => {
  it('registers a campaign and reports its −40% against the region’s other towns', async () => {
    const created = await post('/api/campaigns', {
      municipality: EKB,
      topic: 'heating',
      from: CAMPAIGN_FROM,
      to: '2024-11-30',
      description: 'листовки в подъездах, SMS',
    });
    expect(created.status).toBe(201);
    expect(created.body.id).toMatch(/^cmp_/);
    expect(created.body.region).toBe('66');
    const { status, body } = await get(`/api/campaigns/${created.body.id}/effect`);
    expect(status).toBe(200);
    expect(body.window.from).toBe(CAMPAIGN_FROM);
    expect(body.effect.method).toBe('controls');
    expect(body.effect.controls).toBeGreaterThanOrEqual(6);
    expect(body.effect.reported).toBe(true);
    expect(body.effect.high).toBeLessThan(0);
    expect(body.effect.low).toBeLessThan(-0.4 + 0.15);
    expect(body.effect.high).toBeGreaterThan(-0.4 - 0.15);
  });

  it('does not report a campaign that changed nothing', async () => {
    const created = await post('/api/campaigns', {
      municipality: NTAGIL,
      topic: 'heating',
      from: CAMPAIGN_FROM,
      to: '2024-11-30',
      description: 'объявления',
    });
    const { body } = await get(`/api/campaigns/${created.body.id}/effect`);
    expect(body.effect.method).toBe('controls');
    expect(body.effect.reported).toBe(false);
    expect(body.effect.reason).toMatch(/^эффект не доказан/);
  });

  it('rejects bad campaigns and answers 404 for unknown ids', async () => {
    const base = {
      municipality: EKB,
      topic: 'heating',
      from: '2024-10-07',
      to: '2024-11-30',
      description: 'x',
    };
    expect((await post('/api/campaigns', { ...base, from: '2024-12-01' })).status).toBe(400);
    expect((await post('/api/campaigns', { ...base, topic: 'nope' })).status).toBe(400);
    expect((await post('/api/campaigns', { ...base, municipality: '00000000' })).status).toBe(404);
    expect((await post('/api/campaigns', { ...base, extra: 1 })).status).toBe(400);
    expect((await get('/api/campaigns/cmp_000000/effect')).status).toBe(404);
  });

  it('recommends starts for the coming season, ranked, ahead of the forecast onset', async () => {
    const { status, body } = await get(
      '/api/campaigns/recommended?region=66&from=2025-08-01&horizon_weeks=12',
    );
    expect(status).toBe(200);
    expect(body.items.length).toBeGreaterThan(0);
    for (const it of body.items) {
      expect(it.topic).toBe('heating');
      expect(it.start < it.onset_week).toBe(true);
      expect(it.start >= '2025-08-01' || it.onset_week >= '2025-08-01').toBe(true);
      expect(it.reason).toMatch(/^тема повторяется здесь/);
    }
    const starts = body.items.map((x: { start: string }) => x.start);
    expect(starts).toEqual([...starts].sort());
    expect((await get('/api/campaigns/recommended')).status).toBe(400); // no region with auth off
  });
});
