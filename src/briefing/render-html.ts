/**
 * The briefing as one self-contained HTML page that prints on one A4 sheet: inline CSS, inline SVG charts, no
 * script, no external asset (a mail client shows it offline); columns are tables, which mail clients lay out
 * (many ignore flexbox). Every text from the store is escaped.
 */
import { dateRu } from './dates-ru.ts';
import {
  alertActionRu,
  alertHeadRu,
  causeLineRu,
  dateLineRu,
  EMPTY_RU,
  footerRu,
  forecastLineRu,
  lateRu,
  MORE_FORMS,
  moreRu,
  placeLineRu,
  rankLineRu,
  SECTION_RU,
  seriesCaptionRu,
  storyLineRu,
  TITLE_RU,
  topicHeadRu,
  volumeLinesRu,
  whyRu,
} from './phrases-ru.ts';
import { escapeXml as esc, sparklineSvg } from './sparkline-svg.ts';
import type { Briefing, Capped } from './types.ts';

const CSS = `
@page { size: A4; margin: 9mm 11mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font: 8.2pt/1.2 "PT Sans", "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #1b1b1b; }
.page { max-width: 188mm; margin: 0 auto; }
h1 { font-size: 12pt; margin: 0; }
.date { color: #555; margin: 0 0 1.5mm; }
h2 { font-size: 9pt; margin: 1.6mm 0 0.6mm; padding-bottom: 0.3mm; border-bottom: 0.3mm solid #ccc; }
p { margin: 0 0 0.6mm; }
ul { margin: 0; padding-left: 3.5mm; }
li { margin: 0 0 0.6mm; }
.why { color: #444; }
.quote { color: #555; font-style: italic; }
.more { color: #666; list-style: none; margin-left: -3.5mm; }
.sev-critical { color: #b3261e; font-weight: bold; }
.sev-high { color: #a15c00; font-weight: bold; }
.sev-normal { color: #333; font-weight: bold; }
table.layout { width: 100%; table-layout: fixed; border-collapse: collapse; }
table.layout > tbody > tr > td { vertical-align: top; padding: 0; }
table.cols > tbody > tr > td + td { padding-left: 5mm; }
table.charts { border-collapse: separate; border-spacing: 4mm 0; width: calc(100% + 8mm); margin: 0 -4mm; }
.chart .cap { font-size: 7.5pt; margin-bottom: 0.3mm; }
.chart svg { display: block; width: 100%; height: auto; }
.chart .axis td { font-size: 7pt; color: #777; }
.chart .axis td + td { text-align: right; }
.empty { color: #666; }
footer { margin-top: 2mm; font-size: 7pt; color: #666; border-top: 0.3mm solid #ccc; padding-top: 0.8mm; }
`;

const CHART_WIDTH_PX = 220;
const CHART_HEIGHT_PX = 34;
/** What a page line names of an explanation (the JSON and Markdown keep all of it). */
const PAGE_WHY = { terms: 3, streets: 1, districts: 1 } as const;
const PAGE_ALERT_WHY = { terms: 3, streets: 0, districts: 1 } as const;
/** A story's label on the page, in characters. */
const PAGE_STORY = { labelChars: 48 } as const;
/** A known cause's label on the page (an analyst may enter 500 characters). */
const PAGE_CAUSE_LABEL = 70;
/** Expected waves on the page: the soonest ones (the JSON and Markdown list up to five). */
const PAGE_FORECASTS = 2;

export function renderHtml(b: Briefing): string {
  const parts: string[] = [];
  parts.push(
    `<h1>${esc(TITLE_RU)}: ${esc(placeLineRu(b))}</h1>`,
    `<p class="date">${esc(dateLineRu(b))}</p>`,
  );
  parts.push(`<h2>${esc(SECTION_RU.volume)}</h2>`);
  // Late data: one more sentence of the same paragraph (the page must stay one sheet).
  const late = b.late ? ` ${lateRu(b.late)}` : '';
  parts.push(`<p>${esc(volumeLinesRu(b.volume, b).join(' ') + late)}</p>`);
  if (b.rank) parts.push(`<p>${esc(rankLineRu(b.rank))}</p>`);

  parts.push(
    list(SECTION_RU.topics, b.topics, EMPTY_RU.topics, MORE_FORMS.topics, (t) => {
      const why = whyRu(t, PAGE_WHY);
      return (
        `<b>${esc(topicHeadRu(t))}</b>${why ? ` <span class="why">— ${esc(why)}</span>` : ''}` +
        (t.quote ? `<br><span class="quote">«${esc(printable(t.quote))}»</span>` : '')
      );
    }),
  );
  parts.push(
    list(SECTION_RU.alerts, b.alerts, EMPTY_RU.alerts, MORE_FORMS.alerts, (a) => {
      const why = whyRu(a, PAGE_ALERT_WHY);
      return (
        `<span class="sev-${a.severity}">${esc(alertHeadRu(a, b))}</span>; ${esc(alertActionRu(a, b))}` +
        (why ? `; <span class="why">${esc(why)}</span>` : '')
      );
    }),
  );
  parts.push(
    `<table class="layout cols"><tbody><tr><td>${list(
      SECTION_RU.stories,
      b.stories,
      EMPTY_RU.stories,
      MORE_FORMS.stories,
      (s) => esc(storyLineRu(s, b, PAGE_STORY)),
    )}</td><td>${list(SECTION_RU.causes, b.causes, EMPTY_RU.causes, MORE_FORMS.causes, (c) =>
      esc(causeLineRu(c, PAGE_CAUSE_LABEL)),
    )}</td></tr></tbody></table>`,
  );

  // On the page only when there are waves to expect (an empty section would cost the one sheet a line), the
  // soonest PAGE_FORECASTS in short; the rest counted.
  if (b.forecasts.items.length > 0) {
    const shown = b.forecasts.items.slice(0, PAGE_FORECASTS);
    const more = b.forecasts.more + b.forecasts.items.length - shown.length;
    parts.push(
      list(SECTION_RU.forecasts, { items: shown, more }, EMPTY_RU.forecasts, MORE_FORMS.forecasts, (f) =>
        esc(forecastLineRu(f, true)),
      ),
    );
  }
  parts.push(`<h2>${esc(SECTION_RU.series)}</h2>`);
  if (b.series.length === 0) parts.push(`<p class="empty">${esc(EMPTY_RU.series)}</p>`);
  else
    parts.push(
      `<table class="layout charts"><tbody><tr>${b.series
        .map(
          (s) =>
            `<td class="chart"><div class="cap">${esc(seriesCaptionRu(s, b))}</div>` +
            sparklineSvg(s.counts, {
              widthPx: CHART_WIDTH_PX,
              heightPx: CHART_HEIGHT_PX,
              title: seriesCaptionRu(s, b),
            }) +
            `<table class="layout axis"><tbody><tr><td>${esc(dateRu(s.dates[0] ?? b.date))}</td><td>${esc(dateRu(b.date))}</td></tr></tbody></table></td>`,
        )
        .join('')}</tr></tbody></table>`,
    );
  parts.push(`<footer>${esc(footerRu(b))}</footer>`);
  return (
    `<!DOCTYPE html>\n<html lang="ru"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${esc(`${TITLE_RU}: ${b.place.name}, ${dateRu(b.date, true)}`)}</title>` +
    `<style>${CSS}</style></head><body><div class="page">\n${parts.join('\n')}\n</div></body></html>\n`
  );
}

/** Pictographs (emoji) out of residents' text on the page: print fonts have none, and a box reads as a defect. */
export const printable = (s: string) =>
  s
    .replace(/\p{Extended_Pictographic}|\u{FE0F}|\u{200D}/gu, '')
    .replace(/\s{2,}/g, ' ')
    .trim();

function list<T>(
  title: string,
  items: Capped<T>,
  empty: string,
  forms: readonly [string, string, string],
  item: (x: T) => string,
): string {
  const more = moreRu(items.more, forms);
  if (items.items.length === 0) return `<h2>${esc(title)}</h2><p class="empty">${esc(empty)}</p>`;
  return (
    `<h2>${esc(title)}</h2><ul>${items.items.map((x) => `<li>${item(x)}</li>`).join('')}` +
    (more ? `<li class="more">${esc(more)}</li>` : '') +
    '</ul>'
  );
}
