/**
 * One stored message as a quote: its text, then local time, author and a link to the source. The text is
 * untrusted: it only reaches the page through textContent (dom.ts `el`), and the link only for http(s) URLs.
 */
import type { SampleMessage } from './api-client.ts';
import { el, fmtLocal } from './dom.ts';

const isHttpUrl = (u: string | null): u is string => u !== null && /^https?:\/\//i.test(u);

export function sampleQuote(m: SampleMessage, utcOffsetMin: number): HTMLElement {
  const meta = el('cite', {}, fmtLocal(m.eventTimeMs, utcOffsetMin), m.author ? ` · ${m.author}` : '');
  if (isHttpUrl(m.url)) {
    meta.append(' · ', el('a', { href: m.url, target: '_blank', rel: 'noopener noreferrer' }, 'источник'));
  }
  return el('blockquote', { class: 'sample' }, el('div', { class: 'sample-text' }, m.text), meta);
}
