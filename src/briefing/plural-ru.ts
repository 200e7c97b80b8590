/**
 * Russian number agreement: the noun form a count takes. Three forms — one («1 обращение»), few («3 обращения»),
 * many («5 обращений») — chosen by the last two digits: 11–14 take «many», otherwise the last digit decides
 * (1 → one; 2–4 → few; 0, 5–9 → many). Fractions take «few» («2,5 обращения»), as the genitive singular.
 *
 * @example pluralRu(21, OBRASHCHENIE) === 'обращение'; countRu(111, OBRASHCHENIE) === '111 обращений'
 */

/** A noun's three forms: [one, few, many]. */
export type NounForms = readonly [one: string, few: string, many: string];

export const MESSAGES_RU: NounForms = ['обращение', 'обращения', 'обращений'];
export const ALERTS_RU: NounForms = ['инцидент', 'инцидента', 'инцидентов'];
export const TOPICS_RU: NounForms = ['тема', 'темы', 'тем'];
export const STORIES_RU: NounForms = ['сюжет', 'сюжета', 'сюжетов'];
export const CAUSES_RU: NounForms = ['причина', 'причины', 'причин'];
export const WAVES_RU: NounForms = ['волна', 'волны', 'волн'];
export const PLACES_RU: NounForms = ['муниципалитет', 'муниципалитета', 'муниципалитетов'];
export const AUTHORS_RU: NounForms = ['автор', 'автора', 'авторов'];
/**
 * After a preposition that governs the genitive («от 943 авторов», «от 21 автора»): the noun takes the genitive
 * singular after 1, 21, 101… and the genitive plural after every other number, 2–4 included.
 */
export const AUTHORS_GENITIVE_RU: NounForms = ['автора', 'авторов', 'авторов'];
export const RESIDENTS_RU: NounForms = ['житель', 'жителя', 'жителей'];
/** «64 316 человек», «2 человека»: a population. */
export const PEOPLE_RU: NounForms = ['человек', 'человека', 'человек'];
export const HOURS_RU: NounForms = ['час', 'часа', 'часов'];
export const MINUTES_RU: NounForms = ['минута', 'минуты', 'минут'];
export const DAYS_RU: NounForms = ['день', 'дня', 'дней'];

/** The form of `forms` that agrees with `n` (any finite number; negative numbers agree as their absolute value). */
export function pluralRu(n: number, forms: NounForms): string {
  if (!Number.isFinite(n)) throw new RangeError(`pluralRu: ${n} is not a finite number`);
  const a = Math.abs(n);
  if (!Number.isInteger(a)) return forms[1];
  const last2 = a % 100;
  const last = a % 10;
  if (last2 >= 11 && last2 <= 14) return forms[2];
  if (last === 1) return forms[0];
  if (last >= 2 && last <= 4) return forms[1];
  return forms[2];
}

/** The number written the Russian way (thin groups of three, decimal comma) and its agreeing noun. */
export function countRu(n: number, forms: NounForms, fractionDigits = 0): string {
  return `${formatNumberRu(n, fractionDigits)} ${pluralRu(Number(n.toFixed(fractionDigits)), forms)}`;
}

/**
 * A number the Russian way: groups of three digits separated by a no-break space from 10,000 on (1234 stays
 * «1234», as Russian typography writes four digits), a decimal comma, a true minus sign.
 * @example formatNumberRu(12345.6, 1) === '12 345,6'
 */
export function formatNumberRu(n: number, fractionDigits = 0): string {
  if (!Number.isFinite(n)) throw new RangeError(`formatNumberRu: ${n} is not a finite number`);
  const fixed = Math.abs(n).toFixed(fractionDigits);
  const [int = '0', frac] = fixed.split('.');
  const grouped = int.length > 4 ? int.replace(/\B(?=(\d{3})+$)/g, '\u00a0') : int;
  const sign = n < 0 && Number(fixed) !== 0 ? '−' : '';
  return `${sign}${grouped}${frac ? `,${frac}` : ''}`;
}
