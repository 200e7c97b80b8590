/**
 * The page in a real browser (Debian's Chromium through playwright-core): the chart is drawn from the API, and
 * choosing another municipality loads and draws other data; the incidents panel lists the alerts, shows one with
 * its messages (untrusted text stays text) and posts an analyst's verdict. With VSPLESK_SCREENSHOT=path set, also
 * saves a screenshot there (docs/ui.png for the README).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Alert, AlertTracker } from '../detect/alerts.ts';
import { loadGazetteer } from '../reference/gazetteer.ts';
import { loadTopics } from '../reference/topics.ts';
import { buildApi } from '../serve/api.ts';
import { openStore, type Store } from '../store/index.ts';
import { doc, EKB, monthBatch, NTAGIL } from '../store/test-records.ts';
import type { WriteBatch } from '../store/types.ts';

const CHROMIUM = '/usr/bin/chromium';
const gazetteer = loadGazetteer();
const topics = loadTopics();
let store: Store;
let app: FastifyInstance;
let browser: Browser;
let url: string;

interface PageState {
  loads: number;
  error: string | null;
  series: { municipality: string; x: number[]; count: number[]; anomalies: unknown[] } | null;
}
/** The page's state for tests (src/ui/app.ts sets window.__vsplesk). */
const pageState = () => (window as unknown as { __vsplesk: PageState }).__vsplesk;

interface AlertsState {
  loads: number;
  alerts: { total: number; ids: string[] } | null;
  alert: {
    id: string;
    samples: { text: string }[];
    feedback: { label: string; note: string | null }[];
  } | null;
  feedbackPosts: number;
}
const alertsState = () => (window as unknown as { __vsplesk: AlertsState }).__vsplesk;

/** A message text with markup (untrusted input): the page must show it as text, never as elements. */
const HTML_TEXT = '<img src=x onerror="window.__injected=1"><b id="injected">Нет отопления</b> & кипяток';
const SNOW_CAUSE = { id: 'weather:snowfall', kind: 'weather', label: 'Сильный снегопад по прогнозу' };

/**
 * monthBatch's anomalies merged into alerts the way the pipeline does (detect/alerts.ts AlertTracker): the
 * Нижний Тагил snow spike (day 9, with a known cause, closed by the time of the second) and the Екатеринбург
 * heating spike (day 20, still open); plus a message with markup inside the heating spike.
 */
function withAlerts(batch: WriteBatch): WriteBatch {
  const tracker = new AlertTracker();
  const latest = new Map<string, Alert>();
  for (const a of [...batch.anomalies].sort((x, y) => x.startMs - y.startMs)) {
    for (const closed of tracker.advance(a.startMs)) latest.set(closed.id, closed);
    const cause = a.municipality === NTAGIL && a.topic === 'snow_ice' ? SNOW_CAUSE : undefined;
    const alert = tracker.observe(a, { region: '66', cause });
    latest.set(alert.id, alert);
  }
  const heating = [...latest.values()].find((x) => x.municipality === EKB && x.topic === 'heating');
  if (!heating) throw new Error('monthBatch has no heating spike in Екатеринбург');
  const markup = doc({
    eventTimeMs: heating.startMs + 30_000,
    municipalityCode: EKB,
    topic: 'heating',
    text: HTML_TEXT,
  });
  return { ...batch, messages: [...batch.messages, markup], alerts: [...latest.values()] };
}

beforeAll(async () => {
  expect(existsSync(CHROMIUM), `${CHROMIUM} is required for the UI test`).toBe(true);
  store = await openStore(':memory:', { gazetteer, topics });
  await store.writeBatch(withAlerts(monthBatch()));
  app = buildApi({ store, gazetteer, topics });
  url = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await store?.close();
});

describe('UI', () => {
  it('draws the series and redraws it for another municipality', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1100 }, locale: 'ru-RU' });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${url}/?region=66&municipality=${EKB}&topic=heating`);

    await page.waitForSelector('#chart canvas');
    await page.waitForFunction(
      () => ((window as unknown as { __vsplesk?: PageState }).__vsplesk?.loads ?? 0) >= 1,
    );
    const first = await page.evaluate(pageState);
    expect(first.error).toBeNull();
    expect(first.series?.municipality).toBe(EKB);
    expect(first.series?.x.length).toBe(30);
    expect(first.series?.anomalies.length).toBeGreaterThan(0);
    const firstTotal = first.series?.count.reduce((a, b) => a + b, 0) ?? 0;
    expect(firstTotal).toBeGreaterThan(0);

    // Something was drawn: the plot canvas has non-blank pixels.
    const inked = await page.evaluate(() => {
      const c = document.querySelector('#chart canvas') as HTMLCanvasElement;
      const d = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? new Uint8ClampedArray();
      let n = 0;
      for (let i = 3; i < d.length; i += 4) if ((d[i] ?? 0) > 0) n++;
      return { width: c.width, height: c.height, inked: n };
    });
    expect(inked.width).toBeGreaterThan(300);
    expect(inked.inked).toBeGreaterThan(500);

    // Tables filled, text escaped into cells.
    await expect.poll(() => page.locator('#top-municipalities tbody tr').count()).toBe(4);
    expect(
      await page.locator('#top-municipalities tbody tr').first().locator('td').first().textContent(),
    ).toBe('Екатеринбург');
    expect(await page.locator('#anomalies tbody tr[data-id]').count()).toBeGreaterThan(0);
    await expect.poll(() => page.locator('#chart').getAttribute('data-municipality')).toBe(EKB);

    if (process.env.VSPLESK_SCREENSHOT) {
      mkdirSync(dirname(process.env.VSPLESK_SCREENSHOT), { recursive: true });
      await page.screenshot({ path: process.env.VSPLESK_SCREENSHOT, fullPage: true });
    }

    // Choose another municipality: the chart's data changes.
    await page.selectOption('#municipality', NTAGIL);
    await page.waitForFunction(
      (code) => (window as unknown as { __vsplesk: PageState }).__vsplesk.series?.municipality === code,
      NTAGIL,
    );
    const second = await page.evaluate(pageState);
    const secondTotal = second.series?.count.reduce((a, b) => a + b, 0) ?? 0;
    expect(second.loads).toBeGreaterThan(first.loads);
    expect(secondTotal).toBeGreaterThan(0);
    expect(secondTotal).not.toBe(firstTotal);
    expect(await page.locator('#chart').getAttribute('data-municipality')).toBe(NTAGIL);
    expect(await page.locator('#chart-title').textContent()).toContain('Нижний Тагил');
    expect(await page.locator('#chart canvas').count()).toBeGreaterThan(0);

    // Per-capita toggle re-renders the same selection as rates.
    await page.check('#per-capita');
    await page.waitForFunction(() => (window as unknown as { __vsplesk: PageState }).__vsplesk.loads >= 3);
    expect(await page.locator('#chart-title').textContent()).toContain('на 100 тыс.');

    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('lists the incidents, shows one with its messages as text and posts a verdict', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1100 }, locale: 'ru-RU' });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${url}/?region=66`);
    await page.waitForFunction(
      () => ((window as unknown as { __vsplesk?: AlertsState }).__vsplesk?.loads ?? 0) >= 1,
    );

    // The table: both alerts, newest first, with severity, response time, status and the known cause.
    const listed = await page.evaluate(alertsState);
    expect(listed.alerts?.total).toBe(2);
    const rows = page.locator('#alerts tbody tr[data-id]');
    expect(await rows.count()).toBe(2);
    expect(await page.locator('#alerts-total').textContent()).toBe('(2)');
    const heating = rows.nth(0);
    expect(await heating.getAttribute('data-id')).toMatch(new RegExp(`^${EKB}:heating:`));
    const heatingCells = await heating.locator('td').allTextContents();
    expect(heatingCells[0]).toMatch(/критическая|высокая/);
    expect(heatingCells.slice(1, 3)).toEqual(['Екатеринбург', 'Отопление']);
    expect(heatingCells[3]).toMatch(/^30\.01\.2026, \d\d:00$/);
    expect(heatingCells[4]).toMatch(/^(1 ч|4 ч)$/);
    expect(heatingCells[5]).toBe('открыт');
    expect(heatingCells[6]).toBe('');
    const snowCells = await rows.nth(1).locator('td').allTextContents();
    expect(snowCells[1]).toBe('Нижний Тагил');
    expect(snowCells[5]).toBe('закрыт');
    expect(snowCells[6]).toBe(`ожидаемо: ${SNOW_CAUSE.label}`);
    expect(await page.locator('#alerts tbody tr.expected').count()).toBe(1);

    // Its detail: flagged windows, peak, up to five messages; the markup one is text, nothing injected.
    await heating.click();
    await page.waitForFunction(
      () => (window as unknown as { __vsplesk: AlertsState }).__vsplesk.alert !== null,
    );
    const shown = await page.evaluate(alertsState);
    expect(shown.alert?.id).toBe(await heating.getAttribute('data-id'));
    expect(shown.alert?.feedback).toEqual([]);
    const detail = page.locator('#alert-detail');
    expect(await detail.locator('.facts').textContent()).toMatch(
      /окон со всплеском: \d+ · пик: \d+ при ожидании/,
    );
    const samples = detail.locator('blockquote .sample-text');
    expect(await samples.count()).toBeGreaterThanOrEqual(3);
    expect(await samples.count()).toBeLessThanOrEqual(5);
    expect(await samples.allTextContents()).toContain(HTML_TEXT);
    expect(await detail.locator('img, b, #injected').count()).toBe(0);
    expect(await page.locator('#injected').count()).toBe(0);
    expect(
      await page.evaluate(() => (window as unknown as { __injected?: number }).__injected),
    ).toBeUndefined();
    expect(await detail.locator('#alert-feedback li').textContent()).toBe('Оценок пока нет');

    // «Шум» with a note: posted (201), then listed without reloading, and stored.
    await page.fill('#alert-note', 'дубли одного поста');
    const [posted] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/feedback') && r.request().method() === 'POST'),
      detail.getByRole('button', { name: 'Шум' }).click(),
    ]);
    expect(posted.status()).toBe(201);
    await page.waitForFunction(
      () => (window as unknown as { __vsplesk: AlertsState }).__vsplesk.feedbackPosts === 1,
    );
    const verdict = detail.locator('#alert-feedback li[data-label="noise"]');
    expect(await verdict.count()).toBe(1);
    expect(await verdict.textContent()).toMatch(/^Шум · \d\d\.\d\d\.\d{4}, \d\d:\d\d · дубли одного поста$/);
    expect(await page.locator('#alert-note').inputValue()).toBe('');
    const after = await page.evaluate(alertsState);
    expect(after.loads).toBe(listed.loads);
    const id = after.alert?.id ?? '';
    const stored = (await (await fetch(`${url}/api/alerts/${encodeURIComponent(id)}`)).json()) as {
      feedback: { label: string; note: string | null }[];
    };
    expect(stored.feedback.map((f) => [f.label, f.note])).toEqual([['noise', 'дубли одного поста']]);

    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('serves uPlot CSS from node_modules and the OpenAPI UI', async () => {
    const css = await fetch(`${url}/vendor/uplot/uPlot.min.css`);
    expect(css.status).toBe(200);
    expect(await css.text()).toContain('.uplot');
    const docs = await fetch(`${url}/docs`);
    expect(docs.status).toBe(200);
  });
});
