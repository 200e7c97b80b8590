/**
 * The region digest's page: the gazetteer's largest region, every row at its longest, prints on one A4 page with
 * every town named; a larger region lists its first DIGEST_PAGE_ROWS and says how many follow (the Markdown keeps
 * them all).
 */
import { describe, expect, it } from 'vitest';
import { loadGazetteer } from '../reference/gazetteer.ts';
import { DIGEST_PAGE_ROWS, moreRowsRu, renderDigestHtml, renderDigestMarkdown } from './render-digest.ts';
import { pdfPageCount, renderPdf } from './render-pdf.ts';
import { fullestDigest } from './test-digest.ts';

const visibleText = (html: string) =>
  html
    .replace(/<style>[\s\S]*?<\/style>/, '')
    .replace(/<title>[\s\S]*?<\/title>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&[a-z]+;|&#\d+;/g, ' ');

describe('the region digest page', () => {
  it('holds the gazetteer’s largest region whole, on exactly one A4 page (Debian Chromium)', async () => {
    const perRegion = new Map<string, number>();
    for (const m of loadGazetteer().all) perRegion.set(m.region, (perRegion.get(m.region) ?? 0) + 1);
    const largest = Math.max(...perRegion.values());
    expect(largest).toBeLessThanOrEqual(DIGEST_PAGE_ROWS);
    const d = fullestDigest(largest);
    const html = renderDigestHtml(d);
    expect(html.match(/<tr( class="severe")?><td class="num">/g)).toHaveLength(largest);
    expect(html).not.toContain('и ещё');
    expect(pdfPageCount(await renderPdf(html))).toBe(1);
  });

  it('cuts a larger region after DIGEST_PAGE_ROWS rows with a line saying how many follow, still one page', async () => {
    const d = fullestDigest(DIGEST_PAGE_ROWS + 21);
    // Of the 21 below the cut, 20 have no open alert.
    d.rows = d.rows.map((r, i) =>
      i > DIGEST_PAGE_ROWS ? { ...r, openCritical: 0, openHigh: 0, openNormal: 0 } : r,
    );
    const html = renderDigestHtml(d);
    expect(html.match(/<tr( class="severe")?><td class="num">/g)).toHaveLength(DIGEST_PAGE_ROWS);
    expect(visibleText(html)).toContain(
      'и ещё 21 муниципалитет (из них 1 с открытыми инцидентами) — все строки в текстовой версии сводки',
    );
    expect(moreRowsRu(d.rows.slice(-3))).toBe(
      'и ещё 3 муниципалитета — все строки в текстовой версии сводки',
    );
    expect(renderDigestMarkdown(d).match(/^\| \d+ \|/gm)).toHaveLength(DIGEST_PAGE_ROWS + 21);
    expect(pdfPageCount(await renderPdf(html))).toBe(1);
  });

  it('says, as the town briefing does, how many messages of the previous digest’s day came after it was sent', () => {
    const d = fullestDigest(3);
    const line = 'После отправки прошлой сводки за 5 декабря пришло ещё 12\u00a0345 обращений.';
    expect(visibleText(renderDigestHtml(d))).toContain(line);
    expect(renderDigestMarkdown(d)).toContain(`_${line}_`);
    expect(renderDigestHtml({ ...d, late: null })).not.toContain('прошлой сводки');
    expect(renderDigestMarkdown({ ...d, late: null })).not.toContain('прошлой сводки');
  });

  it('leaves no English in what an analyst reads (Latin only in «UTC»)', () => {
    const html = renderDigestHtml(fullestDigest(DIGEST_PAGE_ROWS + 1));
    expect(
      (
        visibleText(html)
          .replace(/UTC/g, '')
          .match(/[A-Za-z]+/g) ?? []
      ).join(' '),
    ).toBe('');
  });
});
