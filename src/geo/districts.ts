/**
 * Districts below the municipality (fixtures/geo/districts.json, built by scripts/build-districts.ts from OKTMO):
 * Moscow's 125 муниципальных округов, 19 поселений and 2 городских округа, St Petersburg's 111 municipal
 * formations, Sevastopol's 10, and the внутригородские районы of Самара, Челябинск and Махачкала.
 *
 * `createDistrictMatcher(districts).match(municipality, text)` finds the district a message names, on stems
 * (stemRu over tokenize(normaliseText(text))), so case, ё/е, Latin look-alikes and inflection do not matter.
 * Rules, precision first:
 *  - only the districts of the message's own municipality are candidates; a municipality without districts
 *    costs one Map lookup;
 *  - a name is its tokens' stems in a row (hyphens split: "Косино-Ухтомский" = косин + ухтомск); at each token
 *    the longest name that fits wins ("Восточное Измайлово" over "Измайлово"); names with a cardinal point
 *    ("Чертаново Южное") also match reversed ("Южное Чертаново") when the rest is not itself a district;
 *  - the first district named in the text is returned (a message naming two gets the first);
 *  - one-word adjective names ("Кировский", "Тверской", "Северный", "Московский") and a few names that are
 *    common words, surnames or streets ("Пушкин", "Гражданка", "Сокол", "Аэропорт", "Дачное", "Проспект
 *    Вернадского") count only next to a head word of their kind: "Кировский район", "Кировского р-на",
 *    "муниципальный округ Тверской", "МО Дачное", "поселение Московский", "г. Пушкин". After "район"/"р-н"
 *    (which also means "near") the name must be in its own form: "в районе Кировского моста" and "в районе
 *    аэропорта" are not districts, "район Северный" is; after other heads any form ("в посёлке Песочном"). Heads:
 *    Moscow's округа take район/р-н/МО/муниципальный округ (Moscow's районы are its municipal okrugs); St
 *    Petersburg's and Sevastopol's take МО/округ/муниципальный округ and never "район" (their administrative
 *    районы are other, larger units); районы take район/р-н; поселения, towns and settlements take
 *    поселение/посёлок/пос./п./город/г./МО. "районный" is not a head ("Кировский районный суд");
 *  - a neuter name ("Богородское", "Отрадное") matches in its neuter/masculine forms only (-ое -ого -ому -ом -им,
 *    not the feminine "Богородская улица") and not before a street word ("Богородское шоссе"); a name in
 *    -ово/-ево/-ино/-ыно ("Перово", "Щукино") matches as written or in -е ("в Перове"), never -а/-ой/-у/-ым,
 *    which are the surnames' forms ("Перова А.И.", "Щукиной"); a one-word name right after a street word
 *    ("улица …") is a street. Numbered St Petersburg okrugs ("МО № 7") need МО/муниципальный округ before them.
 *    "Сосновское" needs a head too (борщевик Сосновского is a common complaint);
 *  - Snowball does not give every form of a proper name one stem, so each name token is indexed under the stems
 *    of its case forms (stemVariants).
 * Known limits: an area named without its qualifier ("в Бутово", "Орехово-Борисово", "Тушино") matches nothing;
 * "жители Измайлова" (the old declined genitive) does not match Измайлово, though "Восточного Измайлова" matches
 * Восточное Измайлово; Sevastopol's and St Petersburg's "… район" are not mapped onto municipal okrugs.
 *
 * Cost: one pass over the tokens; a token is stemmed only when its first 3 letters begin some name of the
 * municipality, and only its first stem is looked up (first stem → candidate names). Measured with `npx tsx` on
 * Node 20 (a shared, noisy machine) over 100k made-up Moscow complaints of ~26 words, a third of them naming a
 * district, after a warm-up: match() ≈ 6.5–7.5 µs/message, of which normaliseText ≈ 2–3.5 µs (so
 * matchNormalised() on a Doc's normText ≈ 2.5–3.5 µs, tokenize ≈ 1.2 µs of it); a municipality without
 * districts ≈ 0.04 µs.
 *
 * @example createDistrictMatcher(loadDistricts()).match('45000000', 'Жители Восточного Измайлова без воды')
 *   === '45303000'
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { stemRu } from '../normalise/stem.ts';
import { normaliseText } from '../normalise/text.ts';
import { tokenize } from '../normalise/tokens.ts';

export type DistrictKind =
  | 'район'
  | 'муниципальный округ'
  | 'поселение'
  | 'городской округ'
  | 'город'
  | 'посёлок';

export interface District {
  /** 8-digit OKTMO code of the district (no check digit). */
  code: string;
  /** Display name: "Богородское", "Кировский район", "МО № 7". */
  name: string;
  /** 8-digit OKTMO code of the municipality in the gazetteer (reference/gazetteer.ts) the district lies in. */
  municipality: string;
  kind: DistrictKind;
}

export interface DistrictMatcher {
  /** The districts it was made of (what a worker thread rebuilds it from). */
  readonly all: readonly District[];
  /** The code of the first district of `municipality` that `text` names, or undefined. */
  match(municipality: string, text: string): string | undefined;
  /** As `match`, for text already through normaliseText (records.ts `Doc.normText`). */
  matchNormalised(municipality: string, normText: string): string | undefined;
  byCode(code: string): District | undefined;
  /** The districts of a municipality, by code; empty for a municipality without districts. */
  of(municipality: string): readonly District[];
}

export const DEFAULT_DISTRICTS_PATH = fileURLToPath(
  new URL('../../fixtures/geo/districts.json', import.meta.url),
);

let cached: readonly District[] | undefined;
/** The bundled districts (cached: they are immutable). */
export function loadDistricts(path = DEFAULT_DISTRICTS_PATH): readonly District[] {
  if (path === DEFAULT_DISTRICTS_PATH && cached) return cached;
  const list = Object.freeze(
    (JSON.parse(readFileSync(path, 'utf8')) as District[]).map((d) => Object.freeze({ ...d })),
  );
  if (path === DEFAULT_DISTRICTS_PATH) cached = list;
  return list;
}

let bundledByCode: ReadonlyMap<string, District> | undefined;
/** A bundled district by its code (what a stored message's `district` names). */
export function bundledDistrict(code: string): District | undefined {
  bundledByCode ??= new Map(loadDistricts().map((d) => [d.code, d]));
  return bundledByCode.get(code);
}

/** A district as the API names it: its code and display name (the code when not bundled). */
export function districtRef(code: string): { code: string; name: string } {
  return { code, name: bundledDistrict(code)?.name ?? code };
}

// ---- head words (surface forms: "районный" must not count, and stemRu('районный') === 'район') ----

type Head = readonly ReadonlySet<string>[];
const set = (words: string): ReadonlySet<string> => new Set(words.split(' '));
const RAYON = set('район района районе району районом районы районов районах районам');
const R = set('р');
const N = set('н на не ну ном он она оне ону оном');
const MO = set('мо вмо');
const OKRUG = set('округ округа округе округу округом');
const MUN = set('муниципальный муниципального муниципальному муниципальным муниципальном муниципальное мун');
const OBRAZ = set('образование образования образовании образованию');
const VNUTR = set('внутригородской внутригородского внутригородском внутригородскому внутригородским');
const POSELENIE = set('поселение поселения поселении поселению поселением');
const POSELOK = set('поселок поселка поселке поселку поселком пос п пгт');
const GOROD = set('город города городе городу городом г');
const GORODSKOY = set('городской городского городском городскому');

const MO_HEADS: Head[] = [[MO], [MUN, OKRUG], [MUN, OBRAZ]];
const RAYON_HEADS: Head[] = [[RAYON], [R, N], [VNUTR, RAYON]];
const MOSCOW = '45000000';

function headsOf(d: District): Head[] {
  switch (d.kind) {
    case 'район':
      return RAYON_HEADS;
    case 'муниципальный округ':
      return d.municipality === MOSCOW ? [...RAYON_HEADS, ...MO_HEADS] : [...MO_HEADS, [OKRUG]];
    case 'поселение':
      return [[POSELENIE], [POSELOK], [GOROD], ...MO_HEADS];
    case 'посёлок':
      return [[POSELOK], ...MO_HEADS];
    case 'город':
    case 'городской округ':
      return [[GOROD], [GORODSKOY, OKRUG], ...MO_HEADS];
  }
}

/** Words after which a name is a street's or a building's, not a district ("Богородское шоссе"). */
const STREET_STEMS: ReadonlySet<string> = new Set(
  (
    'улица улице улицы ул проспект проспекте проспекта пр пркт переулок переулке переулка пер шоссе ш бульвар ' +
    'бульваре бульвара проезд проезде проезда набережная набережной наб площадь площади пл тупик тупике ' +
    'мост мосту моста рынок рынке вокзал вокзале кладбище кладбища парк парке линия линии аллея аллее тракт ' +
    'дорога дороге пруд пруда сквер сквере просек просеке спуск спуске'
  )
    .split(' ')
    .map((w) => stemRu(w)),
);

/**
 * Names that are common words, surnames or street names: they count only next to a head word. Their tokens
 * (tokenize: lower case, ё → е, hyphens split) joined by a space. The generator writes them with a head word too.
 */
export const NEEDS_HEAD: ReadonlySet<string> = new Set([
  'пушкин',
  'ломоносов',
  'гражданка',
  'сокол',
  'гавань',
  'аэропорт',
  'коломна',
  'прометей',
  'урицк',
  'сосновское',
  'дачное',
  'звездное',
  'солнечное',
  'молодежное',
  'первомайское',
  'академическое',
  'проспект вернадского',
  'юго запад',
]);

const CARDINAL_STEMS = new Set(
  ['северный', 'южный', 'восточный', 'западный', 'центральный'].map((w) => stemRu(w)),
);

/** How a one-word name may be inflected. */
type Form = 'any' | 'neuter' | 'ovo' | 'nominative';

interface Pattern {
  code: string;
  /** Per name token, the stems its inflected forms may have. */
  stems: readonly ReadonlySet<string>[];
  /** The name's own normalised tokens (the form a head before it requires). */
  surfaces: readonly string[];
  form: Form;
  /** Needs one of `heads` right before (name in its own form) or right after. */
  needsHead: boolean;
  /** A head may only stand before the name (numbered okrugs: "МО № 7"). */
  headBeforeOnly: boolean;
  heads: readonly Head[];
}

const NEUTER_ENDINGS = ['ое', 'ого', 'ому', 'ом', 'им'];

const CASE_ENDINGS =
  'а я о е у ю ы и ой ей ом ем ам ям ах ях ами ями ов ев ого его ому ему ым им ую ая ое ые ие ых их'.split(
    ' ',
  );
/**
 * The stems a name token's inflected forms get. Snowball does not always give one stem to all the forms of a
 * proper name (stemRu('инкерман') === 'инкерма', stemRu('инкермане') === 'инкерман'), so the name's ending is
 * swapped for each case ending and every stem is kept.
 */
function stemVariants(word: string): ReadonlySet<string> {
  const stems = new Set([stemRu(word)]);
  if (word.length < 4 || !/^[а-я]+$/.test(word)) return stems;
  const base = /(ий|ый|ой|ая|яя|ое|ее|ие|ые)$/.test(word)
    ? word.slice(0, -2)
    : /[аеиоуыэюяйь]$/.test(word)
      ? word.slice(0, -1)
      : word;
  for (const e of CASE_ENDINGS) {
    const s = stemRu(base + e);
    if (s.length >= 4) stems.add(s);
  }
  return stems;
}

/** Core tokens of a display name: the head words a name carries are dropped ("Сенной округ", "Кировский район"). */
function coreTokens(d: District): string[] {
  let t = tokenize(normaliseText(d.name));
  if (d.kind === 'район' && t.length > 1 && t.at(-1) === 'район') t = t.slice(0, -1);
  if (d.kind === 'муниципальный округ' && t.length > 1 && d.municipality !== MOSCOW) {
    if (t.at(-1) === 'округ') t = t.slice(0, -1);
    else if (t[0] === 'округ' || t[0] === 'мо') t = t.slice(1);
  }
  return t;
}

function compile(d: District, surfaces: string[], allNames: ReadonlySet<string>): Pattern[] {
  const joined = surfaces.join(' ');
  const one = surfaces.length === 1 ? (surfaces[0] as string) : '';
  const numbered = /^[0-9]+$/.test(one);
  const adjective = /(ий|ый|ой|ая|яя)$/.test(one);
  const neuter = /(ое|ее)$/.test(one);
  const ovo = /(ов|ев|ин|ын)о$/.test(one);
  const needsHead = numbered || adjective || NEEDS_HEAD.has(joined);
  const form: Form = needsHead
    ? adjective || neuter
      ? 'nominative'
      : 'any'
    : neuter
      ? 'neuter'
      : ovo
        ? 'ovo'
        : 'any';
  const base = {
    code: d.code,
    form,
    needsHead,
    headBeforeOnly: numbered,
    heads: numbered ? MO_HEADS : headsOf(d),
  };
  const stems = surfaces.map(stemVariants);
  const out: Pattern[] = [{ ...base, stems, surfaces }];
  // "Чертаново Южное" ↔ "Южное Чертаново", unless the rest is a district itself (Измайлово vs Восточное Измайлово).
  if (surfaces.length >= 2) {
    const cardinal = (w: string) => CARDINAL_STEMS.has(stemRu(w));
    const rotate = <T>(xs: readonly T[], left: boolean): T[] =>
      left ? [...xs.slice(1), xs[0] as T] : [xs.at(-1) as T, ...xs.slice(0, -1)];
    if (cardinal(surfaces.at(-1) as string) && !allNames.has(surfaces.slice(0, -1).join(' '))) {
      out.push({ ...base, stems: rotate(stems, false), surfaces: rotate(surfaces, false) });
    } else if (cardinal(surfaces[0] as string) && !allNames.has(surfaces.slice(1).join(' '))) {
      out.push({ ...base, stems: rotate(stems, true), surfaces: rotate(surfaces, true) });
    }
  }
  return out;
}

/** True when tokens[at..] spell `head`. */
function headAt(tokens: readonly string[], at: number, head: Head): boolean {
  if (at < 0 || at + head.length > tokens.length) return false;
  for (let k = 0; k < head.length; k++)
    if (!(head[k] as ReadonlySet<string>).has(tokens[at + k] as string)) return false;
  return true;
}

/** Stems of `tokens`, computed on first use (most tokens are never looked at twice). */
function lazyStems(tokens: readonly string[]): (i: number) => string {
  const stems: (string | undefined)[] = new Array(tokens.length);
  return (i) => {
    let s = stems[i];
    if (s === undefined) {
      s = stemRu(tokens[i] as string);
      stems[i] = s;
    }
    return s;
  };
}

function fits(p: Pattern, tokens: readonly string[], stemAt: (i: number) => string, i: number): boolean {
  const n = p.stems.length;
  if (i + n > tokens.length) return false;
  for (let k = 1; k < n; k++) if (!(p.stems[k] as ReadonlySet<string>).has(stemAt(i + k))) return false;
  const end = i + n; // first token after the name
  if (n === 1) {
    const w = tokens[i] as string;
    const name = p.surfaces[0] as string;
    if (p.form === 'neuter' && !NEUTER_ENDINGS.some((e) => w.endsWith(e))) return false;
    if (p.form === 'ovo' && w !== name && w !== `${name.slice(0, -1)}е`) return false;
    if (i > 0 && STREET_STEMS.has(stemAt(i - 1)) && !p.needsHead) return false;
    if (
      end < tokens.length &&
      STREET_STEMS.has(stemAt(end)) &&
      (p.form === 'neuter' || p.form === 'nominative')
    ) {
      return false;
    }
  }
  if (!p.needsHead) return true;
  // Before the name, "район" is also "near" ("в районе Кировского моста", "в районе аэропорта"): after it the
  // name must be in its own form ("район Северный"); after other heads any form ("в посёлке Песочном").
  const own = tokens[i + n - 1] === p.surfaces[n - 1];
  for (const h of p.heads) {
    if ((own || (h[0] !== RAYON && h[0] !== R)) && headAt(tokens, i - h.length, h)) {
      return true;
    }
    if (!p.headBeforeOnly && headAt(tokens, end, h)) return true;
  }
  return false;
}

const PREFIX_LENGTH = 3;

interface MunicipalityIndex {
  /** First stem of a name → the names starting with it, longest first. */
  byFirst: Map<string, Pattern[]>;
  /** First PREFIX_LENGTH letters of every key of byFirst. */
  prefixes: ReadonlySet<string>;
}

export function createDistrictMatcher(districts: readonly District[]): DistrictMatcher {
  const byCode = new Map(districts.map((d) => [d.code, d]));
  const byMunicipality = new Map<string, District[]>();
  for (const d of districts) {
    const list = byMunicipality.get(d.municipality);
    if (list) list.push(d);
    else byMunicipality.set(d.municipality, [d]);
  }
  // municipality → first stem → patterns, longest first (ties: by code, so the result never depends on order).
  const index = new Map<string, MunicipalityIndex>();
  for (const [municipality, list] of byMunicipality) {
    list.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    const cores = list.map((d) => ({ d, surfaces: coreTokens(d) }));
    const names = new Set(cores.map((c) => c.surfaces.join(' ')));
    const byFirst = new Map<string, Pattern[]>();
    for (const { d, surfaces } of cores) {
      for (const p of compile(d, surfaces, names)) {
        for (const key of p.stems[0] as ReadonlySet<string>) {
          const ps = byFirst.get(key);
          if (ps) ps.push(p);
          else byFirst.set(key, [p]);
        }
      }
    }
    for (const ps of byFirst.values()) {
      ps.sort((a, b) => b.stems.length - a.stems.length || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    }
    // Snowball only strips endings, so a stem is a prefix of its token: a token whose first 3 letters start no
    // name needs no stemming (most tokens of a message).
    const prefixes = new Set([...byFirst.keys()].map((k) => k.slice(0, PREFIX_LENGTH)));
    index.set(municipality, { byFirst, prefixes });
  }
  const frozenLists = new Map([...byMunicipality].map(([m, l]) => [m, Object.freeze([...l])]));

  const matchNormalised = (municipality: string, normText: string): string | undefined => {
    const idx = index.get(municipality);
    if (idx === undefined) return undefined;
    const { byFirst, prefixes } = idx;
    const tokens = tokenize(normText);
    const stemAt = lazyStems(tokens);
    for (let i = 0; i < tokens.length; i++) {
      if (!prefixes.has((tokens[i] as string).slice(0, PREFIX_LENGTH))) continue;
      const candidates = byFirst.get(stemAt(i));
      if (candidates === undefined) continue;
      for (const p of candidates) if (fits(p, tokens, stemAt, i)) return p.code;
    }
    return undefined;
  };

  return Object.freeze({
    all: districts,
    match: (municipality: string, text: string) =>
      index.has(municipality) ? matchNormalised(municipality, normaliseText(text)) : undefined,
    matchNormalised,
    byCode: (code: string) => byCode.get(code),
    of: (municipality: string) => frozenLists.get(municipality) ?? [],
  });
}
