/**
 * The briefing against the API, on a store built by the real pipeline from a generated stream: every number of
 * the briefing of the busiest day of Екатеринбург equals what /api/series, /api/top and /api/alerts return for
 * the same local day; a head's token reads its own town's briefing and no other; the formats are negotiated; the
 * PDF of that day is one A4 page.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import defaultPipeline from '../../pipelines/default.ts';
import { pdfPageCount } from '../briefing/index.ts';
import { addDays, localDay } from '../briefing/local-day.ts';
import type { Briefing } from '../briefing/types.ts';
import { fixedClock } from '../clock.ts';
import { normalizePipeline } from '../config.ts';
import { runPipeline } from '../pipeline/run.ts';
import { loadGazetteer } from '../reference/gazetteer.ts';
import { loadTopics } from '../reference/topics.ts';
import { generateStream } from '../source/generator/index.ts';
import { openStore, type Store } from '../store/index.ts';
import { EKB, KAMENSK, KAZAN, NTAGIL } from '../store/test-records.ts';
import { openTokenStore, validateNewToken } from '../store/tokens.ts';
import { buildApi } from './api.ts';
import { formatOf } from './routes/briefings.ts';

const dir = mkdtempSync(join(tmpdir(), 'vsplesk-briefing-'));
const gazetteer = loadGazetteer();
const topics = loadTopics();
const CHROMIUM = '/usr/bin/chromium';
const places = {
  regionOf: (code: string) => gazetteer.byCode(code)?.region,
  hasRegion: (r: string) => gazetteer.regions().some((x) => x.code === r),
};
const PERM = '57701000'; // Пермь, region 57: another region's city

let store: Store;
let app: FastifyInstance;
const bearer: Record<string, string> = {};
/**
 * The briefings compared: the busiest local day of Екатеринбург with four weeks of data before it (a norm to
 * compare with), and the town and day with the most incidents first detected that day (so alerts are compared).
 */
interface Case {
  what: string;
  code: string;
  date: string;
  b: Briefing;
}
const cases: Case[] = [];
let busiest: string;
let b: Briefing;

const get = async (who: string, url: string, headers: Record<string, string> = {}) => {
  const res = await app.inject({
    method: 'GET',
    url,
    headers: { authorization: `Bearer ${bearer[who]}`, ...headers },
  });
  return res;
};
const json = async (url: string) => {
  const res = await get('admin', url);
  expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
  return res.json();
};

beforeAll(async () => {
  const gen = generateStream({
    days: 45,
    municipalities: 8,
    seed: 11,
    startDate: '2025-01-01',
    include: [EKB, NTAGIL, KAMENSK, KAZAN],
    incidents: 40,
  });
  const lines: string[] = [];
  for (const r of gen.records) lines.push(r.line);
  const file = join(dir, 'stream.ndjson');
  writeFileSync(file, `${lines.join('\n')}\n`);
  store = await openStore(':memory:', { gazetteer, topics });
  await runPipeline(
    normalizePipeline(defaultPipeline),
    { kind: 'file', path: file },
    { store, gazetteer, clock: fixedClock(Date.parse('2025-03-01T00:00:00Z')) },
  );
  const tokens = await openTokenStore(store, { clock: fixedClock(Date.parse('2025-03-01T00:00:00Z')) });
  const make = async (t: Parameters<typeof validateNewToken>[0]) =>
    (await tokens.create(validateNewToken(t, places))).token;
  bearer.admin = await make({ role: 'admin' });
  bearer.head = await make({ role: 'head', municipality: EKB });
  bearer.analyst66 = await make({ role: 'analyst', region: '66' });
  bearer.analyst16 = await make({ role: 'analyst', region: '16' });
  bearer.planner = await make({ role: 'planner', region: '66' });
  app = buildApi(
    {
      store,
      gazetteer,
      topics,
      auth: { mode: 'tokens', tokens },
      clock: fixedClock(Date.parse('2025-03-01T00:00:00Z')),
      ui: false,
    },
    { limits: { rateMax: 0 } },
  );
  await app.ready();

  const s = await json(`/api/series?municipality=${EKB}&bucket=day&from=2025-01-29&to=2025-02-13`);
  const counts = s.count as number[];
  const best = counts.indexOf(Math.max(...counts));
  busiest = addDays('2025-01-29', best);
  const res = await get('admin', `/api/briefings/${EKB}?date=${busiest}&format=json`);
  expect(res.statusCode, res.body).toBe(200);
  b = res.json();
  cases.push({ what: 'busiest day of Екатеринбург', code: EKB, date: busiest, b });

  const alerts = await json('/api/alerts?from=2025-01-29&to=2025-02-13&expected=0&limit=1000');
  const perDay = new Map<string, number>();
  for (const a of alerts.items as { municipality: string; firstDetectedAtMs: number }[]) {
    const m = gazetteer.byCode(a.municipality);
    if (!m) continue;
    const key = `${m.code} ${new Date(a.firstDetectedAtMs + m.utcOffsetMin * 60_000).toISOString().slice(0, 10)}`;
    perDay.set(key, (perDay.get(key) ?? 0) + 1);
  }
  const [top] = [...perDay].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1));
  const [code, date] = (top?.[0] ?? '').split(' ') as [string, string];
  const r2 = await get('admin', `/api/briefings/${code}?date=${date}&format=json`);
  expect(r2.statusCode, r2.body).toBe(200);
  cases.push({ what: `most incidents (${code}, ${date})`, code, date, b: r2.json() });
}, 300_000);

afterAll(async () => {
  await app?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

const isoUtc = (ms: number) => new Date(ms).toISOString();

describe('every number of the briefing equals the API’s for the same day', () => {
  const offsetOf = (c: Case) => gazetteer.byCode(c.code)?.utcOffsetMin ?? 0;
  const regionOf = (c: Case) => gazetteer.byCode(c.code)?.region ?? '';

  it('messages, authors, per 10,000 and the weekday norm: /api/series?bucket=day', async () => {
    for (const { what, code, date, b } of cases) {
      expect(b.date, what).toBe(date);
      expect(b.volume.count, what).toBeGreaterThan(0);
      const from = addDays(date, -28);
      const s = await json(`/api/series?municipality=${code}&bucket=day&from=${from}&to=${date}`);
      const counts = s.count as number[];
      expect(counts).toHaveLength(29);
      expect(b.volume.count, what).toBe(counts[28]);
      expect(b.volume.authors, what).toBe(s.uniqueAuthors[28]);
      expect(b.volume.per10k, what).toBeCloseTo((counts[28] as number) * (10_000 / s.population), 10);
      const weekdays = [0, 7, 14, 21].map((i) => counts[i] as number);
      expect(
        b.volume.normDays.map((d) => d.count),
        what,
      ).toEqual(weekdays);
      expect(b.volume.normDays.map((d) => d.date)).toEqual([0, 7, 14, 21].map((i) => addDays(from, i)));
      expect(b.volume.norm, what).toBe(weekdays.reduce((x, y) => x + y, 0) / 4);
    }
  });

  it('the rank among comparable towns, with its interval: /api/top?by=municipality&sort=shrunk', async () => {
    for (const c of cases) {
      const d = localDay(c.date, offsetOf(c));
      const top = await json(
        `/api/top?by=municipality&region=${regionOf(c)}&from=${isoUtc(d.fromMs)}&to=${isoUtc(d.toMs)}&sort=shrunk&limit=500`,
      );
      type Row = { key: string; count: number; population: number; shrunk?: number } & Record<string, number>;
      const rows = (top.rows as Row[]).filter((r) => r.shrunk !== undefined);
      const own = rows.find((r) => r.key === c.code) as Row;
      expect(c.b.rank, c.what).not.toBeNull();
      const rank = c.b.rank as NonNullable<Briefing['rank']>;
      for (const k of ['shrunk', 'shrunkLow', 'shrunkHigh', 'per10k', 'low', 'high'] as const)
        expect(rank[k], `${c.what} ${k}`).toBe(own[k]);
      const near = rows.filter(
        (r) => r.population >= own.population / 3 && r.population <= own.population * 3,
      );
      const pool = near.length >= 3 ? near : rows;
      expect(rank.of, c.what).toBe(pool.length);
      expect(rank.position, c.what).toBe(pool.findIndex((r) => r.key === c.code) + 1);
      const sum = (f: (r: Row) => number) => rows.reduce((s, r) => s + f(r), 0);
      expect(rank.regionPer10k).toBeCloseTo((sum((r) => r.count) * 10_000) / sum((r) => r.population), 3);
    }
  });

  it('the topics that rose, with their norms: /api/top?by=topic on the day and the four same weekdays before', async () => {
    for (const c of cases) {
      const countsOn = async (date: string) => {
        const d = localDay(date, offsetOf(c));
        const r = await json(
          `/api/top?by=topic&municipality=${c.code}&from=${isoUtc(d.fromMs)}&to=${isoUtc(d.toMs)}&limit=100`,
        );
        return new Map((r.rows as { key: string; count: number }[]).map((x) => [x.key, x.count]));
      };
      const today = await countsOn(c.date);
      const weeks = await Promise.all([28, 21, 14, 7].map((n) => countsOn(addDays(c.date, -n))));
      const normOf = (k: string) => weeks.reduce((s, w) => s + (w.get(k) ?? 0), 0) / 4;
      for (const t of c.b.topics.items) {
        expect(t.count, `${c.what} ${t.topic}`).toBe(today.get(t.topic));
        expect(t.norm, `${c.what} ${t.topic}`).toBe(normOf(t.topic));
      }
      // Every topic that rose by ≥ 2 is listed or counted in «и ещё N».
      const rising = [...today].filter(([k, n]) => n - normOf(k) >= 2).length;
      expect(c.b.topics.items.length + c.b.topics.more, c.what).toBe(rising);
    }
    expect(cases.some((c) => c.b.topics.items.length > 0)).toBe(true);
  });

  it('alerts new, open and closed overnight, severity and respond-by: /api/alerts for the day and night', async () => {
    type Item = {
      id: string;
      severity: string;
      respondWithinMin: number;
      startMs: number;
      endMs: number;
      firstDetectedAtMs: number;
      closedAtMs: number | null;
      peakObserved: number;
      peakExpected: number;
      expected: boolean;
    };
    for (const c of cases) {
      const d = localDay(c.date, offsetOf(c));
      // From a week before the day: an alert still open may have flagged its last window before the day began.
      const res = await json(
        `/api/alerts?municipality=${c.code}&from=${isoUtc(d.fromMs - 7 * 86_400_000)}&to=${isoUtc(d.morningMs)}&limit=1000`,
      );
      const items = res.items as Item[];
      const byId = new Map(items.map((a) => [a.id, a]));
      // The rule of docs/briefing.md, restated: known at 07:00, not explained by a known cause, and open at
      // 07:00 or closed since 00:00 of the day.
      const listed = items.filter(
        (a) =>
          !a.expected &&
          a.firstDetectedAtMs < d.morningMs &&
          (a.closedAtMs === null || a.closedAtMs >= d.fromMs),
      );
      expect(c.b.alerts.items.length + c.b.alerts.more, c.what).toBe(listed.length);
      expect(c.b.alerts.items.length).toBe(Math.min(5, listed.length));
      for (const a of c.b.alerts.items) {
        const api = byId.get(a.id) as Item;
        expect(api, a.id).toBeDefined();
        for (const k of [
          'severity',
          'respondWithinMin',
          'startMs',
          'endMs',
          'firstDetectedAtMs',
          'closedAtMs',
          'peakObserved',
          'peakExpected',
        ] as const)
          expect(a[k], `${a.id} ${k}`).toBe(api[k]);
        expect(a.respondByMs).toBe(api.firstDetectedAtMs + api.respondWithinMin * 60_000);
        const state =
          api.closedAtMs !== null && api.closedAtMs < d.morningMs
            ? 'closed'
            : api.firstDetectedAtMs >= d.fromMs
              ? 'new'
              : 'open';
        expect(a.state, a.id).toBe(state);
      }
      // Ranked by severity first: no alert left out is more severe than one shown.
      const rank = { critical: 0, high: 1, normal: 2 } as Record<string, number>;
      const worstShown = Math.max(...c.b.alerts.items.map((a) => rank[a.severity] as number));
      for (const h of listed.filter((a) => !c.b.alerts.items.some((x) => x.id === a.id)))
        expect(rank[h.severity]).toBeGreaterThanOrEqual(worstShown);
    }
    expect(cases.some((c) => c.b.alerts.items.length > 0)).toBe(true);
  });

  it('each leading topic’s 30 days: /api/series?bucket=day&topic=', async () => {
    for (const c of cases) {
      expect(c.b.series.length, c.what).toBeGreaterThan(0);
      for (const s of c.b.series) {
        const api = await json(
          `/api/series?municipality=${c.code}&topic=${s.topic}&bucket=day&from=${addDays(c.date, -29)}&to=${c.date}`,
        );
        expect(s.counts, `${c.what} ${s.topic}`).toEqual(api.count);
        expect(s.dates[s.dates.length - 1]).toBe(c.date);
      }
    }
  });
});

describe('access and formats', () => {
  it("a head's token reads its own town's briefing and no other; an analyst its region's", async () => {
    const url = (code: string) => `/api/briefings/${code}?date=${busiest}&format=json`;
    expect((await get('head', url(EKB))).statusCode).toBe(200);
    const other = await get('head', url(NTAGIL));
    expect(other.statusCode).toBe(403);
    expect(other.json().error).toBe('VSP_SERVE_FORBIDDEN');
    expect((await get('head', url(KAZAN))).statusCode).toBe(403);
    expect((await get('analyst66', url(NTAGIL))).statusCode).toBe(200);
    expect((await get('analyst66', url(KAZAN))).statusCode).toBe(403);
    expect((await get('analyst16', url(KAZAN))).statusCode).toBe(200);
    expect((await get('analyst16', url(PERM))).statusCode).toBe(403);
    // The planner reads no residents' messages, and a briefing quotes them.
    expect((await get('planner', url(EKB))).statusCode).toBe(403);
    const none = await app.inject({ method: 'GET', url: url(EKB) });
    expect(none.statusCode).toBe(401);
    expect((await get('admin', url('99999999'))).statusCode).toBe(404);
    expect((await get('admin', `/api/briefings/${EKB}?date=2025-02-30`)).statusCode).toBe(400);
  });

  it('serves the format of ?format=, else of Accept', async () => {
    const html = await get('admin', `/api/briefings/${EKB}?date=${busiest}`, { accept: 'text/html' });
    expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(html.body).toContain('<svg');
    expect(html.body).toContain(String(b.volume.count));
    const md = await get('admin', `/api/briefings/${EKB}?date=${busiest}&format=md`, { accept: 'text/html' });
    expect(md.headers['content-type']).toBe('text/markdown; charset=utf-8');
    expect(md.body.startsWith('# Утренняя сводка: Екатеринбург')).toBe(true);
    const dflt = await get('admin', `/api/briefings/${EKB}?date=${busiest}`);
    expect(dflt.json().date).toBe(busiest);
    expect(formatOf(undefined, 'text/html;q=0.5, application/pdf')).toBe('pdf');
    // The OpenAPI document lists both routes with their formats.
    const spec = (await app.inject({ method: 'GET', url: '/docs/json' })).json();
    const route = spec.paths['/api/briefings/{municipality}'].get;
    expect(Object.keys(route.responses['200'].content).sort()).toEqual([
      'application/json',
      'application/pdf',
      'text/html',
      'text/markdown',
    ]);
    expect(spec.paths['/api/briefings/regions/{region}']).toBeDefined();
    expect(formatOf(undefined, 'image/png, */*')).toBe('json');
    expect(formatOf('md', 'application/pdf')).toBe('md');
  });

  it('defaults to the last whole day of data when the data end before yesterday', async () => {
    const res = await get('admin', `/api/briefings/${EKB}`);
    expect(res.statusCode).toBe(200);
    const range = await store.dataRange();
    const last = new Date((range?.toMs ?? 0) + 300 * 60_000).toISOString().slice(0, 10);
    expect(res.json().date).toBe(addDays(last, -1));
  });

  it('prints the busiest day on exactly one A4 page (Debian Chromium)', async () => {
    expect(await import('node:fs').then((fs) => fs.existsSync(CHROMIUM)), `${CHROMIUM} is required`).toBe(
      true,
    );
    const res = await get('admin', `/api/briefings/${EKB}?date=${busiest}&format=pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdfPageCount(pdf)).toBe(1);
    // A4 portrait is 595.28 × 841.89 points; Chromium rounds to whole CSS pixels (595.92 × 842.88).
    const box = /\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(pdf.toString('latin1'));
    expect(Math.abs(Number(box?.[1]) - 595.28)).toBeLessThan(1.5);
    expect(Math.abs(Number(box?.[2]) - 841.89)).toBeLessThan(1.5);
  });

  it('saves a picture of a briefing for the README when VSPLESK_BRIEFING_SCREENSHOT names a file', async () => {
    // The town and day with the most incidents: a page with something in every section it can fill.
    const c = cases[1] as Case;
    const html = (await get('admin', `/api/briefings/${c.code}?date=${c.date}&format=html`)).body;
    expect(html).toContain('<h2>Инциденты</h2><ul>');
    const path = process.env.VSPLESK_BRIEFING_SCREENSHOT;
    if (!path) return;
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage({
        viewport: { width: 794, height: 1123 },
        javaScriptEnabled: false,
      });
      await page.emulateMedia({ media: 'print' });
      await page.setContent(html);
      await page.screenshot({ path, fullPage: false });
    } finally {
      await browser.close();
    }
  });
});

describe('the region digest', () => {
  it('lists every monitored town of the region with its day’s count (/api/top) and open alerts (/api/alerts), most attention first', async () => {
    // A region and day with an alert still open at 07:00 the next morning (so open alerts are compared).
    const all = await json('/api/alerts?expected=0&limit=1000');
    let c: { code: string; date: string } | undefined;
    for (const a of all.items as {
      municipality: string;
      firstDetectedAtMs: number;
      closedAtMs: number | null;
    }[]) {
      const off = gazetteer.byCode(a.municipality)?.utcOffsetMin ?? 0;
      const detected = new Date(a.firstDetectedAtMs + off * 60_000).toISOString().slice(0, 10);
      for (const date of [addDays(detected, -1), detected]) {
        const morning = localDay(date, off).morningMs;
        if (
          c === undefined &&
          a.firstDetectedAtMs < morning &&
          (a.closedAtMs === null || a.closedAtMs >= morning)
        )
          c = { code: a.municipality, date };
      }
    }
    expect(c, 'an alert open at 07:00').toBeDefined();
    const { code, date } = c as { code: string; date: string };
    const region = gazetteer.byCode(code)?.region as string;
    const res = await get('admin', `/api/briefings/regions/${region}?date=${date}&format=json`);
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json() as import('../briefing/index.ts').RegionDigest;
    const towns = (await json(`/api/municipalities?region=${region}`)) as {
      code: string;
      population: number;
    }[];
    expect(d.rows.map((r) => r.code).sort()).toEqual(
      towns
        .filter((t) => t.population > 0)
        .map((t) => t.code)
        .sort(),
    );
    for (const r of d.rows) {
      const day = localDay(date, r.utcOffsetMin);
      const top = await json(
        `/api/top?by=municipality&region=${region}&from=${isoUtc(day.fromMs)}&to=${isoUtc(day.toMs)}&limit=500`,
      );
      expect(r.count, r.name).toBe(
        (top.rows as { key: string; count: number }[]).find((x) => x.key === r.code)?.count ?? 0,
      );
      const alerts = await json(
        `/api/alerts?municipality=${r.code}&from=${isoUtc(day.fromMs - 7 * 86_400_000)}&to=${isoUtc(day.morningMs)}&expected=0&limit=1000`,
      );
      const open = (
        alerts.items as { severity: string; firstDetectedAtMs: number; closedAtMs: number | null }[]
      ).filter(
        (a) =>
          a.firstDetectedAtMs < day.morningMs && (a.closedAtMs === null || a.closedAtMs >= day.morningMs),
      );
      expect([r.openCritical, r.openHigh, r.openNormal], r.name).toEqual(
        ['critical', 'high', 'normal'].map((s) => open.filter((a) => a.severity === s).length),
      );
    }
    // Most attention first: (open critical, open high, unexplained rise per 10,000) never increases down the list.
    const key = (x: (typeof d.rows)[number]) => [x.openCritical, x.openHigh, x.unexplainedRisePer10k];
    for (let i = 1; i < d.rows.length; i++) {
      const [ka, kb] = [
        key(d.rows[i - 1] as (typeof d.rows)[number]),
        key(d.rows[i] as (typeof d.rows)[number]),
      ];
      const first = ka.findIndex((v, j) => v !== kb[j]);
      if (first >= 0) expect(ka[first], `row ${i}`).toBeGreaterThan(kb[first] as number);
    }
    expect(d.rows.some((r) => r.openCritical + r.openHigh + r.openNormal > 0)).toBe(true);
    expect(res.headers['x-briefing-date']).toBe(date);
  });

  it('counts a rise a known event explains as expected, not unexplained', async () => {
    const d0 = (await json(
      `/api/briefings/regions/66?date=${busiest}&format=json`,
    )) as import('../briefing/index.ts').RegionDigest;
    const ekb = d0.rows.find((r) => r.code === EKB);
    expect(ekb?.leadingTopic).not.toBeNull();
    const topic = ekb?.leadingTopic?.topic as string;
    const post = await app.inject({
      method: 'POST',
      url: '/api/calendar',
      headers: { authorization: `Bearer ${bearer.admin}` },
      payload: {
        id: 'digest-test',
        kind: 'road_works',
        label: 'Работы',
        topics: [topic],
        municipality: EKB,
        from: busiest,
        to: busiest,
      },
    });
    expect(post.statusCode, post.body).toBe(201);
    const d1 = (await json(
      `/api/briefings/regions/66?date=${busiest}&format=json`,
    )) as import('../briefing/index.ts').RegionDigest;
    const after = d1.rows.find((r) => r.code === EKB);
    expect(after?.leadingTopic?.topic).not.toBe(topic);
    expect(after?.unexplainedRise).toBeLessThan(ekb?.unexplainedRise as number);
    // The town's own briefing names the event among the day's causes.
    const b1 = (await json(`/api/briefings/${EKB}?date=${busiest}&format=json`)) as Briefing;
    expect(b1.causes.items.map((x) => x.id)).toContain('digest-test');
  });

  it('is for the region’s analysts and planners: a head and another region’s analyst get 403', async () => {
    const url = `/api/briefings/regions/66?date=${busiest}`;
    expect((await get('analyst66', url)).statusCode).toBe(200);
    expect((await get('planner', url)).statusCode).toBe(200);
    expect((await get('head', url)).statusCode).toBe(403);
    expect((await get('analyst16', url)).statusCode).toBe(403);
    expect((await get('admin', '/api/briefings/regions/00')).statusCode).toBe(404);
    const html = await get('analyst66', `${url}&format=html`);
    expect(html.body).toContain('<h1>Сводка по региону: Свердловская обл</h1>');
    const pdf = await get('analyst66', `${url}&format=pdf`);
    expect(pdfPageCount(pdf.rawPayload)).toBe(1);
  });
});
