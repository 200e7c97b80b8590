/**
 * The page in a real browser (Debian's Chromium through playwright-core): the chart is drawn from the API, and
 * choosing another municipality loads and draws other data. With VSPLESK_SCREENSHOT=path set, also saves a
 * screenshot there (docs/ui.png for the README).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGazetteer } from '../reference/gazetteer.ts';
import { loadTopics } from '../reference/topics.ts';
import { buildApi } from '../serve/api.ts';
import { openStore, type Store } from '../store/index.ts';
import { EKB, monthBatch, NTAGIL } from '../store/test-records.ts';

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

beforeAll(async () => {
  expect(existsSync(CHROMIUM), `${CHROMIUM} is required for the UI test`).toBe(true);
  store = await openStore(':memory:', { gazetteer, topics });
  await store.writeBatch(monthBatch());
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

  it('serves uPlot CSS from node_modules and the OpenAPI UI', async () => {
    const css = await fetch(`${url}/vendor/uplot/uPlot.min.css`);
    expect(css.status).toBe(200);
    expect(await css.text()).toContain('.uplot');
    const docs = await fetch(`${url}/docs`);
    expect(docs.status).toBe(200);
  });
});
