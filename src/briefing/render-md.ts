/** The briefing as Markdown (a chat, a plain mail): the sentences of phrases-ru.ts, residents' text escaped. */
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
import type { Briefing, Capped } from './types.ts';

/** Backslash-escapes what Markdown would read as markup, and folds line breaks (a quote stays one line). */
export function escapeMd(s: string): string {
  return s
    .replace(/\s*\n\s*/g, ' ')
    .replace(/[\\`*_[\]<>#|~]/g, '\\$&')
    .replace(/^[-+]/, '\\$&')
    .replace(/^(\d+)\./, '$1\\.');
}

export function renderMarkdown(b: Briefing): string {
  const out: string[] = [];
  out.push(`# ${TITLE_RU}: ${escapeMd(placeLineRu(b))}`, '', `_${escapeMd(dateLineRu(b))}_`, '');
  out.push(`## ${SECTION_RU.volume}`, '');
  for (const l of volumeLinesRu(b.volume, b)) out.push(escapeMd(l), '');
  if (b.rank) out.push(escapeMd(rankLineRu(b.rank)), '');
  if (b.late) out.push(`_${escapeMd(lateRu(b.late))}_`, '');

  section(out, SECTION_RU.topics, b.topics, EMPTY_RU.topics, MORE_FORMS.topics, (t) => {
    const why = whyRu(t);
    const lines = [`- **${escapeMd(topicHeadRu(t))}**${why ? ` — ${escapeMd(why)}` : ''}`];
    if (t.quote) lines.push(`  > «${escapeMd(t.quote)}»`);
    return lines;
  });
  section(out, SECTION_RU.alerts, b.alerts, EMPTY_RU.alerts, MORE_FORMS.alerts, (a) => {
    const why = whyRu(a);
    return [
      `- **${escapeMd(alertHeadRu(a, b))}**; ${escapeMd(alertActionRu(a, b))}${why ? `; ${escapeMd(why)}` : ''}`,
    ];
  });
  section(out, SECTION_RU.stories, b.stories, EMPTY_RU.stories, MORE_FORMS.stories, (s) => [
    `- ${escapeMd(storyLineRu(s, b))}`,
  ]);
  section(out, SECTION_RU.causes, b.causes, EMPTY_RU.causes, MORE_FORMS.causes, (c) => [
    `- ${escapeMd(causeLineRu(c))}`,
  ]);
  section(out, SECTION_RU.forecasts, b.forecasts, EMPTY_RU.forecasts, MORE_FORMS.forecasts, (f) => [
    `- ${escapeMd(forecastLineRu(f))}`,
  ]);

  out.push(`## ${SECTION_RU.series}`, '');
  if (b.series.length === 0) out.push(EMPTY_RU.series, '');
  for (const s of b.series) {
    out.push(`- ${escapeMd(seriesCaptionRu(s, b))}: \`${blocks(s.counts)}\``);
    out.push(`  (${escapeMd(dateRu(s.dates[0] ?? b.date))} — ${escapeMd(dateRu(b.date))})`);
  }
  out.push('', '---', '', `_${escapeMd(footerRu(b))}_`, '');
  return out.join('\n');
}

function section<T>(
  out: string[],
  title: string,
  list: Capped<T>,
  empty: string,
  forms: readonly [string, string, string],
  item: (x: T) => string[],
) {
  out.push(`## ${title}`, '');
  if (list.items.length === 0) out.push(empty);
  for (const x of list.items) out.push(...item(x));
  const more = moreRu(list.more, forms);
  if (more) out.push(`- _${more}_`);
  out.push('');
}

/** Counts as Unicode block characters (▁▂▃▄▅▆▇█), the text chart a chat shows. */
export function blocks(counts: readonly number[]): string {
  const chars = '▁▂▃▄▅▆▇█';
  const max = Math.max(1, ...counts);
  return counts.map((c) => (c === 0 ? ' ' : chars[Math.min(7, Math.floor((c / max) * 7.999))])).join('');
}
