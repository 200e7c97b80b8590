/**
 * Residents' personal data in texts shown to people (API responses, morning briefings): find it and mask it.
 * For display only: the analytics path keeps reading the original text.
 *
 * findPii(text) → non-overlapping matches sorted by start; maskPii(text) replaces each with a placeholder.
 *
 * Caught:
 *  - phone: Russian numbers (+7 / 8 / 7 prefix or a bare 9xx mobile, any spacing, dashes, brackets; 3–5-digit
 *    area codes); 5–7-digit local numbers (45-67-89, 515932) only after тел/телефон/моб/сот/звоните/контактный;
 *  - email: local@domain.tld, also "ivan [at] mail.ru" and "ivan(at)mail.ru";
 *  - card: 13–19 digits, whole or in groups of 3–6 separated by a space or dash, passing the Luhn check;
 *  - snils: XXX-XXX-XXX YY with a valid checksum, or any 11 digits after "СНИЛС";
 *  - passport: series and number after "паспорт" ("паспорт серии 38 10 № 123456");
 *  - inn: 12 digits (a person's INN) after "ИНН"; a company's 10-digit INN is public and kept;
 *  - name: "Иванов И.И.", "И. И. Иванов"; first name + patronymic with an optional surname on either side
 *    ("Нине Григорьевне", "Рыбакина Наталия Виталиевна"); a known first name next to a surname-shaped word
 *    ("Иван Петров", "Петровой Марии"). Officials' names are masked like anyone else's.
 *
 * Kept on purpose: streets and places named after people ("ул. Карла Маркса", "проспекта Анатолия Дериглазова",
 * "им. Ю.А. Гагарина", "на Софьи Перовской 15"), positions without names, dates, times, sums, house and flat
 * numbers, years, meter readings, OKTMO codes, and lone surnames ("Петров сказал") or lone first names: a
 * bare capitalised word is too often a street, a town or a sentence start, and masking half a complaint makes it
 * useless.
 *
 * maskPii is idempotent (property-tested): every context a rule looks at treats a placeholder's brackets as a
 * barrier, so masking can only remove evidence, never create it; and every detector reports all its candidates,
 * overlapping ones included, so a second pass has nothing left that the first pass could have picked. Every
 * pattern is bounded or anchored on a scan, so the cost is linear in the text length (1 MB adversarial strings
 * are tested).
 *
 * @example maskPii('Левашова А.И., тел 8-951-327-87-89, ул. Ленина 5') === '[ФИО], тел [телефон], ул. Ленина 5'
 */
import { isStopwordRu } from './stopwords-ru.ts';

export type PiiKind = 'phone' | 'email' | 'card' | 'snils' | 'passport' | 'inn' | 'name';

export interface PiiMatch {
  readonly kind: PiiKind;
  readonly start: number;
  readonly end: number;
}

export const PII_PLACEHOLDERS: Readonly<Record<PiiKind, string>> = Object.freeze({
  phone: '[телефон]',
  email: '[e-mail]',
  card: '[карта]',
  snils: '[СНИЛС]',
  passport: '[паспорт]',
  inn: '[ИНН]',
  name: '[ФИО]',
});

// When spans overlap, the kind with the stronger evidence (a checksum, an @) wins.
const PRIORITY: Readonly<Record<PiiKind, number>> = {
  email: 0,
  card: 1,
  snils: 2,
  passport: 3,
  inn: 4,
  phone: 5,
  name: 6,
};

/** Replaces every personal-data span found by findPii with its placeholder (PII_PLACEHOLDERS). */
export function maskPii(text: string): string {
  const matches = findPii(text);
  if (matches.length === 0) return text;
  let out = '';
  let from = 0;
  for (const m of matches) {
    out += text.slice(from, m.start) + PII_PLACEHOLDERS[m.kind];
    from = m.end;
  }
  return out + text.slice(from);
}

/** Personal-data spans in text, non-overlapping and sorted by start. */
export function findPii(text: string): PiiMatch[] {
  const found: PiiMatch[] = [];
  findEmails(text, found);
  findCards(text, found);
  findSnils(text, found);
  findAfterKeyword(text, PASSPORT_KEY_RE, PASSPORT_BRIDGE_RE, [PASSPORT_NUMBER_RE], 'passport', found);
  findAfterKeyword(text, INN_KEY_RE, INN_BRIDGE_RE, [INN_NUMBER_RE], 'inn', found);
  findPhones(text, found);
  findLocalPhones(text, found);
  findNames(text, found);
  return resolveOverlaps(found, text.length);
}

// ---------------------------------------------------------------------------------------------------------------
// e-mail: anchored on each '@' (or "[at]"), then one scan left and one right. A regex over the local part would
// retry from every start position and go quadratic on long runs of letters.

const AT_RE = /@|[ \u00a0]?[[(][ \u00a0]?(?:at|собака)[ \u00a0]?[\])][ \u00a0]?/gi;

function isEmailLocalChar(c: number): boolean {
  return isAsciiAlnum(c) || c === 0x2e || c === 0x5f || c === 0x25 || c === 0x2b || c === 0x2d; // . _ % + -
}

function isDomainChar(c: number): boolean {
  return isAsciiAlnum(c) || c === 0x2e || c === 0x2d; // . -
}

function isAsciiAlnum(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function isAsciiLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function findEmails(text: string, out: PiiMatch[]): void {
  // Glued addresses ("a@b.ru-c@d.ru"): the next local part starts after the previous address, as it will once
  // that address is masked; otherwise the second pass would find "-c@d.ru" which the first pass let overlap.
  let floor = 0;
  AT_RE.lastIndex = 0;
  for (let m = AT_RE.exec(text); m !== null; m = AT_RE.exec(text)) {
    const atStart = m.index;
    const atEnd = atStart + m[0].length;
    let start = atStart;
    while (start > floor && isEmailLocalChar(text.charCodeAt(start - 1))) start--;
    let alnum = false;
    for (let i = start; i < atStart && !alnum; i++) alnum = isAsciiAlnum(text.charCodeAt(i));
    if (!alnum) continue;
    const end = domainEnd(text, atEnd);
    if (end > atEnd) {
      out.push({ kind: 'email', start, end });
      floor = end;
    }
  }
}

/**
 * End of a domain starting at `from`: the last '.' followed by ≥2 letters ends it right after those letters
 * ("mail.ru89123456789" → "mail.ru"), so a phone glued to an address stays a separate match. `from` if none.
 */
function domainEnd(text: string, from: number): number {
  let runEnd = from;
  while (runEnd < text.length && isDomainChar(text.charCodeAt(runEnd))) runEnd++;
  for (let dot = runEnd - 1; dot > from; dot--) {
    if (text.charCodeAt(dot) !== 0x2e || text.charCodeAt(dot - 1) === 0x2e) continue;
    let letters = dot + 1;
    while (letters < runEnd && isAsciiLetter(text.charCodeAt(letters))) letters++;
    if (letters - dot - 1 >= 2) return letters;
  }
  return from;
}

// ---------------------------------------------------------------------------------------------------------------
// Bank cards: chains of digit groups joined by one space or dash; inside each chain, every Luhn-valid run of
// 13–19 digits that is either one whole group or made of 3–6-digit groups (4-4-4-4, 4-6-5, 4-4-4-4-3).

const DIGIT_CHAIN_RE = /\d+(?:[ \u00a0-]\d+)*/g;

function findCards(text: string, out: PiiMatch[]): void {
  DIGIT_CHAIN_RE.lastIndex = 0;
  for (let m = DIGIT_CHAIN_RE.exec(text); m !== null; m = DIGIT_CHAIN_RE.exec(text)) {
    const { starts, ends } = digitGroups(text, m.index, m.index + m[0].length);
    for (let i = 0; i < starts.length; i++) {
      for (const last of cardLastGroups(text, starts, ends, i)) {
        out.push({ kind: 'card', start: starts[i] ?? 0, end: ends[last] ?? 0 });
      }
    }
  }
}

function digitGroups(text: string, from: number, to: number): { starts: number[]; ends: number[] } {
  const starts: number[] = [];
  const ends: number[] = [];
  let i = from;
  while (i < to) {
    const s = i;
    while (i < to && isDigit(text.charCodeAt(i))) i++;
    starts.push(s);
    ends.push(i);
    i++; // the single separator
  }
  return { starts, ends };
}

/**
 * Indexes j such that groups i..j form a card number (at most 5 of them). All of them, not just the longest:
 * overlap resolution picks one, and a candidate left out here could surface on a second pass.
 */
function cardLastGroups(text: string, starts: number[], ends: number[], i: number): number[] {
  const len = (k: number): number => (ends[k] ?? 0) - (starts[k] ?? 0);
  const first = len(i);
  if (first >= 13 && first <= 19) return luhnValid(text, starts[i] ?? 0, ends[i] ?? 0) ? [i] : [];
  const found: number[] = [];
  if (first < 3 || first > 6) return found;
  let total = first;
  for (let j = i + 1; j < starts.length; j++) {
    const l = len(j);
    if (l < 3 || l > 6) break;
    total += l;
    if (total > 19) break;
    if (total >= 13 && luhnValid(text, starts[i] ?? 0, ends[j] ?? 0)) found.push(j);
  }
  return found;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** Luhn check over the digits of text[from, to) (separators skipped). */
export function luhnValid(text: string, from: number, to: number): boolean {
  let sum = 0;
  let double = false;
  for (let i = to - 1; i >= from; i--) {
    const c = text.charCodeAt(i);
    if (!isDigit(c)) continue;
    let d = c - 0x30;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

// ---------------------------------------------------------------------------------------------------------------
// Numbers announced by a keyword: passport, INN, SNILS, local phone numbers. The bridge between the keyword and
// the number holds no digits and no brackets, so a placeholder never serves as a bridge on a second pass.

const PASSPORT_KEY_RE = /(?<![[\]а-яёa-z])паспорт[а-яё]*/gi;
const PASSPORT_BRIDGE_RE = /[^\d[\]\n]{0,40}/y;
const PASSPORT_NUMBER_RE = /\d{2}[ \u00a0]?\d{2}[ \u00a0]*(?:№|N|No|номер|ном\.)?[ \u00a0]*\d{6}(?!\d)/iy;
const INN_KEY_RE = /(?<![[\]а-яёa-z])инн(?![а-яёa-z])/gi;
const INN_BRIDGE_RE = /[^\d[\]\n]{0,12}/y;
const INN_NUMBER_RE = /\d{12}(?!\d)/y;
const SNILS_KEY_RE = /(?<![[\]а-яёa-z])снилс(?![а-яёa-z])/gi;
const SNILS_BRIDGE_RE = /[^\d[\]\n]{0,20}/y;
const SNILS_NUMBER_RE = /\d{3}[ \u00a0-]?\d{3}[ \u00a0-]?\d{3}[ \u00a0-]?\d{2}(?!\d)/y;
const SNILS_SHAPE_RE = /(?<![\d\]])\d{3}-\d{3}-\d{3}[ \u00a0-]\d{2}(?!\d)/g;

/** Every keyword match, then the bridge, then the first item pattern that matches there. */
function findAfterKeyword(
  text: string,
  keyRe: RegExp,
  bridgeRe: RegExp,
  itemRes: readonly RegExp[],
  kind: PiiKind,
  out: PiiMatch[],
): void {
  keyRe.lastIndex = 0;
  for (let k = keyRe.exec(text); k !== null; k = keyRe.exec(text)) {
    const at = skipSticky(bridgeRe, text, k.index + k[0].length);
    for (const re of itemRes) {
      const end = matchStickyEnd(re, text, at);
      if (end > at) {
        out.push({ kind, start: at, end });
        break;
      }
    }
  }
}

function findSnils(text: string, out: PiiMatch[]): void {
  SNILS_SHAPE_RE.lastIndex = 0;
  for (let m = SNILS_SHAPE_RE.exec(text); m !== null; m = SNILS_SHAPE_RE.exec(text)) {
    if (snilsChecksumValid(m[0])) out.push({ kind: 'snils', start: m.index, end: m.index + m[0].length });
    SNILS_SHAPE_RE.lastIndex = m.index + 1;
  }
  findAfterKeyword(text, SNILS_KEY_RE, SNILS_BRIDGE_RE, [SNILS_NUMBER_RE], 'snils', out);
}

/** SNILS control number: Σ digit·(9…1) over the first nine digits, mod 101, where 100 and 101 give 00. */
export function snilsChecksumValid(snils: string): boolean {
  const digits = snils.replace(/\D/g, '');
  if (digits.length !== 11) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (9 - i);
  const control = (sum % 101) % 100;
  return control === Number(digits.slice(9));
}

/** Position after a sticky match of re at `at`, or `at` when it does not match. */
function skipSticky(re: RegExp, text: string, at: number): number {
  return Math.max(at, matchStickyEnd(re, text, at));
}

function matchStickyEnd(re: RegExp, text: string, at: number): number {
  re.lastIndex = at;
  const m = re.exec(text);
  return m === null ? -1 : at + m[0].length;
}

// ---------------------------------------------------------------------------------------------------------------
// Phones. A national number is 10 digits with up to three separators between digits; the prefix is +7, 8 or 7.
// No lookbehind for "+7": a "+" after digits is still a phone, and the same text must give the same answer once
// the digits before it are masked. Without a prefix only 9xx mobiles and bracketed area codes count, and the
// grouping must look like a phone (3–5-digit area code, then groups of ≥2) so "46-2021-3283" stays.

const PHONE_SEP = '[ \\u00a0\\-\\u2010-\\u2015()]{0,3}';
const PHONE_SRC =
  `(?:(\\+[ \\u00a0]?7|(?<![\\d+A-Za-z\\]])[78])[ \\u00a0\\-\\u2010-\\u2015]{0,2}|(?<![\\d+A-Za-z\\]]))` +
  `(\\(?[3489](?:${PHONE_SEP}\\d){9})(?!\\d)`;
const PHONE_RE = new RegExp(PHONE_SRC, 'g');
const PHONE_STICKY_RE = new RegExp(PHONE_SRC, 'y');

function findPhones(text: string, out: PiiMatch[]): void {
  PHONE_RE.lastIndex = 0;
  for (let m = PHONE_RE.exec(text); m !== null; m = PHONE_RE.exec(text)) {
    if (plausiblePhone(m[1], m[2] ?? ''))
      out.push({ kind: 'phone', start: m.index, end: m.index + m[0].length });
    // Overlapping candidates too: the real phone may start inside a rejected one ("1 8 912 345 67 89"), or
    // inside one that loses to a SNILS; a second pass would find it then.
    PHONE_RE.lastIndex = m.index + 1;
  }
}

function plausiblePhone(prefix: string | undefined, national: string): boolean {
  const parens = national.replace(/[^()]/g, '');
  const hasParen = parens === '()' && /^\(\d{3,5}\)/.test(national); // only an area code in brackets
  if (parens !== '' && !hasParen) return false;
  const groups = national.split(/\D+/).filter((g) => g.length > 0);
  const first = groups[0]?.[0] ?? '';
  if (!'3489'.includes(first) || first === '') return false;
  if (prefix === undefined && first !== '9' && !hasParen) return false;
  if (groups.length === 1) return true;
  const areaLen = groups[0]?.length ?? 0;
  if (areaLen < 3 || areaLen > 5) return false;
  return groups.every((g, i) => i === 0 || g.length >= 2 || hasParen);
}

const PHONE_KEY_RE =
  /(?<![[\]а-яёa-z])(?:тел(?:ефон[а-яё]*)?|моб(?:ильн[а-яё]*)?|сот(?:ов[а-яё]*)?|звонит[еь]|позвонит[еь]|контактн[а-яё]*)(?![а-яёa-z])\.?:?/gi;
const PHONE_BRIDGE_RE = /[^\d[\].!?\n+(]{0,40}/y;
const LOCAL_PHONE_RE =
  /(?:\(\d{3,5}\)[ \u00a0-]?)?\d{1,3}[-\u2010-\u2015 \u00a0]\d{2}[-\u2010-\u2015 \u00a0]\d{2}(?![\d\-\u2010-\u2015])/y;
const PLAIN_LOCAL_PHONE_RE = /\d{5,7}(?!\d)/y;
const PHONE_PLACEHOLDER_RE = /\[телефон\]/y;
const PHONE_LIST_SEP_RE = /[ \t\u00a0]*(?:[,;]|или|и)[ \t\u00a0]*/y;

/** "тел. 8 951 327-87-89, 51-59-32": local numbers count only in a list that follows a phone keyword. */
function findLocalPhones(text: string, out: PiiMatch[]): void {
  PHONE_KEY_RE.lastIndex = 0;
  for (let k = PHONE_KEY_RE.exec(text); k !== null; k = PHONE_KEY_RE.exec(text)) {
    let at = skipSticky(PHONE_BRIDGE_RE, text, k.index + k[0].length);
    for (let items = 0; items < 8; items++) {
      const end = phoneListItemEnd(text, at);
      if (end <= at) break;
      if (text.charCodeAt(at) !== 0x5b) out.push({ kind: 'phone', start: at, end }); // not "[телефон]"
      const next = matchStickyEnd(PHONE_LIST_SEP_RE, text, end);
      if (next < 0) break;
      at = next;
    }
  }
}

function phoneListItemEnd(text: string, at: number): number {
  PHONE_STICKY_RE.lastIndex = at;
  const full = PHONE_STICKY_RE.exec(text);
  if (full !== null && plausiblePhone(full[1], full[2] ?? '')) return at + full[0].length;
  for (const re of [LOCAL_PHONE_RE, PLAIN_LOCAL_PHONE_RE, PHONE_PLACEHOLDER_RE]) {
    const end = matchStickyEnd(re, text, at);
    if (end > at) return end;
  }
  return -1;
}

// ---------------------------------------------------------------------------------------------------------------
// Names, over Cyrillic word tokens. Four rules, each needing evidence beyond a capital letter: initials, a
// patronymic, a known first name beside a surname-shaped word, or the sign-off "С уважением,".

interface Token {
  readonly start: number;
  readonly end: number;
  /** lower case, ё → е */
  readonly key: string;
  readonly caseShape: 'title' | 'caps' | 'other';
}

const WORD_RE = /[А-ЯЁа-яё]+(?:-[А-ЯЁа-яё]+)*/g;

function tokenizeWords(text: string): Token[] {
  const tokens: Token[] = [];
  WORD_RE.lastIndex = 0;
  for (let m = WORD_RE.exec(text); m !== null; m = WORD_RE.exec(text)) {
    const word = m[0];
    tokens.push({
      start: m.index,
      end: m.index + word.length,
      key: word.toLowerCase().replace(/ё/g, 'е'),
      caseShape: caseShapeOf(word),
    });
  }
  return tokens;
}

function isUpperCyr(c: number): boolean {
  return (c >= 0x410 && c <= 0x42f) || c === 0x401;
}

/** 'title' when each hyphen part is Capitalised ("Петрова-Водкина"), 'caps' when all upper case. */
function caseShapeOf(word: string): Token['caseShape'] {
  let title = true;
  let caps = true;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c === 0x2d) continue;
    const partStart = i === 0 || word.charCodeAt(i - 1) === 0x2d;
    const upper = isUpperCyr(c);
    if (upper !== partStart) title = false;
    if (!upper) caps = false;
  }
  if (caps && word.length >= 2) return 'caps';
  return title ? 'title' : 'other';
}

/** Ends with -ович/-евна and their case forms (strong), or -ич/-ична (weak: "Ильич", "Никитична"). */
const STRONG_PATRONYMIC_RE = /[а-я]{2}(?:ов|ев)(?:ич(?:а|у|ем|е)?|н(?:а|ы|е|у|ой|ою))$/;
const WEAK_PATRONYMIC_RE = /[а-я]{2}ич(?:н(?:а|ы|е|у|ой|ою)|а|у|ем|е)?$/;
// Adjectives in -овной/-евной ("Верховной", "Духовной", "Душевной") that look like patronymics.
const PATRONYMIC_LOOKALIKE_RE =
  /^(?:верхов|духов|основ|услов|винов|любов|церков|грехов|кров|душев|плачев|голов|полов)/;

const SURNAME_TAIL_RE =
  /(?:(?:[оеё]в|[иы]н)(?:а|у|ы|ым|ой|е|ых|ыми)?|(?:ск|цк)(?:ий|ой|ая|ого|ому|им|ом|ую|ие|их|ими)|енко|йко|[ую]к(?:а|у|ом|е)?|ич(?:а|у|ем|е)?|ян(?:а|у|ом|е)?|дзе|швили|[ыи]х)$/;
// Verb, adverb and adjective endings: a capitalised word with them is a sentence start, not a surname.
const NOT_SURNAME_TAIL_RE =
  /(?:л[аиоя]?|ть|ться|тся|сь|ся|ешь|ишь|ете|ите|ем|ет|ит|ут|ют|ят|аю|яю|ую|юю|ого|его|ому|ему|ый|ое|ые|ие|ая|яя|но)$/;

// Honorifics, positions, kin and request words that precede names, and street or place words.
const NOT_NAME_RE =
  /^(?:уважаем|глубокоуважаем|дорог(?:ой|ая|ие|ого|ому|ую)$|господ|госпож|гражд|товарищ|президент|губернатор|глав[аеуы]?$|мэр|директор|начальни|председател|заместител|зам$|врио|депутат|министр|прокурор|судь|инспектор|участков|врач|доктор|медсестр|инженер|мастер|сотрудни|специалист|руководител|управляющ|диспетчер|водител|учител|жител|собственни|ветеран|пенсионер|инвалид|сосед|прошу|просим|помогите|спасибо|благодар|здравствуйте|добр(?:ый|ое|ого)$|улиц|ул$|проспект|переул|площад|бульвар|шоссе|набережн|проезд|тупик|микрорайон|район|област|город|поселк|поселок|деревн|хутор|имени$|им$|памятник|храм|церк|собор|школ|гимнази|больниц|поликлиник|станци|вокзал|парк|сквер|аллея|курск|москв|росси|федерац|республик)/;

// Place context: a name right after a street or place word names the street ("ул. Карла Маркса").
const STREET_BEFORE_RE =
  /(?:^|[^а-яёa-z])(?:ул|улиц[аеуы]|проспект[аеу]?|просп|пр-к?т|пр|переул(?:ок|ка|ке|ку)|пер|площад[ьи]|пл|бульвар[аеу]?|б-р|бул|шоссе|ш|набережн(?:ая|ой|ую)|наб|проезд[аеу]?|тупик[аеу]?|туп|микрорайон[аеу]?|мкрн?|имени|им|памятник[аеу]?|сквер[аеу]?|парк[аеу]?|библиотек[аеиу]|школ[аеыу]|гимнази[яиюей]|станци[яиюей]|ст|поселк[аеу]|пос[её]лок|пос|деревн[яиюей]|дер|сел[аеоу]|хутор[аеу]?)\.?[ \t\u00a0]*(?:им\.[ \t\u00a0]*|имени[ \t\u00a0]+)?$|(?:^|[^а-яёa-z])[сдгх]\.[ \t\u00a0]*$/i;
// …and one followed by a house number is a street too ("на Софьи Перовской 15", "Карла Маркса, д. 3а").
const HOUSE_AFTER_RE =
  /^[ \t\u00a0]*,?[ \t\u00a0]*(?:д(?:ом)?\.?[ \t\u00a0]*)?[1-9]\d{0,2}(?:[а-яё](?![а-яё]))?(?:\/\d{1,3})?(?![.,]\d)(?=[ \t\u00a0]*(?:[,.;:!?]|$|\n)|[ \t\u00a0]+[а-яё])(?![ \t\u00a0]*(?:лет|год|г\.|руб|р\.|чел|час|мин|раз))/i;

const INITIALS_NOT_NAMES = new Set(['тк', 'те', 'тд', 'тп', 'тн', 'ио', 'фи']);

function findNames(text: string, out: PiiMatch[]): void {
  const tokens = tokenizeWords(text);
  const ctx: NameContext = { text, tokens };
  for (let i = 0; i < tokens.length; i++) {
    for (const span of [initialsName(ctx, i), patronymicName(ctx, i), firstNameWithSurname(ctx, i)]) {
      if (span !== undefined) out.push({ kind: 'name', start: span[0], end: span[1] });
    }
  }
  findSignatures(ctx, out);
}

const SIGNATURE_RE = /(?<![[\]а-яёa-z])с[ \t\u00a0]+уважением[ \t\u00a0]*[,.:!]?[ \t\u00a0\r\n]{0,3}/gi;

/**
 * "С уважением, Раиса" / "С уважением Сверчкова М.": after the sign-off, up to three capitalised words, if
 * one of them is a known first name or has a surname's shape ("С уважением, жители дома 5" stays).
 */
function findSignatures(ctx: NameContext, out: PiiMatch[]): void {
  const { text, tokens } = ctx;
  SIGNATURE_RE.lastIndex = 0;
  for (let m = SIGNATURE_RE.exec(text); m !== null; m = SIGNATURE_RE.exec(text)) {
    let i = tokenIndexAt(tokens, m.index + m[0].length);
    const first = i;
    let evidence = false;
    for (; i < tokens.length && i - first < 3; i++) {
      const t = tokens[i];
      if (t === undefined || !isNameWord(t)) break;
      if (i > first && !spaceBetween(text, tokens[i - 1]?.end ?? 0, t.start, 1)) break;
      evidence ||= FIRST_NAMES.has(t.key) || hasSurnameShape(t);
    }
    const a = tokens[first];
    const b = tokens[i - 1];
    if (evidence && a !== undefined && b !== undefined)
      out.push({ kind: 'name', start: a.start, end: b.end });
  }
}

/** Index of the token starting exactly at `at`, or tokens.length (binary search; tokens are sorted). */
function tokenIndexAt(tokens: readonly Token[], at: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((tokens[mid]?.start ?? 0) < at) lo = mid + 1;
    else hi = mid;
  }
  return tokens[lo]?.start === at ? lo : tokens.length;
}

interface NameContext {
  readonly text: string;
  readonly tokens: readonly Token[];
}

type Span = readonly [start: number, end: number];

/** "Иванов И.И.", "Рындиной Н. М.", "В.В. Путина" — two initials with a capitalised word before or after. */
function initialsName(ctx: NameContext, i: number): Span | undefined {
  const { text, tokens } = ctx;
  if (!isInitialPair(ctx, i)) return undefined;
  if (isInitialPair(ctx, i - 1) || isInitialPair(ctx, i + 1)) return undefined; // "Ф.И.О."
  const a = tokens[i];
  const b = tokens[i + 1];
  if (a === undefined || b === undefined) return undefined;
  const before = tokens[i - 1];
  const after = tokens[i + 2];
  let useBefore = before !== undefined && spaceBetween(text, before.end, a.start, 1) && isNameWord(before);
  let useAfter =
    after !== undefined &&
    spaceBetween(text, b.end + 1, after.start, 0) &&
    isNameWord(after) &&
    !INITIALS_NOT_NAMES.has(a.key + b.key);
  if (useBefore && useAfter && before !== undefined && after !== undefined) {
    const shapeBefore = hasSurnameShape(before);
    const shapeAfter = hasSurnameShape(after);
    if (shapeBefore !== shapeAfter) {
      useBefore = shapeBefore;
      useAfter = shapeAfter;
    } else if (!shapeBefore) {
      useBefore = !startsSentence(text, before.start);
      useAfter = !useBefore;
    }
  }
  if (!useBefore && !useAfter) return undefined;
  const start = useBefore && before !== undefined ? before.start : a.start;
  const end = useAfter && after !== undefined ? after.end : b.end + 1;
  return inPlaceContext(text, start, undefined) ? undefined : [start, end];
}

function isInitial(ctx: NameContext, i: number): boolean {
  const t = ctx.tokens[i];
  return t !== undefined && t.end - t.start === 1 && t.caseShape === 'title' && ctx.text[t.end] === '.';
}

function isInitialPair(ctx: NameContext, i: number): boolean {
  const a = ctx.tokens[i];
  const b = ctx.tokens[i + 1];
  return (
    a !== undefined &&
    b !== undefined &&
    isInitial(ctx, i) &&
    isInitial(ctx, i + 1) &&
    spaceBetween(ctx.text, a.end + 1, b.start, 0)
  );
}

/** "Иван Петрович", "Нины Григорьевны Ефремовой", "Рыбакина Наталия Виталиевна". */
function patronymicName(ctx: NameContext, p: number): Span | undefined {
  const { text, tokens } = ctx;
  const patr = tokens[p];
  const first = tokens[p - 1];
  if (patr === undefined || first === undefined || !isNameCase(patr)) return undefined;
  const strength = patronymicStrength(patr);
  if (strength === 'none' || !spaceBetween(text, first.end, patr.start, 1)) return undefined;
  if (patronymicStrength(first) !== 'none') return undefined;
  const known = FIRST_NAMES.has(first.key);
  // "уважаемый роман Владимирович": a known first name may come in lower case.
  if (!isNameWord(first) && !(known && first.caseShape === 'other' && !isStopwordRu(first.key)))
    return undefined;
  if ((strength === 'weak' || /но[йю]$/.test(patr.key)) && !known) return undefined;
  let start = first.start;
  let end = patr.end;
  const before = tokens[p - 2];
  const after = tokens[p + 1];
  if (
    before !== undefined &&
    spaceBetween(text, before.end, first.start, 1) &&
    isAttachedSurname(ctx, before)
  ) {
    start = before.start;
  } else if (
    after !== undefined &&
    spaceBetween(text, patr.end, after.start, 1) &&
    isAttachedSurname(ctx, after)
  ) {
    end = after.end;
  }
  return inPlaceContext(text, start, end) ? undefined : [start, end];
}

function patronymicStrength(t: Token): 'strong' | 'weak' | 'none' {
  const tail = t.key.slice(-12);
  if (PATRONYMIC_LOOKALIKE_RE.test(t.key)) return 'none';
  if (STRONG_PATRONYMIC_RE.test(tail)) return 'strong';
  return WEAK_PATRONYMIC_RE.test(tail) ? 'weak' : 'none';
}

/** A surname beside a first name + patronymic: surname-shaped, or at least not a verb in mid-sentence. */
function isAttachedSurname(ctx: NameContext, t: Token): boolean {
  if (!isNameWord(t) || patronymicStrength(t) !== 'none') return false;
  if (hasSurnameShape(t)) return true;
  return !NOT_SURNAME_TAIL_RE.test(t.key.slice(-6)) && !startsSentence(ctx.text, t.start);
}

/** "Иван Петров", "Петровой Марии": a known first name next to a surname-shaped word. */
function firstNameWithSurname(ctx: NameContext, n: number): Span | undefined {
  const { text, tokens } = ctx;
  const name = tokens[n];
  if (name === undefined || !isNameCase(name) || !FIRST_NAMES.has(name.key)) return undefined;
  const before = tokens[n - 1];
  const after = tokens[n + 1];
  const useBefore =
    before !== undefined && spaceBetween(text, before.end, name.start, 1) && isPlainSurname(before);
  const useAfter =
    after !== undefined && spaceBetween(text, name.end, after.start, 1) && isPlainSurname(after);
  if (!useBefore && !useAfter) return undefined;
  const start = useBefore && before !== undefined ? before.start : name.start;
  const end = useAfter && after !== undefined ? after.end : name.end;
  return inPlaceContext(text, start, end) ? undefined : [start, end];
}

function isPlainSurname(t: Token): boolean {
  return isNameWord(t) && hasSurnameShape(t) && patronymicStrength(t) === 'none';
}

function isNameCase(t: Token): boolean {
  return t.caseShape !== 'other' && t.end - t.start >= 2;
}

/** Capitalised (or all-caps), at least two letters, and not a stop word, honorific, position or place word. */
function isNameWord(t: Token): boolean {
  return isNameCase(t) && !isStopwordRu(t.key) && !NOT_NAME_RE.test(t.key);
}

function hasSurnameShape(t: Token): boolean {
  const tail = t.key.slice(-8);
  return SURNAME_TAIL_RE.test(tail) && t.key.length >= 4;
}

/** Only whitespace (at most 3 characters, at least `min`) between from and to. */
function spaceBetween(text: string, from: number, to: number, min: number): boolean {
  const n = to - from;
  if (n < min || n > 3) return false;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0xa0 && c !== 0x0a && c !== 0x0d) return false;
  }
  return true;
}

/**
 * True at the start of the text, a line, or after . ! ? … — and after a placeholder's "]", so that masking
 * one name never turns its neighbour into a mid-sentence word on a second pass.
 */
function startsSentence(text: string, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t' || text[i] === '\u00a0')) i--;
  return i < 0 || '.!?…\n\r]'.includes(text[i] ?? '');
}

function inPlaceContext(text: string, start: number, end: number | undefined): boolean {
  if (STREET_BEFORE_RE.test(text.slice(Math.max(0, start - 40), start))) return true;
  return end !== undefined && HOUSE_AFTER_RE.test(text.slice(end, end + 40));
}

// ~150 common first names (and a few everyday short forms); case forms are generated from the endings.
const FIRST_NAME_BASES =
  'александр алексей анатолий андрей антон аркадий арсений артем артур богдан борис вадим валентин валерий ' +
  'василий виктор виталий владимир владислав всеволод вячеслав геннадий георгий герман глеб григорий даниил ' +
  'данил денис дмитрий евгений егор захар иван игорь илья кирилл константин лев леонид максим марат матвей ' +
  'михаил назар никита николай олег павел петр роман ростислав руслан рустам савелий святослав семен сергей ' +
  'станислав степан тимофей тимур федор филипп эдуард юрий яков ярослав ' +
  'александра алена алина алла анастасия ангелина анна антонина арина валентина валерия варвара вера вероника ' +
  'виктория галина дарья диана евгения екатерина елена елизавета жанна зинаида зоя инна ирина карина кира ' +
  'клавдия кристина ксения лариса лидия лилия любовь людмила майя маргарита марина мария марья милана надежда ' +
  'наталья наталия нина оксана олеся ольга полина раиса регина светлана снежана софья софия таисия тамара ' +
  'татьяна ульяна эльвира юлия яна ' +
  'саша женя дима миша коля вова сережа леша паша петя витя толя костя лена таня оля наташа света галя катя ' +
  'маша настя юля ира люда валя надя аня даша вика';
const IRREGULAR_OBLIQUE_STEMS: Readonly<Record<string, string>> = { павел: 'павл', лев: 'льв' };

function firstNameForms(base: string): string[] {
  const stem = base.slice(0, -1);
  const withEndings = (s: string, endings: readonly string[]): string[] => [
    base,
    ...endings.map((e) => s + e),
  ];
  switch (base.at(-1)) {
    case 'а':
      return withEndings(stem, ['ы', 'и', 'е', 'у', 'ой', 'ою']);
    case 'я':
      return withEndings(stem, ['и', 'е', 'ю', 'ей', 'ею']);
    case 'й':
      return withEndings(stem, ['я', 'ю', 'ем', 'е', 'и']);
    case 'ь':
      return withEndings(stem, ['я', 'ю', 'ем', 'е', 'и', 'ью']);
    default:
      return withEndings(IRREGULAR_OBLIQUE_STEMS[base] ?? base, ['а', 'у', 'ом', 'е']);
  }
}

const FIRST_NAMES: ReadonlySet<string> = new Set(FIRST_NAME_BASES.split(' ').flatMap(firstNameForms));

/** True for a lower-case, ё→е first name in any case form ("марии", "петру", "льва"). */
export function isKnownFirstName(key: string): boolean {
  return FIRST_NAMES.has(key);
}

// ---------------------------------------------------------------------------------------------------------------

/**
 * Overlapping names merge into one span; otherwise the higher-priority kind wins, then the longer span. A
 * per-character "taken" mask keeps this linear: accepted spans never overlap, so marking costs ≤ text length.
 */
function resolveOverlaps(found: PiiMatch[], textLength: number): PiiMatch[] {
  if (found.length === 0) return [];
  const candidates = [...mergeNames(found.filter((m) => m.kind === 'name'))];
  for (const m of found) if (m.kind !== 'name' && m.end > m.start) candidates.push(m);
  candidates.sort(
    (x, y) => PRIORITY[x.kind] - PRIORITY[y.kind] || y.end - y.start - (x.end - x.start) || x.start - y.start,
  );
  const taken = new Uint8Array(textLength);
  const accepted: PiiMatch[] = [];
  for (const c of candidates) {
    let free = true;
    for (let i = c.start; i < c.end && free; i++) free = taken[i] === 0;
    if (!free) continue;
    taken.fill(1, c.start, c.end);
    accepted.push(c);
  }
  return accepted.sort((x, y) => x.start - y.start);
}

function mergeNames(names: PiiMatch[]): PiiMatch[] {
  names.sort((x, y) => x.start - y.start);
  const merged: PiiMatch[] = [];
  for (const n of names) {
    const last = merged.at(-1);
    if (last !== undefined && n.start < last.end) {
      merged[merged.length - 1] = { kind: 'name', start: last.start, end: Math.max(last.end, n.end) };
    } else {
      merged.push(n);
    }
  }
  return merged;
}
