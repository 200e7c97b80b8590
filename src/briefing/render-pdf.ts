/**
 * The briefing's HTML printed to PDF by headless Chromium (Debian's, through playwright-core: never a downloaded
 * browser; scripts/ensure-chromium.sh installs it). A4, the page's own @page margins, backgrounds printed.
 */
import { chromium } from 'playwright-core';
import { createSerialQueue } from '../store/serial-queue.ts';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

export async function renderPdf(html: string, o: { chromiumPath?: string } = {}): Promise<Buffer> {
  const browser = await chromium.launch({
    executablePath: o.chromiumPath ?? DEFAULT_CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  try {
    const page = await browser.newPage({ javaScriptEnabled: false });
    // The page holds no external asset; refuse any request so a bug cannot make the renderer fetch one.
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true });
  } finally {
    await browser.close();
  }
}

/**
 * A printer for a server: one Chromium at a time, requests queued in order — a burst of PDF requests (600 a minute
 * pass the rate limit) must not start a browser each at once. `print` is the one-shot renderer (tests inject one).
 */
export function createPdfPrinter(
  o: { chromiumPath?: string; print?: (html: string) => Promise<Buffer> } = {},
): (html: string) => Promise<Buffer> {
  const queue = createSerialQueue();
  const print =
    o.print ?? ((html: string) => renderPdf(html, o.chromiumPath ? { chromiumPath: o.chromiumPath } : {}));
  return (html) => queue.run(() => print(html));
}

/**
 * Pages of a PDF: the /Count of its page tree's root, which Chromium (Skia) writes uncompressed; falls back to
 * counting page objects (`/Type /Page`, not `/Pages`).
 */
export function pdfPageCount(pdf: Uint8Array): number {
  const text = Buffer.from(pdf).toString('latin1');
  const root =
    /\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)/.exec(text) ??
    /\/Count\s+(\d+)[^>]*?\/Type\s*\/Pages\b/.exec(text);
  if (root) return Number(root[1]);
  return (text.match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
}
