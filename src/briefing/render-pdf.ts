/**
 * The briefing's HTML printed to PDF by headless Chromium (Debian's, through playwright-core: never a downloaded
 * browser; scripts/ensure-chromium.sh installs it). A4, the page's own @page margins, backgrounds printed.
 */
import { chromium } from 'playwright-core';

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
