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
  timeRu,
  utcOffsetRu,
  weekdayRu,
} from './dates-ru.ts';
import { addDays, localDateOf } from './local-day.ts';
import {
  ALERTS_RU,
  AUTHORS_GENITIVE_RU,
  AUTHORS_RU,
  CAUSES_RU,
  countRu,
  formatNumberRu,
  MESSAGES_RU,
  type NounForms,
  PEOPLE_RU,
  pluralRu,
  STORIES_RU,
  TOPICS_RU,
  WAVES_RU,
} from './plural-ru.ts';
import type {
  AlertState,
  Briefing,
  BriefingAlert,
  BriefingCause,
  BriefingStory,
  ExpectedWave,
  LateNote,
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
  forecasts: 'Сезонные волны в ближайшие недели',
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
  const first = `${capitalise(day)} — ${countRu(v.count, MESSAGES_RU)} от ${countRu(v.authors, AUTHORS_GENITIVE_RU)}`;
  const norm =
    v.norm === null
      ? '. Нормы для сравнения нет: мало данных за прошлые недели'
      : v.ratio === null
        ? `: обычно ${byWeekdayRu(b.date)} обращений нет`
        : `: ${againstNormRu(v.ratio)} (${byWeekdayRu(b.date)} ${lastWeeksRu(v.normDays.length)} — в среднем ${formatNumberRu(v.norm, 1)})`;
  const lines = [`${first}${norm}.`];
  if (v.per10k !== null)
    lines.push(
      `${formatNumberRu(v.per10k, 1)} на 10 000 жителей (население — ${countRu(b.place.population, PEOPLE_RU)}).`,
    );
  return lines;
}
const WEEKS_RU: NounForms = ['неделю', 'недели', 'недель'];
/** «в последнюю неделю», «в последние 4 недели», «в последние 5 недель». */
export const lastWeeksRu = (n: number) =>
  n === 1 ? 'в последнюю неделю' : `в последние ${countRu(n, WEEKS_RU)}`;

/** «По частоте обращений 2-е место из 5 среди сопоставимых по населению муниципалитетов региона (от … до …): …» */
export function rankLineRu(r: Rank): string {
  // Alone in its region: the rate is already on the line above; only its interval is new here.
  if (r.of < 2)
    return (
      `95-процентный интервал частоты: ${formatNumberRu(r.shrunkLow, 1)}–${formatNumberRu(r.shrunkHigh, 1)} на 10 000 ` +
      'жителей; других наблюдаемых муниципалитетов в регионе нет — сравнить не с чем.'
    );
  const among =
    r.populationFrom === null
      ? 'среди муниципалитетов региона'
      : `среди сопоставимых по населению муниципалитетов региона (от ${formatNumberRu(r.populationFrom)} до ${formatNumberRu(r.populationTo ?? 0)} жителей)`;
  return (
    `По частоте обращений ${r.position}-е место из ${r.of} ${among}: ${formatNumberRu(r.shrunk, 1)} на 10 000 жителей ` +
    `(95-процентный интервал ${formatNumberRu(r.shrunkLow, 1)}–${formatNumberRu(r.shrunkHigh, 1)}); ` +
    `в среднем по региону ${formatNumberRu(r.regionPer10k, 1)}.`
  );
}

/** «После отправки прошлой сводки за 5 декабря пришло ещё 3 обращения.» */
export const lateRu = (l: LateNote) =>
  `После отправки прошлой сводки за ${dateRu(l.date)} пришло ещё ${countRu(l.count, MESSAGES_RU)}.`;

/** «Отопление: 42 обращения при норме 12,0» */
export const topicHeadRu = (t: TopicMove) =>
  `${t.topicName}: ${countRu(t.count, MESSAGES_RU)} ${t.normWeeks === 0 ? '(нормы ещё нет)' : `при норме ${formatNumberRu(t.norm, 1)}`}`;

/** How many of each an explanation line names (default: all the Briefing holds). */
export interface WhyLimits {
  terms: number;
  streets: number;
  districts: number;
}
const ALL_WHY: WhyLimits = {
  terms: Number.POSITIVE_INFINITY,
  streets: Number.POSITIVE_INFINITY,
  districts: Number.POSITIVE_INFINITY,
};

/** «ключевые слова: батареи, холодно; улицы: ул. Ленина; районы: Кировский» (empty when nothing is known). */
export function whyRu(
  x: { terms: string[]; streets?: string[]; districts: string[] },
  limits: WhyLimits = ALL_WHY,
): string {
  const parts: string[] = [];
  const terms = x.terms.slice(0, limits.terms);
  const streets = (x.streets ?? []).slice(0, limits.streets);
  const districts = x.districts.slice(0, limits.districts);
  if (terms.length > 0) parts.push(`ключевые слова: ${terms.join(', ')}`);
  if (streets.length > 0) parts.push(`${streets.length === 1 ? 'улица' : 'улицы'}: ${streets.join(', ')}`);
  if (districts.length > 0)
    parts.push(`${districts.length === 1 ? 'район' : 'районы'}: ${districts.join(', ')}`);
  return parts.join('; ');
}

/** «Водоснабжение — высокий, новый: сегодня с 04:00 до 05:00, в пике 4 обращения при ожидаемых 0,2» */
export function alertHeadRu(a: BriefingAlert, b: Briefing): string {
  const off = b.place.utcOffsetMin;
  const startDate = localDateOf(a.startMs, off);
  const day = startDate === b.readOn ? 'сегодня ' : startDate === b.date ? 'вчера ' : '';
  return (
    `${a.topicName} — ${SEVERITY_RU[a.severity]}, ${ALERT_STATE_RU[a.state]}: ${day}${spanRu(a.startMs, a.endMs, off)}, ` +
    `в пике ${countRu(a.peakObserved, MESSAGES_RU)} при ожидаемых ${expectedRu(a.peakExpected)}`
  );
}

/** An expected count as a head reads it: «0,2», «3», «менее 0,1». */
const expectedRu = (x: number) =>
  x < 0.05 ? 'менее 0,1' : formatNumberRu(x, x < 10 && !Number.isInteger(x) ? 1 : 0);

/**
 * What to do by when: «ответить до 09:00 сегодня (срок — 1 час)»; «срок ответа истёк вчера в 18:00» when it passed
 * before 07:00 and the alert is still open; «закрыт сегодня в 02:00».
 */
export function alertActionRu(a: BriefingAlert, b: Briefing): string {
  const off = b.place.utcOffsetMin;
  if (a.state === 'closed' && a.closedAtMs !== null) return `закрыт ${momentRu(a.closedAtMs, off, b.readOn)}`;
  if (a.respondByMs < b.morningMs) return `срок ответа истёк ${momentRu(a.respondByMs, off, b.readOn)}`;
  return `ответить до ${deadlineRu(a.respondByMs, off, b.readOn)} (срок — ${durationRu(a.respondWithinMin)})`;
}

/** «09:00 сегодня», «18:00 завтра», «9:00 12 февраля» */
function deadlineRu(ms: number, off: number, today: string): string {
  const date = localDateOf(ms, off);
  const t = timeRu(ms, off);
  if (date === today) return `${t} сегодня`;
  if (date === addDays(today, 1)) return `${t} завтра`;
  return `${t} ${dateRu(date)}`;
}

/**
 * «Прорыв на ул. Ленина (отопление) — 14 обращений, 9 авторов; начало — 5 декабря в 22:10»; `short` (the page):
 * the label cut to `labelChars`, no topic, the start's date alone — «…; с 5 декабря».
 */
export function storyLineRu(s: BriefingStory, b: Briefing, short?: { labelChars: number }): string {
  const off = b.place.utcOffsetMin;
  const counts = `${countRu(s.messages, MESSAGES_RU)}, ${countRu(s.authors, AUTHORS_RU)}`;
  if (short === undefined)
    return `${s.label} (${s.topicName.toLowerCase()}) — ${counts}; начало — ${momentRu(s.startMs, off, b.readOn)}`;
  const label =
    s.label.length <= short.labelChars ? s.label : `${s.label.slice(0, short.labelChars - 1).trimEnd()}…`;
  const start = localDateOf(s.startMs, off);
  const since = start === b.date ? 'со вчерашнего дня' : start === b.readOn ? 'с ночи' : `с ${dateRu(start)}`;
  return `${label} — ${counts}, ${since}`;
}

/** «Плановое отключение горячей воды (2 июня — 15 июня) — объясняет 2 инцидента»; the label cut to `labelChars`. */
export function causeLineRu(c: BriefingCause, labelChars = Number.POSITIVE_INFINITY): string {
  const label = c.label.length <= labelChars ? c.label : `${c.label.slice(0, labelChars - 1).trimEnd()}…`;
  const when = c.from !== null && c.to !== null ? ` (${dateRangeRu(c.from, c.to)})` : '';
  const explains = c.alerts > 0 ? ` — объясняет ${countRu(c.alerts, ALERTS_RU)}` : '';
  return `${capitalise(label)}${when}${explains}`;
}

/**
 * «Отопление: начало волны — неделя с 29 сентября (80 %: 22 сентября — 13 октября); предупредить жителей с 15 сентября;
 * за сезон ~180 обращений на 10 000 жителей»
 */
export function forecastLineRu(f: ExpectedWave, short = false): string {
  if (short)
    return `${f.topicName}: волна с недели ${dateRu(f.onsetWeek)}, предупредить жителей с ${dateRu(f.campaignStart)}`;
  const volume =
    f.expectedPer10k === null
      ? ''
      : `; за сезон ~${formatNumberRu(f.expectedPer10k, f.expectedPer10k >= 10 ? 0 : 1)} обращений на 10 000 жителей`;
  return (
    `${f.topicName}: начало волны — неделя с ${dateRu(f.onsetWeek)} (80 %: ${dateRangeRu(f.onsetLow, f.onsetHigh)}); ` +
    `предупредить жителей с ${dateRu(f.campaignStart)}${volume}`
  );
}

/** «6 декабря», «1–14 декабря», «25 ноября — 3 декабря», with years when they differ. */
export function dateRangeRu(from: string, to: string): string {
  if (from === to) return dateRu(from);
  if (from.slice(0, 7) === to.slice(0, 7)) return `${Number(from.slice(8))}–${dateRu(to)}`;
  const years = from.slice(0, 4) !== to.slice(0, 4);
  return `${dateRu(from, years)} — ${dateRu(to, years)}`;
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
  forecasts: WAVES_RU,
} as const;

export const EMPTY_RU = {
  topics: 'Заметного роста ни по одной теме нет.',
  alerts: 'Инцидентов нет.',
  stories: 'Растущих сюжетов нет.',
  causes: 'Известных причин роста на этот день нет.',
  forecasts: 'Сезонных волн в ближайшие 8 недель не ожидается (или истории меньше двух сезонов).',
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
