/**
 * The planner card in a real browser (Debian's Chromium through playwright-core), against the real API and an
 * in-memory store holding six years of generated day windows (source/generator/daily-history.ts, as the demo
 * writes them) for the six largest towns of Свердловская обл, heating and snow: the heat map draws a cell per full
 * week of the town's history, the season chart draws the forecast's boxes, the region's recommendations are the
 * API's rows, and a campaign registered from the page shows its effect. The page is read with a planner's token
 * for the region (auth on, as `vsplesk serve` runs). With VSPLESK_PLANNER_SCREENSHOT=path set, it also saves a
 * screenshot of the card there (docs/planner.png for the README).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../clock.ts';
import { loadGazetteer } from '../reference/gazetteer.ts';
import { loadTopics } from '../reference/topics.ts';
import { buildApi } from '../serve/api.ts';
import { generateDailyHistory } from '../source/generator/daily-history.ts';
import { openStore, type Store } from '../store/index.ts';
import { openTokenStore, validateNewToken } from '../store/tokens.ts';

const CHROMIUM = '/usr/bin/chromium';
const DAY_MS = 86_400_000;
const gazetteer = loadGazetteer();
const topics = loadTopics();
const REGION = '66';
/** The data end ("now" for the planner): mid-July, before the heating season, so its campaigns lie ahead. */
const END = '2024-07-22';
const FROM = '2018-07-02';
const towns = gazetteer.all
  .filter((m) => m.region === REGION)
  .sort((a, b) => b.population - a.population)
  .slice(0, 6);
const TOWN = towns[0] as (typeof towns)[number];
let store: Store;
let app: FastifyInstance;
let browser: Browser;
let url: string;
let token: string;
const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;

interface PlannerPageState {
  plannerLoads: number;
  planner: {
    municipality: string;
    topic: string;
    cells: number;
    seasons: number;
    forecastBoxes: { id: string; leftPx: number; rightPx: number; topPx: number; bottomPx: number }[];
    effect: { campaign: { id: string }; effect: { change: number | null } } | null;
    effectBoxes: { id: string; leftPx: number; rightPx: number }[];
  } | null;
  recommendations: { region: string; items: { municipality: string; topic: string; start: string }[] } | null;
}
const st = () => (window as unknown as { __vsplesk: PlannerPageState }).__vsplesk;

beforeAll(async () => {
  expect(existsSync(CHROMIUM), `${CHROMIUM} is required for the UI test`).toBe(true);
  store = await openStore(':memory:', { gazetteer, topics });
  const keys = towns.flatMap((m) =>
    (['heating', 'snow_ice'] as const).map((topic) => ({
      municipality: m.code,
      region: m.region,
      topic,
      utcOffsetMin: m.utcOffsetMin,
      // About the generator's volume: 0.13 complaints per 1,000 residents a day, a few percent of them per topic.
      level: (m.population / 1000) * 0.13 * 0.06,
    })),
  );
  const aggregates = generateDailyHistory(keys, { fromDay: day(FROM), streamFromDay: day(END), seed: 7 });
  await store.writeBatch({ messages: [], lateMessages: [], aggregates, anomalies: [], deadLetters: [] });
  const tokens = await openTokenStore(store);
  const places = {
    regionOf: (code: string) => gazetteer.byCode(code)?.region,
    hasRegion: (r: string) => gazetteer.regions().some((x) => x.code === r),
  };
  token = (await tokens.create(validateNewToken({ role: 'planner', region: REGION }, places))).token;
  app = buildApi(
    {
      store,
      gazetteer,
      topics,
      auth: { mode: 'tokens', tokens },
      clock: fixedClock(Date.parse(`${END}T00:00:00Z`)),
    },
    { limits: { rateMax: 0 } },
  );
  url = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await store?.close();
});

const authed = () => ({ headers: { authorization: `Bearer ${token}` } });

describe('planner card', () => {
  it('draws the heat map, the forecast band, the region’s recommendations, and a registered campaign’s effect', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1100 }, locale: 'ru-RU' });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) pageErrors.push(m.text());
    });
    // The top document only: a sandboxed frame (the briefing) has no storage.
    await page.addInitScript((t) => {
      if (window === window.top) localStorage.setItem('vsplesk.token', t);
    }, token);
    await page.goto(`${url}/?region=${REGION}&municipality=${TOWN.code}&topic=heating`);
    await page.waitForFunction(
      () => {
        const w = (window as unknown as { __vsplesk?: PlannerPageState }).__vsplesk;
        return (w?.plannerLoads ?? 0) >= 1 && w?.planner != null;
      },
      undefined,
      {
        timeout: 60_000,
      },
    );
    const s = (await page.evaluate(st)) as PlannerPageState;
    const p = s.planner as NonNullable<PlannerPageState['planner']>;
    expect(p.municipality).toBe(TOWN.code);
    expect(p.topic).toBe('heating');

    // The heat map: one cell per full Monday–Sunday week of the history (counted here from the API's history
    // bounds, not from its weekly rows), each with the count of its days in the day series.
    const plan = (await (
      await fetch(`${url}/api/seasonal?municipality=${TOWN.code}&topic=heating`, authed())
    ).json()) as {
      historyFrom: string;
      historyTo: string;
      weeks: { first_monday: string[]; counts: (number | null)[][] };
    };
    const first = day(plan.historyFrom);
    const last = day(plan.historyTo);
    const firstMonday = first + ((7 - ((first + 3) % 7)) % 7);
    const fullWeeks = Math.floor((last + 1 - firstMonday) / 7);
    expect(fullWeeks).toBeGreaterThan(5 * 52);
    expect(p.cells).toBe(fullWeeks);
    expect(await page.locator('#planner-heatmap rect.cell').count()).toBe(fullWeeks);
    expect(p.seasons).toBe(plan.weeks.counts.length);
    // One cell against the day series: the week of 2022-01-10.
    const series = (await (
      await fetch(
        `${url}/api/series?municipality=${TOWN.code}&topic=heating&bucket=day&from=2022-01-10&to=2022-01-16`,
        authed(),
      )
    ).json()) as { count: number[] };
    const weekTotal = series.count.reduce((a, b) => a + b, 0);
    expect(weekTotal).toBeGreaterThan(0);
    expect(
      await page
        .locator('#planner-heatmap rect.cell title', { hasText: 'неделя с 10.01.2022:' })
        .textContent(),
    ).toBe(`неделя с 10.01.2022: ${weekTotal}`);

    // The forecast band: the onset interval over the full height, the peak box with a height, both on the plot.
    const onset = p.forecastBoxes.find((b) => b.id === 'onset');
    const peak = p.forecastBoxes.find((b) => b.id === 'peak');
    expect(onset && onset.rightPx - onset.leftPx).toBeGreaterThan(10);
    expect(peak && peak.bottomPx - peak.topPx).toBeGreaterThan(5);
    expect((peak as { leftPx: number }).leftPx).toBeGreaterThan((onset as { leftPx: number }).leftPx);
    expect(await page.locator('#planner-chart canvas').count()).toBe(1);

    // The recommendations: the API's rows, in its order.
    const recs = (await (
      await fetch(`${url}/api/campaigns/recommended?region=${REGION}&horizon_weeks=52`, authed())
    ).json()) as { items: { municipality: string; topic: string }[] };
    expect(recs.items.length).toBeGreaterThan(0);
    expect(s.recommendations?.items.map((r) => `${r.municipality}:${r.topic}`)).toEqual(
      recs.items.map((r) => `${r.municipality}:${r.topic}`),
    );
    expect(
      await page
        .locator('#planner-recs tbody tr')
        .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-key'))),
    ).toEqual(recs.items.map((r) => `${r.municipality}:${r.topic}`));

    // From the end of the data (the server's default), written back into the field.
    expect(await page.inputValue('#planner-from')).toBe(END);

    // A campaign over the last complete season's autumn: registered from the page, its effect shown.
    await page.fill('#campaign-from', '2023-09-01');
    await page.fill('#campaign-to', '2023-11-30');
    await page.fill('#campaign-description', 'Листовки о начале отопительного сезона');
    await page.click('#campaign-register');
    await page.waitForFunction(
      () => (window as unknown as { __vsplesk: PlannerPageState }).__vsplesk.planner?.effect != null,
      undefined,
      { timeout: 30_000 },
    );
    const after = (await page.evaluate(st)) as PlannerPageState;
    const e = (after.planner as NonNullable<PlannerPageState['planner']>).effect as NonNullable<
      NonNullable<PlannerPageState['planner']>['effect']
    >;
    const api = (await (await fetch(`${url}/api/campaigns/${e.campaign.id}/effect`, authed())).json()) as {
      effect: { change: number; method: string };
      campaign: { municipality: string; topic: string; from: string };
    };
    expect(api.campaign).toMatchObject({ municipality: TOWN.code, topic: 'heating', from: '2023-09-01' });
    expect(api.effect.method).toBe('controls');
    expect(e.effect.change).toBe(api.effect.change);
    const pctText = `${api.effect.change > 0 ? '+' : api.effect.change < 0 ? '−' : ''}${Math.abs(Math.round(api.effect.change * 100))}%`;
    expect(await page.locator('#planner-effect').textContent()).toContain(pctText);
    await page.locator('#planner-effect-chart canvas').waitFor();
    const win = (after.planner as NonNullable<PlannerPageState['planner']>).effectBoxes.find(
      (b) => b.id === 'window',
    );
    expect(win && win.rightPx - win.leftPx).toBeGreaterThan(10);

    // Opened again (here: the topic re-chosen), the card shows the campaign registered before, from the store.
    const loads = after.plannerLoads;
    await page.evaluate(() => {
      const s = (window as unknown as { __vsplesk: PlannerPageState }).__vsplesk;
      if (s.planner) s.planner.effect = null;
      const text = document.querySelector('#planner-effect');
      if (text) text.textContent = '';
      document.querySelector('#planner-topic')?.dispatchEvent(new Event('change'));
    });
    await page.waitForFunction(
      (n) => (window as unknown as { __vsplesk: PlannerPageState }).__vsplesk.plannerLoads > n,
      loads,
      { timeout: 30_000 },
    );
    const reopened = (await page.evaluate(st)) as PlannerPageState;
    expect(reopened.planner?.effect?.campaign.id).toBe(e.campaign.id);
    expect(await page.locator('#planner-effect').textContent()).toContain(pctText);

    if (process.env.VSPLESK_PLANNER_SCREENSHOT) {
      mkdirSync(dirname(process.env.VSPLESK_PLANNER_SCREENSHOT), { recursive: true });
      await page.locator('#planner-card').screenshot({ path: process.env.VSPLESK_PLANNER_SCREENSHOT });
    }
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 120_000);
});
