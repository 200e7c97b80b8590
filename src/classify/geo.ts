/**
 * Geography of a message, in order of trust:
 *  1. the explicit OKTMO code (`municipality`): in the gazetteer → geoMethod 'code'; not in it → UNKNOWN_MUNICIPALITY
 *     with `unknownCode: true` (the brief's `unknown_code`), so the pipeline can dead-letter it as `unknown_municipality` (no fallback: a
 *     wrong code is a producer bug worth seeing);
 *  2. coordinates (`lat`/`lon`): the nearest municipality centre within `maxDistanceKm` (30 km), found through a
 *     0.5° grid index (a handful of cells per lookup, never a scan of the 1,090 municipalities) → 'coords';
 *  3. a place name in the text, matched on stems ("в Нижнем Новгороде" → нижн новгород), multi-word and hyphenated
 *     names included → 'text'. To keep common words and street names from matching ("орел" the bird, "Мирный" the
 *     adjective, "ул. Кирова", "Советского района", "Курской области"), a name counts only right after a place
 *     marker (в, во, из, под, около, г., город…, пгт, село, жители…, администрация…, мэр…), never after a street
 *     marker, and never before область/район/округ/улица. Same-name towns resolve to the one in the message's
 *     `region` if given, else the most populous;
 *  4. otherwise UNKNOWN_MUNICIPALITY, geoMethod 'unknown'.
 * utcOffsetMin is the municipality's; for an unknown one the region's (most common offset among its municipalities)
 * if the region is known, else 180 (Moscow).
 */

import { stemRu } from '../normalise/stem.ts';
import { STOPWORDS_RU } from '../normalise/stopwords-ru.ts';
import { normaliseText } from '../normalise/text.ts';
import { tokenize } from '../normalise/tokens.ts';
import type { Doc, GeoMethod } from '../records.ts';
import { UNKNOWN_MUNICIPALITY } from '../records.ts';
import type { Gazetteer, Municipality } from '../reference/gazetteer.ts';

export interface GeoResult {
  /** OKTMO code or UNKNOWN_MUNICIPALITY. */
  municipalityCode: string;
  /** 2-digit region code, '' when unknown. */
  regionCode: string;
  geoMethod: GeoMethod;
  utcOffsetMin: number;
  /** True when an explicit code is not in the gazetteer (report `unknown_code`): dead-letter as `unknown_municipality`. */
  unknownCode?: true;
}

export interface GeoResolverOptions {
  /** Coordinates farther than this from every municipality centre do not resolve. Default 30. */
  maxDistanceKm?: number;
}

export type GeoInput = Pick<Doc, 'municipality' | 'region' | 'lat' | 'lon' | 'normText'>;
export type GeoResolver = (doc: GeoInput) => GeoResult;

export const MOSCOW_UTC_OFFSET_MIN = 180;
const EARTH_RADIUS_KM = 6371;
const CELL_DEG = 0.5;
const KM_PER_DEG_LAT = 111.2;

/** Tokens (normalised forms) after which a place name counts. */
const PLACE_MARKERS = new Set([
  'в',
  'во',
  'из',
  'под',
  'около',
  'возле',
  'близ',
  'г',
  'гор',
  'город',
  'города',
  'городе',
  'городу',
  'городом',
  'пгт',
  'пос',
  'поселок',
  'поселка',
  'поселке',
  'с',
  'село',
  'села',
  'селе',
  'деревня',
  'деревне',
  'жители',
  'жителей',
  'жителям',
  'житель',
  'жительница',
  'администрация',
  'администрации',
  'мэр',
  'мэрия',
  'мэрии',
  'глава',
  'главе',
  'главы',
]);
/** Markers strict enough for names that are also ordinary words: not the bare prepositions. */
const STRICT_PLACE_MARKERS = new Set(
  [...PLACE_MARKERS].filter((t) => !['в', 'во', 'из', 'под', 'около', 'возле', 'близ', 'с'].includes(t)),
);
/**
 * Town names that are also ordinary Russian words ("в грязи", "в ней" ~ Нея, "зима", "остров"); single-word
 * adjective names (Мирный, Лесной, Советский) are treated the same way.
 */
const AMBIGUOUS_NAMES = new Set([
  'грязи',
  'зима',
  'бор',
  'любим',
  'остров',
  'нея',
  'обь',
  'кемь',
  'сим',
  'оса',
  'дно',
  'луга',
  'холм',
  'коммунар',
  'шахты',
  'пласт',
  'кола',
  'буй',
  'ржев',
  'клин',
  'тара',
  'гай',
  'реж',
  'южа',
  'шуя',
  'зея',
  'плес',
  'саки',
  'ялта',
  'очер',
  'азов',
  'вал',
  'мирный',
  'белый',
  'светлый',
  'ясный',
  'свободный',
  'заречный',
  'лесной',
  'полярный',
  'радужный',
  'майский',
  'отрадный',
  'прохладный',
  'удачный',
  'октябрьский',
  'советский',
  'советск',
  'пионерский',
  'островной',
  'кедровый',
  'донской',
  'полевской',
  'рыбное',
  'видное',
  'болотное',
  'отрадное',
  'никольское',
  'раменское',
  'яровое',
  'бологое',
  'благодарный',
  'изобильный',
  'артем',
  'киров',
  'жуковский',
  'чайковский',
  'дзержинский',
  'королев',
  'пушкино',
  'чехов',
  'фурманов',
  'ленинск',
]);

/** Tokens after which a name is a street, a person or an organisation, not a place. */
const STREET_MARKERS = new Set([
  'ул',
  'улица',
  'улице',
  'улицу',
  'улицы',
  'пр',
  'пр-т',
  'проспект',
  'проспекте',
  'просп',
  'пер',
  'переулок',
  'переулке',
  'пл',
  'площадь',
  'площади',
  'бульвар',
  'бульваре',
  'б',
  'шоссе',
  'наб',
  'набережная',
  'набережной',
  'проезд',
  'проезде',
  'им',
  'имени',
  'мкр',
  'микрорайон',
  'тупик',
  'памятник',
  'генерала',
]);
/** Stems after which the name was an adjective of a region/district ("Курской области", "Советского района"). */
const AFTER_STEMS_BLOCK = new Set([
  'област',
  'обл',
  'район',
  'р',
  'округ',
  'улиц',
  'ул',
  'шоссе',
  'проспект',
  'тракт',
  'край',
  'кра',
]);
/** Informal names. */
const ALIASES: Record<string, string> = {
  питер: 'Санкт-Петербург',
  петербург: 'Санкт-Петербург',
  спб: 'Санкт-Петербург',
  мск: 'Москва',
  екб: 'Екатеринбург',
  нск: 'Новосибирск',
};

interface NameEntry {
  /** Per token of the name, the stems of the case forms it may take in text. */
  forms: Set<string>[];
  key: string;
  /** Needs a STRICT_PLACE_MARKERS marker before it. */
  strict: boolean;
  candidates: Municipality[];
}

/**
 * Stems of the case forms a name's token may take. PorterStemmerRu is not consistent across the forms of town
 * names ("ростов" → рост, "ростове" → ростов), so the forms are generated: + а/у/е/ом/ы/и for a consonant ending,
 * а/я → ы/и/е/у/ю/ой/ей, й → я/ю/е/ем, and with a fleeting vowel dropped (орел → орла, орле).
 */
export function nameTokenStems(token: string): Set<string> {
  const forms = new Set<string>([token]);
  const last = token.charAt(token.length - 1);
  if (token.length > 2 && !'аеиоуыэюяйь'.includes(last)) {
    const bases = [token];
    const fleeting = /^(.+[^аеиоуыэюя])[ео]([лкцнр])$/.exec(token);
    if (fleeting) bases.push(`${fleeting[1]}${fleeting[2]}`);
    for (const b of bases) for (const end of ['а', 'у', 'е', 'ом', 'ы', 'и']) forms.add(b + end);
  } else if ((last === 'а' || last === 'я') && token.length > 3 && !/(ая|яя)$/.test(token)) {
    const b = token.slice(0, -1);
    for (const end of ['ы', 'и', 'е', 'у', 'ю', 'ой', 'ей']) forms.add(b + end);
  } else if (last === 'й' && token.length > 3 && !/(ый|ий|ой)$/.test(token)) {
    const b = token.slice(0, -1);
    for (const end of ['я', 'ю', 'е', 'ем']) forms.add(b + end);
  }
  return new Set([...forms].map(stemRu));
}

/**
 * The UTC offset a message's windows use: its municipality's, or for an unknown municipality its region's
 * (the most common offset among the region's municipalities), else Moscow's. Shared by the resolver and by the
 * state rebuild after a restart, which must place messages in the same local days.
 */
export function createUtcOffsetLookup(
  gazetteer: Gazetteer,
): (municipality: string, region?: string) => number {
  const votes = new Map<string, Map<number, number>>();
  for (const m of gazetteer.all) {
    const v = votes.get(m.region) ?? new Map<number, number>();
    v.set(m.utcOffsetMin, (v.get(m.utcOffsetMin) ?? 0) + 1);
    votes.set(m.region, v);
  }
  const regionOffset = new Map<string, number>();
  for (const [r, v] of votes)
    regionOffset.set(r, [...v].sort((a, b) => b[1] - a[1])[0]?.[0] ?? MOSCOW_UTC_OFFSET_MIN);
  return (municipality, region) =>
    gazetteer.byCode(municipality)?.utcOffsetMin ??
    ((region !== undefined && regionOffset.get(region)) || MOSCOW_UTC_OFFSET_MIN);
}

export function createGeoResolver(gazetteer: Gazetteer, opts: GeoResolverOptions = {}): GeoResolver {
  const maxDistanceKm = opts.maxDistanceKm ?? 30;

  const offsetOf = createUtcOffsetLookup(gazetteer);

  // Grid index: cell key → municipalities whose centre is in the cell.
  const grid = new Map<number, Municipality[]>();
  const cellKey = (latCell: number, lonCell: number) => latCell * 1000 + lonCell;
  for (const m of gazetteer.all) {
    const key = cellKey(Math.floor(m.lat / CELL_DEG), Math.floor(m.lon / CELL_DEG));
    const list = grid.get(key);
    if (list) list.push(m);
    else grid.set(key, [m]);
  }

  // Name index: any stem form of a name's first token → the names starting with it (longest first).
  const byFirstStem = new Map<string, NameEntry[]>();
  const entries = new Map<string, NameEntry>();
  const addName = (name: string, m: Municipality) => {
    const tokens = tokenize(normaliseText(name));
    if (tokens.length === 0) return;
    const key = tokens.join(' ');
    let entry = entries.get(key);
    if (!entry) {
      const strict =
        tokens.length === 1 &&
        (AMBIGUOUS_NAMES.has(key) || /(ый|ий|ой|ое|ая|ые)$/.test(key) || key.length <= 3);
      entry = { forms: tokens.map(nameTokenStems), key, strict, candidates: [] };
      entries.set(key, entry);
      for (const first of entry.forms[0] as Set<string>) {
        const list = byFirstStem.get(first) ?? [];
        list.push(entry);
        list.sort((a, b) => b.forms.length - a.forms.length);
        byFirstStem.set(first, list);
      }
    }
    if (!entry.candidates.includes(m)) entry.candidates.push(m);
  };
  for (const m of gazetteer.all) addName(m.name, m);
  for (const [alias, name] of Object.entries(ALIASES)) {
    for (const m of gazetteer.all) if (m.name === name) addName(alias, m);
  }
  for (const e of entries.values()) e.candidates.sort((a, b) => b.population - a.population);

  const found = (m: Municipality, geoMethod: GeoMethod): GeoResult => ({
    municipalityCode: m.code,
    regionCode: m.region,
    geoMethod,
    utcOffsetMin: m.utcOffsetMin,
  });
  const unknown = (region: string | undefined): GeoResult => ({
    municipalityCode: UNKNOWN_MUNICIPALITY,
    regionCode: region ?? '',
    geoMethod: 'unknown',
    utcOffsetMin: offsetOf(UNKNOWN_MUNICIPALITY, region),
  });

  const nearest = (lat: number, lon: number): Municipality | undefined => {
    const dLat = maxDistanceKm / KM_PER_DEG_LAT;
    const cosLat = Math.max(Math.cos((Math.min(Math.abs(lat) + dLat, 89.9) * Math.PI) / 180), 1e-6);
    const dLon = maxDistanceKm / (KM_PER_DEG_LAT * cosLat);
    let best: Municipality | undefined;
    let bestKm = maxDistanceKm;
    for (let la = Math.floor((lat - dLat) / CELL_DEG); la <= Math.floor((lat + dLat) / CELL_DEG); la++) {
      for (let lo = Math.floor((lon - dLon) / CELL_DEG); lo <= Math.floor((lon + dLon) / CELL_DEG); lo++) {
        for (const m of grid.get(cellKey(la, lo)) ?? []) {
          const km = haversineKm(lat, lon, m.lat, m.lon);
          if (km <= bestKm) {
            bestKm = km;
            best = m;
          }
        }
      }
    }
    return best;
  };

  const fromText = (normText: string, region: string | undefined): Municipality | undefined => {
    const tokens = tokenize(normText);
    if (tokens.length === 0) return undefined;
    let stems: string[] | undefined;
    for (let i = 1; i < tokens.length; i++) {
      const prev = tokens[i - 1] as string;
      if (!PLACE_MARKERS.has(prev)) continue;
      const isStopword = STOPWORDS_RU.has(tokens[i] as string);
      const strictContext = STRICT_PLACE_MARKERS.has(prev);
      if (i >= 2 && STREET_MARKERS.has(tokens[i - 2] as string)) continue;
      stems ??= tokens.map(stemRu);
      const entries = byFirstStem.get(stems[i] as string);
      if (!entries) continue;
      // Every name that matches here; the longest wins, then the message's region, then population.
      let bestLen = 0;
      let best: Municipality | undefined;
      for (const e of entries) {
        const n = e.forms.length;
        if (n < bestLen) break;
        if (e.strict && !strictContext) continue;
        if (n === 1 && isStopword) continue; // "в ней" is not Нея
        let j = 1;
        while (j < n && (e.forms[j] as Set<string>).has(stems[i + j] as string)) j++;
        if (j < n) continue;
        const after = stems[i + n];
        if (after !== undefined && AFTER_STEMS_BLOCK.has(after)) continue;
        const pick =
          (region !== undefined && e.candidates.find((m) => m.region === region)) || e.candidates[0];
        if (!pick) continue;
        const better =
          best === undefined ||
          n > bestLen ||
          (region !== undefined && pick.region === region && best.region !== region) ||
          ((region === undefined || (pick.region === region) === (best.region === region)) &&
            pick.population > best.population);
        if (better) {
          best = pick;
          bestLen = n;
        }
      }
      if (best) return best;
    }
    return undefined;
  };

  return (doc: GeoInput): GeoResult => {
    if (doc.municipality !== undefined && doc.municipality !== '') {
      const m = gazetteer.byCode(doc.municipality);
      if (m) return found(m, 'code');
      return { ...unknown(doc.region), unknownCode: true };
    }
    if (
      typeof doc.lat === 'number' &&
      typeof doc.lon === 'number' &&
      Number.isFinite(doc.lat) &&
      Number.isFinite(doc.lon)
    ) {
      const m = nearest(doc.lat, doc.lon);
      if (m) return found(m, 'coords');
    }
    const m = doc.normText ? fromText(doc.normText, doc.region) : undefined;
    if (m) return found(m, 'text');
    return unknown(doc.region);
  };
}

/** Great-circle distance in km. */
export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const toRad = Math.PI / 180;
  const dLat = (lat2 - lat1) * toRad;
  const dLon = (lon2 - lon1) * toRad;
  const a =
    Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * toRad) * Math.cos(lat2 * toRad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}
