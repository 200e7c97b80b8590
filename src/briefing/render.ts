/** One entry for the CLI and the API: a Briefing in the requested format. */

import type { RegionDigest } from './region-digest.ts';
import { renderDigestHtml, renderDigestMarkdown } from './render-digest.ts';
import { renderHtml } from './render-html.ts';
import { renderJson } from './render-json.ts';
import { renderMarkdown } from './render-md.ts';
import { renderPdf } from './render-pdf.ts';
import type { Briefing } from './types.ts';

export const BRIEFING_FORMATS = ['html', 'md', 'json', 'pdf'] as const;
export type BriefingFormat = (typeof BRIEFING_FORMATS)[number];

export const CONTENT_TYPES: Readonly<Record<BriefingFormat, string>> = {
  html: 'text/html; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  json: 'application/json; charset=utf-8',
  pdf: 'application/pdf',
};

/** How PDFs are printed: a server's queued printer (createPdfPrinter), else one Chromium for this call. */
export interface PrintOptions {
  chromiumPath?: string;
  pdf?: (html: string) => Promise<Buffer>;
}
const printWith = (o: PrintOptions, html: string) =>
  o.pdf ? o.pdf(html) : renderPdf(html, o.chromiumPath ? { chromiumPath: o.chromiumPath } : {});

export async function renderBriefing(
  b: Briefing,
  format: BriefingFormat,
  o: PrintOptions = {},
): Promise<string | Buffer> {
  switch (format) {
    case 'html':
      return renderHtml(b);
    case 'md':
      return renderMarkdown(b);
    case 'json':
      return renderJson(b);
    case 'pdf':
      return printWith(o, renderHtml(b));
  }
}

/** A region digest in the requested format (PDF: its HTML printed like a briefing's). */
export async function renderRegionDigest(
  d: RegionDigest,
  format: BriefingFormat,
  o: PrintOptions = {},
): Promise<string | Buffer> {
  switch (format) {
    case 'html':
      return renderDigestHtml(d);
    case 'md':
      return renderDigestMarkdown(d);
    case 'json':
      return `${JSON.stringify(d, null, 2)}\n`;
    case 'pdf':
      return printWith(o, renderDigestHtml(d));
  }
}
