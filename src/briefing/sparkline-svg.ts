/**
 * A small bar chart of daily counts as inline SVG (no script, no external asset: it prints and shows in a mail
 * client offline). The last bar — the briefing's day — is drawn darker; the highest count is written at the top.
 */
import { formatNumberRu } from './plural-ru.ts';

export interface SparklineOptions {
  widthPx: number;
  heightPx: number;
  /** Accessible name of the chart. */
  title: string;
}

/** @example sparklineSvg([0, 2, 1], { widthPx: 60, heightPx: 20, title: 't' }) starts with '<svg' and has 3 bars */
export function sparklineSvg(counts: readonly number[], o: SparklineOptions): string {
  const n = Math.max(counts.length, 1);
  const max = Math.max(1, ...counts);
  const top = 10;
  const h = o.heightPx - top;
  const step = o.widthPx / n;
  const bar = Math.max(1, step * 0.75);
  const bars = counts
    .map((c, i) => {
      const bh = c === 0 ? 0.5 : Math.max(1, (c / max) * h);
      const fill = i === counts.length - 1 ? '#b3261e' : '#5b7fa6';
      return `<rect x="${fix(i * step)}" y="${fix(o.heightPx - bh)}" width="${fix(bar)}" height="${fix(bh)}" fill="${fill}"/>`;
    })
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${o.widthPx}" height="${o.heightPx}" viewBox="0 0 ${o.widthPx} ${o.heightPx}" role="img">` +
    `<title>${escapeXml(o.title)}</title>` +
    `<line x1="0" y1="${top}" x2="${o.widthPx}" y2="${top}" stroke="#ddd" stroke-width="0.5"/>` +
    `<text x="0" y="8" font-size="8" fill="#555">макс. ${formatNumberRu(max)}</text>` +
    `${bars}</svg>`
  );
}

const fix = (x: number) => Math.round(x * 100) / 100;

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
