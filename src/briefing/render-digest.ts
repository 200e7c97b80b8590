/**
 * The region digest as Markdown and as one HTML page (a table, most attention first; inline CSS, no asset). The
 * sentences are Russian and agree with their numbers, as the town briefing's do.
 */
import { dateRu, relativeDateRu } from './dates-ru.ts';
import { ALERTS_RU, countRu, formatNumberRu, PLACES_RU } from './plural-ru.ts';
import type { DigestRow, RegionDigest } from './region-digest.ts';
import { lateRu } from './phrases-ru.ts';
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
  if (d.late) out.push(`_${escapeMd(lateRu(d.late))}_`, '');
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

/**
 * The page: one line per town, so a region of the gazetteer's largest size (56 towns) prints on one A4 sheet. Fixed
 * column widths (mm, summing to the 190 mm between the margins), numbers in their own columns (open alerts by
 * severity, the leading topic's count and norm), names cut with «…» rather than wrapped.
 */
const CSS = `
@page { size: A4; margin: 9mm 10mm; }
body { margin: 0; font: 7.5pt/1.2 "PT Sans", "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #1b1b1b; }
h1 { font-size: 12pt; margin: 0; }
.date { color: #555; margin: 0 0 1.5mm; }
table { border-collapse: collapse; width: 190mm; table-layout: fixed; }
th, td { border-bottom: 0.2mm solid #ddd; padding: 0.35mm 0.8mm; text-align: left; vertical-align: bottom; }
td { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
th { font-size: 6.5pt; color: #444; font-weight: bold; }
th.group { text-align: center; border-bottom: 0.2mm solid #bbb; }
td.num, th.num { text-align: right; }
tr.severe td { background: #fdecea; }
.more { margin: 1mm 0 0; }
.late { margin: 0 0 1.5mm; }
.note { margin-top: 1.5mm; font-size: 7pt; color: #666; }
`;

/** Widths in mm: №, town, messages, per 10,000, critical, high, other, rise per 10,000, topic, its day / norm. */
const COLUMNS_MM = [6, 44, 16, 11, 9, 9, 9, 13, 49, 24];

const HTML_HEAD =
  '<tr><th rowspan="2" class="num">№</th><th rowspan="2">Муниципалитет</th><th rowspan="2" class="num">Обращений</th>' +
  '<th rowspan="2" class="num">На 10&nbsp;000</th><th colspan="3" class="group">Открытые инциденты</th>' +
  '<th rowspan="2" class="num">Необъяснён&shy;ный рост на 10&nbsp;000</th><th colspan="2" class="group">Где рост</th></tr>' +
  '<tr><th class="num">крит.</th><th class="num">выс.</th><th class="num">проч.</th><th>тема</th>' +
  '<th class="num">за день / норма</th></tr>';

const alertCell = (n: number) => (n === 0 ? '—' : formatNumberRu(n));

function htmlRow(r: DigestRow, i: number): string {
  const lead = r.leadingTopic;
  const num = (v: string) => `<td class="num">${esc(v)}</td>`;
  const severe = r.openCritical + r.openHigh > 0 ? ' class="severe"' : '';
  return (
    `<tr${severe}>${num(String(i + 1))}<td>${esc(r.name)}</td>${num(formatNumberRu(r.count))}` +
    `${num(formatNumberRu(r.per10k, 1))}${num(alertCell(r.openCritical))}${num(alertCell(r.openHigh))}` +
    `${num(alertCell(r.openNormal))}${num(formatNumberRu(r.unexplainedRisePer10k, 2))}` +
    `<td>${esc(lead === null ? '—' : lead.topicName)}</td>` +
    `${num(lead === null ? '' : `${formatNumberRu(lead.count)} / ${formatNumberRu(lead.norm, 1)}`)}</tr>`
  );
}

/**
 * Rows on the page: the gazetteer's largest region (Московская область, 56 towns) whole, with room for the line
 * below them. A region beyond it lists its first rows — most attention first — and says how many follow.
 */
export const DIGEST_PAGE_ROWS = 56;

/** «и ещё 3 муниципалитета (из них 1 с открытыми инцидентами) — все строки в текстовой версии сводки» */
export function moreRowsRu(rest: readonly DigestRow[]): string {
  const open = rest.filter((r) => r.openCritical + r.openHigh + r.openNormal > 0).length;
  return (
    `и ещё ${countRu(rest.length, PLACES_RU)}` +
    (open > 0 ? ` (из них ${formatNumberRu(open)} с открытыми инцидентами)` : '') +
    ' — все строки в текстовой версии сводки'
  );
}

export function renderDigestHtml(d: RegionDigest): string {
  const cols = COLUMNS_MM.map((w) => `<col style="width:${w}mm">`).join('');
  const rest = d.rows.slice(DIGEST_PAGE_ROWS);
  const more = rest.length === 0 ? '' : `<p class="more">${esc(moreRowsRu(rest))}</p>`;
  return (
    `<!DOCTYPE html>\n<html lang="ru"><head><meta charset="utf-8"><title>${esc(`${DIGEST_TITLE_RU}: ${d.regionName}, ${dateRu(d.date, true)}`)}</title>` +
    `<style>${CSS}</style></head><body><h1>${esc(`${DIGEST_TITLE_RU}: ${d.regionName}`)}</h1>` +
    `<p class="date">${esc(digestLineRu(d))}</p>${d.late ? `<p class="late">${esc(lateRu(d.late))}</p>` : ''}<table><colgroup>${cols}</colgroup><thead>${HTML_HEAD}</thead>` +
    `<tbody>${d.rows.slice(0, DIGEST_PAGE_ROWS).map(htmlRow).join('')}</tbody></table>${more}<p class="note">${esc(NOTE_RU)}</p></body></html>\n`
  );
}
