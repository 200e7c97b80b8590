/**
 * The region digest as Markdown and as one HTML page (a table, most attention first; inline CSS, no asset). The
 * sentences are Russian and agree with their numbers, as the town briefing's do.
 */
import { dateRu, relativeDateRu } from './dates-ru.ts';
import { ALERTS_RU, countRu, formatNumberRu, PLACES_RU } from './plural-ru.ts';
import type { DigestRow, RegionDigest } from './region-digest.ts';
import { escapeMd } from './render-md.ts';
import { escapeXml as esc } from './sparkline-svg.ts';

export const DIGEST_TITLE_RU = 'Сводка по региону';

const HEAD = [
  '№',
  'Муниципалитет',
  'Обращений',
  'На 10 000',
  'Открытые инциденты',
  'Необъяснённый рост на 10 000',
  'Где рост',
];

/** «2 критических, 1 высокий» / «нет» (adjectives agree: 1 критический, 2 критических). */
export function openAlertsRu(r: DigestRow): string {
  const parts: string[] = [];
  if (r.openCritical > 0)
    parts.push(`${r.openCritical} ${adjective(r.openCritical, 'критический', 'критических')}`);
  if (r.openHigh > 0) parts.push(`${r.openHigh} ${adjective(r.openHigh, 'высокий', 'высоких')}`);
  if (r.openNormal > 0) parts.push(`${r.openNormal} ${adjective(r.openNormal, 'обычный', 'обычных')}`);
  return parts.length === 0 ? 'нет' : parts.join(', ');
}
/** After a numeral an adjective is nominative singular for 1, 21… and genitive plural otherwise («2 высоких»). */
const adjective = (n: number, one: string, many: string) => (n % 10 === 1 && n % 100 !== 11 ? one : many);

const leadingRu = (r: DigestRow) =>
  r.leadingTopic === null
    ? '—'
    : `${r.leadingTopic.topicName}: ${formatNumberRu(r.leadingTopic.count)} при норме ${formatNumberRu(r.leadingTopic.norm, 1)}`;

const cells = (r: DigestRow, i: number) => [
  String(i + 1),
  r.name,
  formatNumberRu(r.count),
  formatNumberRu(r.per10k, 1),
  openAlertsRu(r),
  formatNumberRu(r.unexplainedRisePer10k, 2),
  leadingRu(r),
];

/** «за вчера, 6 декабря · 12 муниципалитетов · 3 открытых инцидента» */
export function digestLineRu(d: RegionDigest): string {
  const open = d.rows.reduce((s, r) => s + r.openCritical + r.openHigh + r.openNormal, 0);
  return (
    `за ${relativeDateRu(d.date, d.readOn)} (у каждого муниципалитета — его местный день) · ` +
    `${countRu(d.rows.length, PLACES_RU)} · открыто ${countRu(open, ALERTS_RU)}`
  );
}

const NOTE_RU =
  'Порядок: сначала открытые инциденты (критические, затем высокие), затем наибольший необъяснённый рост на 10 000 ' +
  'жителей — сумма превышений нормы дня недели по темам, которые не объясняет известная причина.';

export function renderDigestMarkdown(d: RegionDigest): string {
  const out = [`# ${DIGEST_TITLE_RU}: ${escapeMd(d.regionName)}`, '', `_${escapeMd(digestLineRu(d))}_`, ''];
  out.push(
    `| ${HEAD.join(' | ')} |`,
    `|${HEAD.map((_, i) => (i >= 2 && i <= 3 ? '---:' : '---')).join('|')}|`,
  );
  d.rows.forEach((r, i) => {
    out.push(
      `| ${cells(r, i)
        .map((c) => escapeMd(c))
        .join(' | ')} |`,
    );
  });
  out.push('', `_${escapeMd(NOTE_RU)}_`, '');
  return out.join('\n');
}

const CSS = `
@page { size: A4; margin: 9mm 10mm; }
body { margin: 0; font: 8pt/1.2 "PT Sans", "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #1b1b1b; }
h1 { font-size: 12pt; margin: 0; }
.date { color: #555; margin: 0 0 2mm; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 0.2mm solid #ddd; padding: 0.5mm 1mm; text-align: left; vertical-align: top; }
th { font-size: 7.5pt; color: #444; }
td.num { text-align: right; white-space: nowrap; }
tr.severe td { background: #fdecea; }
.note { margin-top: 2mm; font-size: 7pt; color: #666; }
`;

export function renderDigestHtml(d: RegionDigest): string {
  const rows = d.rows
    .map((r, i) => {
      const c = cells(r, i).map(esc);
      const severe = r.openCritical + r.openHigh > 0 ? ' class="severe"' : '';
      return `<tr${severe}><td class="num">${c[0]}</td><td>${c[1]}</td><td class="num">${c[2]}</td><td class="num">${c[3]}</td><td>${c[4]}</td><td class="num">${c[5]}</td><td>${c[6]}</td></tr>`;
    })
    .join('');
  return (
    `<!DOCTYPE html>\n<html lang="ru"><head><meta charset="utf-8"><title>${esc(`${DIGEST_TITLE_RU}: ${d.regionName}, ${dateRu(d.date, true)}`)}</title>` +
    `<style>${CSS}</style></head><body><h1>${esc(`${DIGEST_TITLE_RU}: ${d.regionName}`)}</h1>` +
    `<p class="date">${esc(digestLineRu(d))}</p><table><thead><tr>${HEAD.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead>` +
    `<tbody>${rows}</tbody></table><p class="note">${esc(NOTE_RU)}</p></body></html>\n`
  );
}
