/**
 * The briefing's sentences in Russian, one function per kind of fact: both the Markdown and the HTML renderer
 * call these, so the two formats say the same thing in the same words. Plain text (no markup); each renderer
 * escapes it for its format. Numbers: counts as integers, rates with one decimal, as a head reads them.
 */
import {
  byWeekdayRu,
  dateRu,
  durationRu,
  momentRu,
  relativeDateRu,
  spanRu,
  utcOffsetRu,
  weekdayRu,
} from './dates-ru.ts';
import {
  ALERTS_RU,
  AUTHORS_RU,
  CAUSES_RU,
  countRu,
  formatNumberRu,
  MESSAGES_RU,
  type NounForms,
  pluralRu,
  RESIDENTS_RU,
  STORIES_RU,
  TOPICS_RU,
} from './plural-ru.ts';
import type {
  AlertState,
  Briefing,
  BriefingAlert,
  BriefingCause,
  BriefingStory,
  Rank,
  TopicMove,
  TopicSeries,
  Volume,
} from './types.ts';

export const TITLE_RU = 'Утренняя сводка';
export const PRODUCT_RU = 'Всплеск';

export const SEVERITY_RU = { critical: 'критический', high: 'высокий', normal: 'обычный' } as const;
export const ALERT_STATE_RU: Readonly<Record<AlertState, string>> = {
  new: 'новый',
  open: 'открыт',
  closed: 'закрыт',
};

export const SECTION_RU = {
  volume: 'Обращения за день',
  topics: 'Что выросло',
  alerts: 'Инциденты',
  stories: 'Растущие сюжеты',
  causes: 'Ожидаемые причины',
  series: 'Ведущие темы за 30 дней',
} as const;

/** «Екатеринбург · Свердловская область» */
export const placeLineRu = (b: Briefing) => `${b.place.name} · ${b.place.regionName}`;

/** «за вчера, 6 декабря (воскресенье) · на 7 декабря 2026 г., время местное (UTC+5)» */
export const dateLineRu = (b: Briefing) =>
  `за ${relativeDateRu(b.date, b.readOn)} (${weekdayRu(b.date)}) · время местное, ${utcOffsetRu(b.place.utcOffsetMin)}`;

/** «в 1,8 раза больше», «на 30 % больше», «около нормы», «на 40 % меньше». */
export function againstNormRu(ratio: number): string {
  if (ratio >= 2) {
    const r = Math.round(ratio * 10) / 10;
    return `в ${formatNumberRu(r, Number.isInteger(r) ? 0 : 1)} ${pluralRu(r, TIMES_RU)} больше нормы`;
  }
  const pct = Math.round((ratio - 1) * 100);
  if (Math.abs(pct) < 10) return 'около нормы';
  return pct > 0 ? `на ${pct} % больше нормы` : `на ${-pct} % меньше нормы`;
}
const TIMES_RU: NounForms = ['раз', 'раза', 'раз'];

/** The day's messages against the norm, and per 10,000 residents. */
export function volumeLinesRu(v: Volume, b: Briefing): string[] {
  const day = relativeDateRu(b.date, b.readOn).split(',')[0] ?? '';
  const first = `${capitalise(day)} — ${countRu(v.count, MESSAGES_RU)} от ${countRu(v.authors, AUTHORS_RU)}`;
  const norm =
    v.norm === null
      ? 'нормы нет: данных за прошлые недели мало'
      : v.ratio === null
        ? `обычно ${byWeekdayRu(b.date)} обращений нет`
        : `${againstNormRu(v.ratio)} (${byWeekdayRu(b.date)} в последние ${countRu(v.normDays.length, WEEKS_RU)} — в среднем ${formatNumberRu(v.norm, 1)})`;
  const lines = [`${first}: ${norm}.`];
  if (v.per10k !== null)
    lines.push(
      `${formatNumberRu(v.per10k, 1)} на 10 000 жителей (население ${countRu(b.place.population, RESIDENTS_RU)}).`,
    );
  return lines;
}
const WEEKS_RU: NounForms = ['неделю', 'недели', 'недель'];

/** The town's place among comparable towns of its region. */
export function rankLineRu(r: Rank): string {
  const among =
    r.populationFrom === null
      ? `среди ${r.of} ${pluralGenitive(r.of)} области`
      : `среди ${r.of} сопоставимых по населению ${pluralGenitive(r.of)} области (от ${formatNumberRu(r.populationFrom)} до ${formatNumberRu(r.populationTo ?? 0)} жителей)`;
  return (
    `По частоте обращений ${r.position}-е место ${among}: ${formatNumberRu(r.shrunk, 1)} на 10 000 жителей ` +
    `(95-процентный интервал ${formatNumberRu(r.shrunkLow, 1)}–${formatNumberRu(r.shrunkHigh, 1)}); ` +
    `в среднем по области ${formatNumberRu(r.regionPer10k, 1)}.`
  );
}
/** «среди 1 муниципалитета», «среди 5 муниципалитетов»: after «среди» the genitive, singular only for 1, 21… */
const pluralGenitive = (n: number) => (n % 10 === 1 && n % 100 !== 11 ? 'муниципалитета' : 'муниципалитетов');

/** «Отопление: 42 обращения при норме 12,0» */
export const topicHeadRu = (t: TopicMove) =>
  `${t.topicName}: ${countRu(t.count, MESSAGES_RU)} при норме ${formatNumberRu(t.norm, 1)}`;

/** «ключевые слова: батареи, холодно; улицы: ул. Ленина; районы: Кировский» (empty when nothing is known). */
export function whyRu(x: { terms: string[]; streets?: string[]; districts: string[] }): string {
  const parts: string[] = [];
  if (x.terms.length > 0) parts.push(`ключевые слова: ${x.terms.join(', ')}`);
  if (x.streets && x.streets.length > 0) parts.push(`улицы: ${x.streets.join(', ')}`);
  if (x.districts.length > 0) parts.push(`районы: ${x.districts.join(', ')}`);
  return parts.join('; ');
}

/** «Отопление, критический: с 08:00 до 11:00, пик 20 обращений в час при ожидаемых 2» */
export function alertHeadRu(a: BriefingAlert, b: Briefing): string {
  return (
    `${a.topicName} — ${SEVERITY_RU[a.severity]}, ${ALERT_STATE_RU[a.state]}: ${spanRu(a.startMs, a.endMs, b.place.utcOffsetMin)}, ` +
    `пик ${formatNumberRu(a.peakObserved)} при ожидаемых ${formatNumberRu(a.peakExpected, a.peakExpected < 10 ? 1 : 0)}`
  );
}

/** What to do by when: «ответить до 09:00 (в течение 1 часа)», or when it closed. */
export function alertActionRu(a: BriefingAlert, b: Briefing): string {
  if (a.state === 'closed' && a.closedAtMs !== null)
    return `закрыт ${momentRu(a.closedAtMs, b.place.utcOffsetMin, b.readOn)}`;
  return `ответить до ${momentRu(a.respondByMs, b.place.utcOffsetMin, b.readOn).replace(/ в /, ', ')} (срок — ${durationRu(a.respondWithinMin)})`;
}

/** «Прорыв на ул. Ленина — 14 обращений, 9 авторов, с 5 декабря» */
export function storyLineRu(s: BriefingStory, b: Briefing): string {
  const since = momentRu(s.startMs, b.place.utcOffsetMin, b.readOn);
  return `${s.label} (${s.topicName.toLowerCase()}) — ${countRu(s.messages, MESSAGES_RU)}, ${countRu(s.authors, AUTHORS_RU)}, с ${since.replace(/^(вчера|сегодня|завтра) в/, '$1,').replace(/ в /, ', ')}`;
}

/** «Плановое отключение горячей воды (2–15 июня) — объясняет 2 инцидента» */
export function causeLineRu(c: BriefingCause): string {
  const when =
    c.from !== null && c.to !== null
      ? ` (${c.from === c.to ? dateRu(c.from) : `${dateRu(c.from)} — ${dateRu(c.to)}`})`
      : '';
  const explains = c.alerts > 0 ? ` — объясняет ${countRu(c.alerts, ALERTS_RU)}` : '';
  return `${c.label}${when}${explains}`;
}

/** «и ещё 3 темы», «и ещё 1 инцидент»; null when there are no more. */
export function moreRu(more: number, forms: NounForms): string | null {
  return more > 0 ? `и ещё ${countRu(more, forms)}` : null;
}
export const MORE_FORMS = {
  topics: TOPICS_RU,
  alerts: ALERTS_RU,
  stories: STORIES_RU,
  causes: CAUSES_RU,
} as const;

export const EMPTY_RU = {
  topics: 'Заметного роста ни по одной теме нет.',
  alerts: 'Инцидентов нет.',
  stories: 'Растущих сюжетов нет.',
  causes: 'Известных причин роста на этот день нет.',
  series: 'Обращений за 30 дней нет.',
} as const;

/** «Отопление: 420 обращений за 30 дней, вчера 42» */
export function seriesCaptionRu(s: TopicSeries, b: Briefing): string {
  const total = s.counts.reduce((a, x) => a + x, 0);
  const last = s.counts[s.counts.length - 1] ?? 0;
  const day = relativeDateRu(b.date, b.readOn).split(',')[0] ?? '';
  return `${s.topicName}: ${countRu(total, MESSAGES_RU)} за 30 дней, ${day} ${formatNumberRu(last)}`;
}

/** «Данные на 07:00 7 декабря (UTC+5). Сводку составил «Всплеск».» */
export function footerRu(b: Briefing): string {
  return (
    `Данные на 07:00 ${dateRu(b.readOn, true)} (${utcOffsetRu(b.place.utcOffsetMin)}). ` +
    `Цитаты жителей обезличены. Сводку составила система «${PRODUCT_RU}».`
  );
}

export const capitalise = (s: string) => (s.length === 0 ? s : s[0]?.toUpperCase() + s.slice(1));
