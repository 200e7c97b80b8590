export { type BriefingDeps, briefingPlace, composeBriefing } from './compose.ts';
export { defaultBriefingDate, isLocalDate } from './local-day.ts';
export { composeRegionDigest, type DigestRow, type RegionDigest } from './region-digest.ts';
export {
  BRIEFING_FORMATS,
  type BriefingFormat,
  CONTENT_TYPES,
  renderBriefing,
  renderRegionDigest,
} from './render.ts';
export { renderHtml } from './render-html.ts';
export { renderJson } from './render-json.ts';
export { renderMarkdown } from './render-md.ts';
export { createPdfPrinter, DEFAULT_CHROMIUM, pdfPageCount, renderPdf } from './render-pdf.ts';
export type { Briefing, LateNote } from './types.ts';
