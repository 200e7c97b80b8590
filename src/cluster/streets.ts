/**
 * Street addresses in Russian message text: "ул.Ленина, д. 15", "на проспекте Мира", "по Садовой улице",
 * "пр-т Дружбы 19в". Alerts name the street of an incident with it, and clustering groups messages by `key`.
 *
 * One trigger regex finds the street-type words (abbreviated, or the full word in any case); from each, the
 * name is read forwards ("улица Ленина") or, for an adjective standing before the type, backwards ("Садовой
 * улице"), then an optional house number. Precision comes first, so a name must show it is one:
 * - a capitalised word ("Ленина") is enough after any type word;
 * - a lower-case or ALL-CAPS word is trusted only after an unambiguous abbreviation ("ул. пионеров"), or when
 *   it looks like a street name (a surname genitive "григорова", an -ск- adjective "советской", a title
 *   "генерала …") or is followed by an explicit house number ("УЛИЦА ДРУЖБЫ, ДОМ 10/3");
 * - ambiguous abbreviations ("пр.", "пл.", "ш.", "туп.") need the dot and a capitalised name; "и пр." is not
 *   a street.
 * So "на улице холодно", "наш дом", "и пр. в сапогах" and "площадь квартиры" yield nothing.
 *
 * `key` merges the case forms of one street: lower case, ё→е, initials dropped ("И.Франко" = "Франко"),
 * ordinals reduced to their digits ("3-я" = "3я" = "3-й"), and every adjective ending replaced by the
 * nominative of the type's gender ("Садовом", "Садового" → "садовый"; "Советской" → "советская").
 *
 * "пр." is read as проспект (the usual meaning in real addresses); the proper abbreviation of проезд is "пр-д".
 *
 * Limits, knowingly: a feminine surname genitive after an abbreviation is shown as an adjective ("ул. Крупской"
 * → name "Крупская"; the key is stable either way); a lower-case second word is not joined ("ул. Красная
 * линия" → "Красная"); "ул. К. Маркса" and "ул. Карла Маркса" get different keys; an ALL-CAPS text loses names
 * before their type word ("САДОВАЯ УЛИЦА"); nouns other than -овка/-евка/-инка are not declined back.
 *
 * Cost: ~1 µs for a 100-character message without a type word, ~5 µs with one (Node 20, generator stream).
 */

export type StreetKind =
  | 'улица'
  | 'проспект'
  | 'переулок'
  | 'бульвар'
  | 'шоссе'
  | 'площадь'
  | 'набережная'
  | 'проезд'
  | 'микрорайон'
  | 'тупик'
  | 'аллея'
  | 'квартал';

export interface StreetMention {
  /** Canonical street type. */
  kind: StreetKind;
  /** Readable name as best recovered: 'Ленина', 'Карла Маркса', '8 Марта', 'Садовый', 'Советская'. */
  name: string;
  /** Grouping key, the same for all case forms and abbreviations of one street: 'улица ленина'. */
  key: string;
  /** '15', '15а', '15/2', '15 к2' (корпус), '15 с1' (строение), when given. */
  house?: string;
  /** Span of the mention (type word, name and house) in the input: [start, end). */
  start: number;
  end: number;
}

type Gender = 'f' | 'm' | 'n';
type GramCase = 'nom' | 'gen' | 'dat' | 'prep' | 'acc' | 'ins';

const GENDER: Record<StreetKind, Gender> = {
  улица: 'f',
  проспект: 'm',
  переулок: 'm',
  бульвар: 'm',
  шоссе: 'n',
  площадь: 'f',
  набережная: 'f',
  проезд: 'm',
  микрорайон: 'm',
  тупик: 'm',
  аллея: 'f',
  квартал: 'm',
};

const ADJECTIVE_ENDINGS: Record<Gender, Record<GramCase, readonly string[]>> = {
  f: {
    nom: ['ая', 'яя'],
    gen: ['ой', 'ей'],
    dat: ['ой', 'ей'],
    prep: ['ой', 'ей'],
    acc: ['ую', 'юю'],
    ins: ['ой', 'ей', 'ою'],
  },
  m: {
    nom: ['ый', 'ий', 'ой'],
    gen: ['ого', 'его'],
    dat: ['ому', 'ему'],
    prep: ['ом', 'ем'],
    acc: ['ый', 'ий', 'ой'],
    ins: ['ым', 'им'],
  },
  n: {
    nom: ['ое', 'ее'],
    gen: ['ого', 'его'],
    dat: ['ому', 'ему'],
    prep: ['ом', 'ем'],
    acc: ['ое', 'ее'],
    ins: ['ым', 'им'],
  },
};
/** The label abbreviation of each type (ГОСТ Р 7.0.97 style; 'пр-т' as in the generator's labels). */
const ABBREVIATION: Record<StreetKind, string> = {
  улица: 'ул.',
  проспект: 'пр-т',
  переулок: 'пер.',
  бульвар: 'б-р',
  шоссе: 'ш.',
  площадь: 'пл.',
  набережная: 'наб.',
  проезд: 'пр-д',
  микрорайон: 'мкр',
  тупик: 'туп.',
  аллея: 'ал.',
  квартал: 'кв-л',
};

interface Trigger {
  kind: StreetKind;
  /** Grammatical cases of a full type word; null for an abbreviation, whose case is unknown. */
  cases: readonly GramCase[] | null;
  /** A lower-case or ALL-CAPS name is taken after it without more evidence (unambiguous abbreviations). */
  trustsWeakName: boolean;
  /** Oblique adjective endings that agree with it, for a name written after it ("улице |Советской"). */
  agreeingAfter: ReadonlySet<string>;
  /** The same for a name written before it ("Садового |переулка"). */
  agreeingBefore: ReadonlySet<string>;
}

const ALL_CASES: readonly GramCase[] = ['nom', 'gen', 'dat', 'prep', 'acc', 'ins'];

/** Oblique adjective endings of `gender` in `cases`: the forms that show agreement with the type word. */
function agreeingEndings(gender: Gender, cases: readonly GramCase[], withGenitive: boolean): Set<string> {
  const out = new Set<string>();
  for (const c of cases) {
    if (c === 'nom' || (c === 'acc' && gender !== 'f')) continue;
    // Masculine/neuter -ого after the type is also the invariant genitive of a surname ("проспекта Горького").
    if (c === 'gen' && gender !== 'f' && !withGenitive) continue;
    for (const e of ADJECTIVE_ENDINGS[gender][c]) out.add(e);
  }
  return out;
}

function trigger(kind: StreetKind, cases: readonly GramCase[] | null, trustsWeakName: boolean): Trigger {
  const gender = GENDER[kind];
  return {
    kind,
    cases,
    trustsWeakName,
    agreeingAfter: agreeingEndings(gender, cases ?? ALL_CASES, false),
    agreeingBefore: agreeingEndings(gender, cases ?? ALL_CASES, true),
  };
}

/** Abbreviations, full type words by case, and the abbreviations that need their dot ("пр." not "пр"). */
const TRIGGERS = new Map<string, Trigger>();
const DOT_REQUIRED = new Set(['пр', 'ш', 'пл', 'туп']);
{
  const abbr = (kind: StreetKind, trusts: boolean, ...forms: string[]) => {
    for (const f of forms) TRIGGERS.set(f, trigger(kind, null, trusts));
  };
  const full = (kind: StreetKind, byCase: Record<string, readonly GramCase[]>) => {
    for (const [f, cases] of Object.entries(byCase)) TRIGGERS.set(f, trigger(kind, cases, false));
  };
  const NOM_ACC: readonly GramCase[] = ['nom', 'acc'];
  const masculine = (kind: StreetKind, stem: string) =>
    full(kind, {
      [stem]: NOM_ACC,
      [`${stem}а`]: ['gen'],
      [`${stem}е`]: ['prep'],
      [`${stem}у`]: ['dat'],
      [`${stem}ом`]: ['ins'],
    });

  abbr('улица', true, 'ул');
  full('улица', { улица: ['nom'], улицы: ['gen'], улице: ['dat', 'prep'], улицу: ['acc'], улицей: ['ins'] });
  abbr(
    'проспект',
    true,
    'просп',
    'п-т',
    'пр-т',
    'пр-та',
    'пр-те',
    'пр-ту',
    'пр-том',
    'пр-кт',
    'пр-кта',
    'пр-кте',
  );
  abbr('проспект', false, 'пр');
  masculine('проспект', 'проспект');
  abbr('переулок', true, 'пер');
  full('переулок', {
    переулок: NOM_ACC,
    переулка: ['gen'],
    переулке: ['prep'],
    переулку: ['dat'],
    переулком: ['ins'],
  });
  abbr('бульвар', true, 'б-р', 'б-ра', 'б-ре', 'б-ру', 'бул', 'бульв');
  masculine('бульвар', 'бульвар');
  abbr('шоссе', false, 'ш');
  full('шоссе', { шоссе: ALL_CASES });
  abbr('площадь', false, 'пл');
  full('площадь', { площадь: NOM_ACC, площади: ['gen', 'dat', 'prep'], площадью: ['ins'] });
  abbr('набережная', true, 'наб');
  full('набережная', {
    набережная: ['nom'],
    набережной: ['gen', 'dat', 'prep', 'ins'],
    набережную: ['acc'],
  });
  abbr('проезд', true, 'пр-д', 'пр-да', 'пр-де', 'пр-ду');
  masculine('проезд', 'проезд');
  abbr('микрорайон', true, 'мкр', 'мкрн', 'мкр-н', 'мкр-на', 'мкр-не');
  masculine('микрорайон', 'микрорайон');
  abbr('тупик', false, 'туп');
  masculine('тупик', 'тупик');
  full('аллея', { аллея: ['nom'], аллеи: ['gen'], аллее: ['dat', 'prep'], аллею: ['acc'], аллеей: ['ins'] });
  abbr('квартал', true, 'кв-л');
  masculine('квартал', 'квартал');
}

/**
 * All trigger keys as one trie-shaped regex with explicit case classes ("[уУ][лЛ]…"), not an /i alternation:
 * V8 then rejects most positions on their first character, about 5× faster on stream text. Word boundaries
 * and dots are checked in code.
 */
const TRIGGER_RE = (() => {
  interface Node {
    end: boolean;
    next: Map<string, Node>;
  }
  const root: Node = { end: false, next: new Map() };
  for (const key of TRIGGERS.keys()) {
    let n = root;
    for (const c of key) {
      let child = n.next.get(c);
      if (!child) {
        child = { end: false, next: new Map() };
        n.next.set(c, child);
      }
      n = child;
    }
    n.end = true;
  }
  const letter = (c: string) => (c === '-' ? '-' : `[${c}${c.toUpperCase()}]`);
  const emit = (n: Node): string => {
    const branches = [...n.next].map(([c, child]) => letter(c) + emit(child));
    if (branches.length === 0) return '';
    const body = branches.length === 1 ? (branches[0] as string) : `(?:${branches.join('|')})`;
    return n.end ? `(?:${body})?` : body;
  };
  return new RegExp(`${emit(root)}(?![\\p{L}\\p{N}-])`, 'gu');
})();

const isSpaceCode = (c: number): boolean => c === 32 || c === 9 || c === 0xa0;
const isUpperCode = (c: number): boolean =>
  (c >= 0x410 && c <= 0x42f) || c === 0x401 || (c >= 0x41 && c <= 0x5a);

/** Start of the word (letters, digits, hyphens) just before the spaces before `pos`; -1 if there is none. */
function previousWordStart(text: string, pos: number): number {
  let i = pos - 1;
  if (i < 0 || !isSpaceCode(text.charCodeAt(i))) return -1;
  while (i >= 0 && isSpaceCode(text.charCodeAt(i))) i--;
  if (i < 0 || !isWordCode(text.charCodeAt(i))) return -1;
  while (i > 0 && (isWordCode(text.charCodeAt(i - 1)) || text.charCodeAt(i - 1) === 0x2d)) i--;
  return i;
}

function hasDigit(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) return true;
  }
  return false;
}

/** Letters and digits of the scripts met in messages (Latin, Cyrillic): a trigger must not follow one. */
function isWordCode(c: number): boolean {
  return (
    (c >= 0x30 && c <= 0x39) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0xc0 && c <= 0x24f) ||
    (c >= 0x400 && c <= 0x52f)
  );
}

// Sticky readers used from a position; `[^\S\r\n]` is a space that does not end the line.
const WORD_RE = /\p{L}+(?:-\p{L}+)*/uy;
const INITIAL_RE = /\p{Lu}\.(?=[^\S\r\n]*\p{L})/uy;
const NUMBER_RE = /(\d{1,3})(-?[а-яё]{1,3}|-лети[яюе])?(?![\p{L}\p{N}])/iuy;
const UNITS = String.raw`(?![^\S\r\n]*(?:м(?!\p{L})|метр|км|лет|год|раз|мин|час|дн|сут|недел|месяц|чел|градус|°|%|руб|тыс|шт|кв\.?[^\S\r\n]*м(?!\p{L})))`;
const HOUSE_TAIL = String.raw`(\d{1,4})(?![\d.:]\d|\d)${UNITS}([а-еА-Е](?![\p{L}\p{N}]))?(?:[^\S\r\n]*\/[^\S\r\n]*(\d{1,4}))?(?:[^\S\r\n]*,?[^\S\r\n]*(?:корп(?:ус)?\.?|к\.?)[^\S\r\n]*(\d{1,2})(?!\d))?(?:[^\S\r\n]*,?[^\S\r\n]*(?:стр(?:оение)?\.?[^\S\r\n]*|с)(\d{1,2})(?!\d))?`;
/** A house after the name: "15", ", д. 15а", "дом №7 корп. 2", "д.3/1", "48к2", "стр. 1". Group 1 is the marker. */
const HOUSE_AFTER_RE = new RegExp(
  String.raw`[^\S\r\n]*(?:,[^\S\r\n]*)?(?:(д(?:ом)?\.?|№)[^\S\r\n]*(?:№[^\S\r\n]*)?)?${HOUSE_TAIL}`,
  'iuy',
);
/** A house before "на/по/в" and the street: "в доме д. 15 на ул. Ленина", "дом 7 корп. 2 по улице …". */
const HOUSE_BEFORE_RE = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:дом[ау]?|доме|д\.)[^\S\r\n]*(?:д\.[^\S\r\n]*|дом[^\S\r\n]+)?(?:№[^\S\r\n]*)?${HOUSE_TAIL}(?:[^\S\r\n]*,?[^\S\r\n]*кв\.?[^\S\r\n]*\d{1,4})?[^\S\r\n]*,?[^\S\r\n]+(?:на|по|в)[^\S\r\n]+$`,
  'iu',
);
/** An adjective (optionally after an ordinal or another adjective) right before a post-positioned type word. */
const NAME_BEFORE_RE =
  /(?<![\p{L}\p{N}-])(?:(\d{1,2}(?:-?[а-яё]{1,3})?|\p{Lu}\p{Ll}+(?:-\p{L}+)*)[^\S\r\n]+)?(\p{Lu}\p{Ll}+(?:-\p{L}+)*)[^\S\r\n]+$/u;
const STRONG_RE = /^\p{Lu}\p{Ll}/u;
const INITIAL_WORD_RE = /^\p{L}\.$/u;
const ORDINAL_WORD_RE = /^(\d+)(?:-?\p{L}{1,3})?$/u;

/** Words that never start or continue a name (function words, address parts, common sentence starts). */
const STOP = new Set(
  (
    'и или а но в во на не нет ни от до по с со у к ко за из о об около возле напротив между через где это ' +
    'этот эта эти там тут здесь когда как что чтобы уже тоже же ли бы дом дома доме домов д кв корп стр г гор ' +
    'город города пос п обл области район района края нужно просим прошу все всё мы я вы они он она его ее её ' +
    'их нас нам вас вам был была было были есть также так очень сегодня вчера опять снова рядом возле сторону ' +
    'сторона уважаемые здравствуйте добрый пожалуйста'
  ).split(' '),
);
/** Words after a name word that show it is the place of a region, not a second name word ("Курской области"). */
const REGION_AFTER = new Set(['области', 'обл', 'района', 'р-на', 'края', 'республики']);
/** First words of multi-word names (titles, given names in the genitive): the next word belongs to the name. */
const LEAD = new Set(
  (
    'генерала маршала адмирала академика героя героев космонавта летчика лейтенанта полковника капитана ' +
    'командарма братьев сестер карла фридриха розы клары льва максима александра алексея михаила николая ' +
    'ивана петра сергея юрия василия дмитрия зои веры анатолия владимира бориса павла федора степана андрея ' +
    'константина евгения виктора олега семена игоря ильи'
  ).split(' '),
);
const MONTHS = new Set(
  'января февраля марта апреля мая июня июля августа сентября октября ноября декабря'.split(' '),
);
/** Common adjectives in the genitive, never a street's own name ("аллее Городского кладбища"). */
const COMMON_ADJECTIVE_GENITIVE = new Set(
  (
    'городского детского сельского районного областного муниципального жилого частного нового старого ' +
    'центрального железнодорожного'
  ).split(' '),
);
/** Lower-case words that read as verbs or adverbs, not names ("Майского б-ра произошли …"). */
const VERB_LIKE_RE = /(?:ли|ла|ло|ть|ет|ит|ут|ют|ат|ят|ся|сь|ешь|ишь|но)$/;
/** Words shaped like street names but common nouns ("на улице машина"). */
const NAME_LIKE_STOP = new Set(
  (
    'снова слова голова корова основа дрова готова здорова сурова машина тишина середина глубина ширина ' +
    'половина картина причина вершина мужчина витрина магазина бензина карантина резина равнина низина рутина ' +
    'корзина малина калина рябина старина скотина детского городского сельского детской городской сельской ' +
    'детская городская сельская'
  ).split(' '),
);
/** Capitalised adjectives before a type word that are not street names ("Соседняя улица", "Льготный проезд"). */
const ADJECTIVE_STOP_RE =
  /^(?:т(?:а|у|ой|ом|ого|ому|ем)|эт\p{L}{0,3}|наш\p{L}{0,3}|ваш\p{L}{0,3}|сво(?:й|я|ю|е|ё|ей|ем|его|ему|им|их)|мо(?:й|я|ю|ей|ем|его|ему|им|ё|е)|тво\p{L}{0,3}|вс\p{L}{0,3}|сам\p{L}{0,3}|одн\p{L}{0,3}|друг\p{L}{0,3}|кажд\p{L}*|люб\p{L}{0,3}|котор\p{L}*|как\p{L}{0,3}|так\p{L}{0,3}|ин\p{L}{0,3}|соседн\p{L}*|ближайш\p{L}*|следующ\p{L}*|данн\p{L}{1,3}|указанн\p{L}*|вышеуказанн\p{L}*|перв\p{L}{1,3}|втор\p{L}{1,3}|трет\p{L}{1,4}|четв[её]рт\p{L}{1,3}|прошл\p{L}*|текущ\p{L}*|последн\p{L}*|льготн\p{L}*|бесплатн\p{L}*|платн\p{L}{1,3}|сквозн\p{L}*)$/u;

/** All endings of a gender, longest first, for splitting a word into stem and ending. */
const ENDINGS_BY_GENDER: Record<Gender, readonly string[]> = {
  f: ['ая', 'яя', 'ой', 'ей', 'ую', 'юю', 'ою'],
  m: ['ого', 'его', 'ому', 'ему', 'ый', 'ий', 'ой', 'ом', 'ем', 'ым', 'им'],
  n: ['ого', 'его', 'ому', 'ему', 'ое', 'ее', 'ом', 'ем', 'ым', 'им'],
};

function lower(w: string): string {
  const l = w.toLowerCase();
  return l.includes('ё') ? l.replace(/ё/g, 'е') : l;
}
const isStrong = (w: string): boolean => STRONG_RE.test(w);

/** A non-adjectival type word ("улица", "проспект") cannot be a name; "Набережная" can ("ул. Набережная"). */
function isTypeWord(lw: string): boolean {
  const t = TRIGGERS.get(lw);
  return t !== undefined && t.kind !== 'набережная';
}

/** Lower-case or ALL-CAPS words that still read as street names: surname genitives, -ск- adjectives. */
function looksLikeName(lw: string): boolean {
  if (lw.length < 5 || NAME_LIKE_STOP.has(lw)) return false;
  return /(?:ов|ев|ин|ын)а$/.test(lw) || /(?:ск|цк)(?:ая|ой|ую|ого|ий|ом|ому)$/.test(lw);
}

/** Stem and ending of a lower-case word read as an adjective of `gender`, or null. */
function splitAdjective(lw: string, gender: Gender): [string, string] | null {
  for (const e of ENDINGS_BY_GENDER[gender]) {
    if (!lw.endsWith(e)) continue;
    const stem = lw.slice(0, -e.length);
    if (stem.length < 3) return null;
    // Feminine -ей is adjectival only on soft or hushing stems (Верхней), not in "Строителей".
    if (e === 'ей' && gender === 'f' && !/[нжшчщ]$/.test(stem)) return null;
    return [stem, e];
  }
  return null;
}

/** Feminine place nouns in -овка/-евка/-инка, any case ("Пучковке", "Бурцевкой"): the part before the ending. */
const KA_NOUN_RE = /^(.+(?:[оеё]вк|инк))(?:а|и|е|у|ой|ою)$/;

/** The nominative ending for a stem whose oblique ending was `ending` (soft stems keep -яя/-ий/-ее). */
function nominativeEnding(stem: string, ending: string, gender: Gender): string {
  const soft = /^[яюеи]/.test(ending);
  const hushOrVelar = /[кгхжшчщ]$/.test(stem);
  if (gender === 'f') return soft && !hushOrVelar ? 'яя' : 'ая';
  if (gender === 'n') return soft && !hushOrVelar ? 'ее' : 'ое';
  return soft || hushOrVelar ? 'ий' : 'ый';
}

/**
 * The grouping key of a street: 'улица ленина'. Lower case, ё→е, initials dropped, ordinals to digits,
 * adjective endings to the nominative of the type's gender, so every case form of one street agrees.
 *
 * @example streetKey('улица', 'Советской') // 'улица советская'
 */
export function streetKey(kind: StreetKind, name: string): string {
  const gender = GENDER[kind];
  let key = kind;
  for (const raw of lower(name).split(/\s+/)) {
    if (raw === '' || INITIAL_WORD_RE.test(raw)) continue;
    const ordinal = ORDINAL_WORD_RE.exec(raw);
    let w = ordinal ? (ordinal[1] as string) : raw;
    const noun = !ordinal && gender === 'f' ? KA_NOUN_RE.exec(w) : null;
    if (noun) w = `${noun[1]}а`;
    else if (!ordinal) {
      const adj = splitAdjective(w, gender);
      if (adj) w = adj[0] + nominativeEnding(adj[0], adj[1], gender);
    }
    key += ` ${w}`;
  }
  return key;
}

/** Readable label: 'ул. Ленина, 15'. */
export function formatStreet(m: Pick<StreetMention, 'kind' | 'name' | 'house'>): string {
  const label = `${ABBREVIATION[m.kind]} ${m.name}`;
  return m.house ? `${label}, ${m.house}` : label;
}

function skipSpaces(text: string, p: number): number {
  let q = p;
  while (q < text.length && isSpaceCode(text.charCodeAt(q))) q++;
  return q;
}

/** The word starting at `p` (after at least one space when `needSpace`), or null. */
function wordAt(text: string, p: number, needSpace: boolean): RegExpExecArray | null {
  const q = skipSpaces(text, p);
  if (needSpace && q === p) return null;
  WORD_RE.lastIndex = q;
  return WORD_RE.exec(text);
}

interface NameRead {
  /** Words as written: initials ("И."), numbers ("8", "3-я"), words. */
  words: string[];
  /** Which of `words` were lower case or ALL CAPS, to be title-cased for display. */
  weak: boolean[];
  end: number;
  /** The name proved itself (capitalised, trusted abbreviation, looks like a name); else a house must. */
  trusted: boolean;
}

/** Appends capitalised words that continue a capitalised name ("Карла Маркса", "Нижняя Казацкая"). */
function readContinuation(text: string, read: NameRead): void {
  while (read.words.length < 4) {
    const m = wordAt(text, read.end, true);
    if (!m || !isStrong(m[0])) return;
    const lw = lower(m[0]);
    if (STOP.has(lw) || isTypeWord(lw)) return;
    const after = wordAt(text, m.index + m[0].length, true);
    if (after && REGION_AFTER.has(lower(after[0]))) return;
    read.words.push(m[0]);
    read.weak.push(false);
    read.end = m.index + m[0].length;
  }
}

/** A name starting after a prefix type word ("ул. |Ленина", "улице |8 Марта"), or null. */
function readNameAfter(text: string, from: number, trigger: Trigger): NameRead | null {
  const read: NameRead = { words: [], weak: [], end: skipSpaces(text, from), trusted: false };
  for (let i = 0; i < 2; i++) {
    INITIAL_RE.lastIndex = read.end;
    const ini = INITIAL_RE.exec(text);
    if (!ini) break;
    read.words.push(ini[0]);
    read.weak.push(false);
    read.end = skipSpaces(text, read.end + ini[0].length);
  }
  NUMBER_RE.lastIndex = read.end;
  const num = read.words.length === 0 ? NUMBER_RE.exec(text) : null;
  if (num) {
    // Numbered names: "8 Марта", "50 лет Октября", "1-я Линия", "40 лет октября".
    const next = wordAt(text, read.end + num[0].length, true);
    if (!next) return null;
    const lw = lower(next[0]);
    if (STOP.has(lw) || isTypeWord(lw)) return null;
    read.words.push(num[0], next[0]);
    read.weak.push(false, !isStrong(next[0]) && lw !== 'лет');
    read.end = next.index + next[0].length;
    if (lw === 'лет') {
      const what = wordAt(text, read.end, true);
      if (!what || STOP.has(lower(what[0]))) return null;
      read.words.push(what[0]);
      read.weak.push(!isStrong(what[0]));
      read.end = what.index + what[0].length;
    } else if (num[2] === undefined && !MONTHS.has(lw) && !isStrong(next[0])) return null;
    read.trusted = true;
    if (read.weak[read.weak.length - 1] === false) readContinuation(text, read);
    return read;
  }
  WORD_RE.lastIndex = read.end;
  const first = WORD_RE.exec(text);
  if (!first) return null;
  const lw = lower(first[0]);
  if (STOP.has(lw) || isTypeWord(lw) || (first[0].length < 2 && read.words.length === 0)) return null;
  const strong = isStrong(first[0]);
  read.words.push(first[0]);
  read.weak.push(!strong);
  read.end = first.index + first[0].length;
  if (strong && trigger.cases !== null && COMMON_ADJECTIVE_GENITIVE.has(lw)) return null;
  const lead = LEAD.has(lw);
  read.trusted = strong || (trigger.trustsWeakName && (lead || !VERB_LIKE_RE.test(lw))) || looksLikeName(lw);
  if (lead) {
    // "генерала григорова", "КАРЛА МАРКСА": the title or given name needs the word after it.
    const next = wordAt(text, read.end, true);
    const ln = next ? lower(next[0]) : '';
    if (next && !STOP.has(ln) && !isTypeWord(ln)) {
      const nextStrong = isStrong(next[0]);
      read.words.push(next[0]);
      read.weak.push(!nextStrong);
      read.end = next.index + next[0].length;
      read.trusted ||= nextStrong || looksLikeName(ln);
    }
  }
  if (strong) readContinuation(text, read);
  return read;
}

/**
 * Whether the name just read is really an adjective of a following type word: "улице |1 Суворовский| переулок"
 * names a переулок, so the first type word is left to be read as a common noun.
 */
function belongsToNextType(text: string, read: NameRead): boolean {
  const next = wordAt(text, read.end, true);
  if (!next) return false;
  const t = TRIGGERS.get(lower(next[0]));
  return (
    t !== undefined && t.cases !== null && isPostfixAdjective(read.words[read.words.length - 1] ?? '', t)
  );
}

interface HouseRead {
  house: string;
  end: number;
  /** Written with "д."/"дом"/"№", so it vouches for an untrusted name. */
  marked: boolean;
}

function houseFrom(m: RegExpExecArray, first: number): string {
  let h = m[first] as string;
  if (m[first + 1]) h += (m[first + 1] as string).toLowerCase();
  if (m[first + 2]) h += `/${m[first + 2]}`;
  if (m[first + 3]) h += ` к${m[first + 3]}`;
  if (m[first + 4]) h += ` с${m[first + 4]}`;
  return h;
}

function readHouseAfter(text: string, from: number): HouseRead | null {
  HOUSE_AFTER_RE.lastIndex = from;
  const m = HOUSE_AFTER_RE.exec(text);
  if (!m) return null;
  return { house: houseFrom(m, 2), end: m.index + m[0].length, marked: m[1] !== undefined };
}

/** A house written just before the street ("в доме д. 15 на ул. Ленина"): its text and start, or null. */
function readHouseBefore(text: string, start: number, floor: number): [string, number] | null {
  // Cheap test first: the street follows a short word ("на", "по", "в") with a digit shortly before it.
  const w = previousWordStart(text, start);
  if (w < floor || w < 0 || start - w > 4 || !hasDigit(text, Math.max(floor, w - 24), w)) return null;
  const from = Math.max(floor, start - 64);
  const m = HOUSE_BEFORE_RE.exec(text.slice(from, start));
  return m ? [houseFrom(m, 1), from + m.index] : null;
}

/** Display form of a name: lower-case/CAPS words title-cased, agreeing adjectives put in the nominative. */
function displayName(read: NameRead, gender: Gender, agreeing: ReadonlySet<string> | null): string {
  const words = read.words.map((w, i) => {
    if (!read.weak[i] || w === 'лет') return w;
    return w
      .split('-')
      .map((p) => p.charAt(0).toUpperCase() + p.slice(1).toLowerCase())
      .join('-');
  });
  if (gender === 'f') {
    for (let i = 0; i < words.length; i++) {
      const w = words[i] as string;
      const noun = KA_NOUN_RE.exec(lower(w));
      if (noun) words[i] = `${w.slice(0, (noun[1] as string).length)}а`;
    }
  }
  if (agreeing) {
    // Only when every word is an agreeing adjective ("Нижней Казацкой"), not in "Зои Космодемьянской".
    const parts: (readonly [number, string, string])[] = [];
    for (let i = 0; i < words.length; i++) {
      const w = words[i] as string;
      if (/^\d/.test(w) || INITIAL_WORD_RE.test(w) || (gender === 'f' && KA_NOUN_RE.test(lower(w)))) continue;
      const adj = splitAdjective(lower(w), gender);
      if (!adj || !agreeing.has(adj[1])) return words.join(' ');
      parts.push([i, adj[0], adj[1]]);
    }
    for (const [i, stem, ending] of parts) {
      const w = words[i] as string;
      const cut = w.length - ending.length;
      words[i] = w.slice(0, cut) + nominativeEnding(stem, ending, gender);
    }
  }
  return words.join(' ');
}

/** Whether `word` is a capitalised adjective agreeing with the trigger, usable as a post-positioned name. */
function isPostfixAdjective(word: string, trigger: Trigger): boolean {
  const lw = lower(word);
  const gender = GENDER[trigger.kind];
  const adj = splitAdjective(lw, gender);
  if (!adj || STOP.has(lw) || ADJECTIVE_STOP_RE.test(lw) || isTypeWord(lw)) return false;
  if (trigger.cases === null) return true;
  for (const c of trigger.cases) if (ADJECTIVE_ENDINGS[gender][c].includes(adj[1])) return true;
  return false;
}

/** A name written before its type word ("Садовой |улице", "3-й Ольховский |переулок"): [read, start]. */
function readNameBefore(
  text: string,
  typeStart: number,
  floor: number,
  trigger: Trigger,
): [NameRead, number] | null {
  // Cheap test first: the previous word must start with a capital ("на улице" is the common case).
  const w = previousWordStart(text, typeStart);
  if (w < floor || w < 0 || !isUpperCode(text.charCodeAt(w))) return null;
  const from = Math.max(floor, typeStart - 48);
  const m = NAME_BEFORE_RE.exec(text.slice(from, typeStart));
  if (!m) return null;
  const adjective = m[2] as string;
  if (!isPostfixAdjective(adjective, trigger)) return null;
  const lead = m[1];
  const read: NameRead = { words: [adjective], weak: [false], end: typeStart, trusted: true };
  let start = from + m.index + m[0].trimEnd().length - adjective.length;
  if (lead && (/^\d/.test(lead) || isPostfixAdjective(lead, trigger))) {
    read.words.unshift(lead);
    read.weak.unshift(false);
    start = from + m.index;
  }
  return [read, start];
}

function mention(
  kind: StreetKind,
  name: string,
  house: string | undefined,
  start: number,
  end: number,
): StreetMention {
  const m: StreetMention = { kind, name, key: streetKey(kind, name), start, end };
  if (house !== undefined) m.house = house;
  return m;
}

/**
 * Street mentions in `text`, in order of position.
 *
 * @example
 * extractStreets('Нет воды на улице Советской, д. 15а')
 * // [{ kind: 'улица', name: 'Советская', key: 'улица советская', house: '15а', start: 12, end: 35 }]
 */
export function extractStreets(text: string): StreetMention[] {
  const out: StreetMention[] = [];
  let floor = 0;
  TRIGGER_RE.lastIndex = 0;
  for (let t = TRIGGER_RE.exec(text); t !== null; t = TRIGGER_RE.exec(text)) {
    const typeStart = t.index;
    if (typeStart < floor || (typeStart > 0 && isWordCode(text.charCodeAt(typeStart - 1)))) continue;
    const word = t[0].toLowerCase();
    const trigger = TRIGGERS.get(word);
    if (!trigger) continue;
    let typeEnd = typeStart + word.length;
    // A dot belongs to an abbreviation ("ул."), but ends the sentence after a full word ("на улице.").
    if (trigger.cases === null) {
      if (text.charCodeAt(typeEnd) === 0x2e) typeEnd++;
      else if (DOT_REQUIRED.has(word)) continue;
    }
    // "и пр." is "и прочее", not a проспект.
    if (
      word === 'пр' &&
      /(?:^|[^\p{L}])и[^\S\r\n]*$/iu.test(text.slice(Math.max(0, typeStart - 3), typeStart))
    )
      continue;
    const gender = GENDER[trigger.kind];

    // A full type word right after an agreeing adjective is post-positioned ("на Садовой улице").
    let before = trigger.cases ? readNameBefore(text, typeStart, floor, trigger) : null;
    let after: NameRead | null = null;
    if (!before) {
      after = readNameAfter(text, typeEnd, trigger);
      if (after && belongsToNextType(text, after)) continue;
      if (!after && !trigger.cases) before = readNameBefore(text, typeStart, floor, trigger);
    }
    const read = before ? before[0] : after;
    if (!read) continue;
    const nameEnd = before ? typeEnd : read.end;
    const house = readHouseAfter(text, nameEnd);
    if (!read.trusted && !house?.marked) continue;

    const name = displayName(read, gender, before ? trigger.agreeingBefore : trigger.agreeingAfter);
    let start = before ? before[1] : typeStart;
    let houseText = house?.house;
    const end = house ? house.end : nameEnd;
    if (!house) {
      const prior = readHouseBefore(text, start, floor);
      if (prior) {
        houseText = prior[0];
        start = prior[1];
      }
    }
    out.push(mention(trigger.kind, name, houseText, start, end));
    floor = end;
    if (TRIGGER_RE.lastIndex < end) TRIGGER_RE.lastIndex = end;
  }
  return out;
}

/** Address abbreviations and the words «улица», «дом» (normalised): words that never say what a message is about. */
export const ADDRESS_WORDS: ReadonlySet<string> = new Set(
  'ул улица улице улицы улицу пр просп пер бул ш пл наб мкр дом доме дома кв корп стр'.split(' '),
);
