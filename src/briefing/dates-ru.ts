/**
 * Dates and times in Russian, in the town's own zone: «6 декабря», «вчера, 6 декабря», «воскресенье»,
 * «08:00», «с 08:00 до 11:00», «UTC+5». No English: month and weekday names are written out here, not taken from
 * Intl (whose output depends on the ICU data Node was built with).
 */
import { addDays, localDateOf, MINUTE_MS } from './local-day.ts';
import { countRu, HOURS_RU, MINUTES_RU } from './plural-ru.ts';

const MONTHS_GENITIVE = [
  'января',
  'февраля',
  'марта',
  'апреля',
  'мая',
  'июня',
  'июля',
  'августа',
  'сентября',
  'октября',
  'ноября',
  'декабря',
] as const;
const WEEKDAYS = ['воскресенье', 'понедельник', 'вторник', 'среда', 'четверг', 'пятница', 'суббота'] as const;
/** «по понедельникам»: the norm's weekday, dative plural. */
const WEEKDAYS_DATIVE_PLURAL = [
  'воскресеньям',
  'понедельникам',
  'вторникам',
  'средам',
  'четвергам',
  'пятницам',
  'субботам',
] as const;

const parts = (date: string) => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return { y, m, d };
};

/** @example dateRu('2026-12-06') === '6 декабря'; dateRu('2026-12-06', true) === '6 декабря 2026 г.' */
export function dateRu(date: string, withYear = false): string {
  const { y, m, d } = parts(date);
  return `${d} ${MONTHS_GENITIVE[m - 1]}${withYear ? ` ${y} г.` : ''}`;
}

/** @example weekdayRu('2026-12-06') === 'воскресенье' */
export function weekdayRu(date: string): string {
  return WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()] as string;
}

/** @example byWeekdayRu('2026-12-06') === 'по воскресеньям' */
export function byWeekdayRu(date: string): string {
  return `по ${WEEKDAYS_DATIVE_PLURAL[new Date(`${date}T00:00:00Z`).getUTCDay()]}`;
}

/**
 * A date as read on the morning of `today`: «сегодня, 7 декабря», «вчера, 6 декабря», «позавчера, 5 декабря»,
 * else «5 декабря» (with the year when it differs from today's).
 */
export function relativeDateRu(date: string, today: string): string {
  if (date === today) return `сегодня, ${dateRu(date)}`;
  if (date === addDays(today, -1)) return `вчера, ${dateRu(date)}`;
  if (date === addDays(today, -2)) return `позавчера, ${dateRu(date)}`;
  return dateRu(date, date.slice(0, 4) !== today.slice(0, 4));
}

/** Local clock time: timeRu(Date.UTC(2026, 11, 6, 3), 300) === '08:00'. */
export function timeRu(ms: number, utcOffsetMin: number): string {
  return new Date(ms + utcOffsetMin * MINUTE_MS).toISOString().slice(11, 16);
}

/**
 * A local instant as read on the morning of `today`: the time alone when it falls on `today`, else its date too.
 * @example momentRu(ms, 300, '2026-12-07') === '08:00' or '6 декабря, 23:10' or 'вчера в 23:10'
 */
export function momentRu(ms: number, utcOffsetMin: number, today: string): string {
  const date = localDateOf(ms, utcOffsetMin);
  const t = timeRu(ms, utcOffsetMin);
  if (date === today) return `сегодня в ${t}`;
  if (date === addDays(today, -1)) return `вчера в ${t}`;
  if (date === addDays(today, 1)) return `завтра в ${t}`;
  return `${dateRu(date, date.slice(0, 4) !== today.slice(0, 4))} в ${t}`;
}

/**
 * A local span: «с 08:00 до 11:00» within one day, else with dates («с 6 декабря 22:00 до 7 декабря 03:00»).
 */
export function spanRu(fromMs: number, toMs: number, utcOffsetMin: number): string {
  const d1 = localDateOf(fromMs, utcOffsetMin);
  // A span ending at midnight ends "at 24:00" of its day, not at 00:00 of the next.
  const endDate = localDateOf(toMs - 1, utcOffsetMin);
  const endTime = timeRu(toMs, utcOffsetMin) === '00:00' ? '24:00' : timeRu(toMs, utcOffsetMin);
  if (d1 === endDate) return `с ${timeRu(fromMs, utcOffsetMin)} до ${endTime}`;
  return `с ${dateRu(d1)} ${timeRu(fromMs, utcOffsetMin)} до ${dateRu(endDate)} ${endTime}`;
}

/** @example utcOffsetRu(300) === 'UTC+5'; utcOffsetRu(570) === 'UTC+9:30' */
export function utcOffsetRu(utcOffsetMin: number): string {
  const sign = utcOffsetMin < 0 ? '−' : '+';
  const a = Math.abs(utcOffsetMin);
  const h = Math.floor(a / 60);
  const m = a % 60;
  return `UTC${sign}${h}${m ? `:${String(m).padStart(2, '0')}` : ''}`;
}

/** Minutes as a duration: «1 час», «30 минут», «1 ч 30 мин» (short form when both parts are needed). */
export function durationRu(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = Math.round(minutes % 60);
  if (h === 0) return countRu(m, MINUTES_RU);
  if (m === 0) return countRu(h, HOURS_RU);
  return `${h} ч ${m} мин`;
}
