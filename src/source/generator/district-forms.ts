/**
 * The ways a resident names a district of their city (fixtures/geo/districts.json), each in the three cases a
 * message needs: "Кировский район" / "жители Кировского района" / "в Кировском районе"; "район Марьино" /
 * "района Марьино" / "в районе Марьино"; "Марьино" / "Марьино" / "в Марьино"; "МО Дачное"; "посёлок Песочный" /
 * "в посёлке Песочном"; "г. Пушкин". Only phrasings the district matcher (src/geo/districts.ts) recognises:
 *  - head words follow the district's kind: Moscow's округа take район/р-н/МО/муниципальный округ; St Petersburg's
 *    and Sevastopol's take МО/муниципальный округ/округ, never "район"; районы take район/р-н; поселения,
 *    посёлки and towns take поселение/посёлок/пос./город/г.;
 *  - after "район"/"р-н" the name stays in its own form ("в районе Отрадное"), as the matcher requires;
 *  - a name is written bare ("в Отрадном", "на Арбате") only when the matcher takes it without a head: not a
 *    one-word adjective, not a number, not one of the names that are common words (NEEDS_HEAD, the list
 *    of src/geo/districts.ts; district-forms.test.ts checks every form against the matcher);
 *  - a one-word name in -ово/-ево/-ино/-ыно is written as is ("в Марьино", the colloquial form) or in -е ("в
 *    Марьине"), never -а ("жители Марьина" is the surname's form for the matcher).
 * Declension is rule-based and only used where the rules are sure (adjectives, -а/-я/-ь, -о/-ье, masculine
 * consonant stems, plural -и/-ы in the prepositional); anything else gets head-word forms in the nominative,
 * which are always right. A form's case that is not sure is absent (plural genitives: "Кузьминок").
 *
 * @example districtForms({ code: '36701000', name: 'Кировский район', municipality: '36701000', kind: 'район' })[0]
 *   // { nom: 'Кировский район', gen: 'Кировского района', prep: 'в Кировском районе', weight: 4 }
 */
import { type District, NEEDS_HEAD } from '../../geo/districts.ts';

export interface DistrictForm {
  /** "Кировский район", "район Марьино", "МО Дачное". */
  nom: string;
  /** "Кировского района", "района Марьино"; absent when the genitive is not sure ("Кузьминки"). */
  gen?: string;
  /** With its preposition: "в Кировском районе", "на Арбате", "во Внуковском поселении". */
  prep?: string;
  /** Relative frequency of this way of naming among the district's forms. */
  weight: number;
}

const MOSCOW = '45000000';

/** Names said with "на" ("на Арбате", "на Гражданке", "на Чёрной речке"). */
const NA = new Set([
  'Арбат',
  'Якиманка',
  'Соколиная гора',
  'Гражданка',
  'Ржевка',
  'Пискаревка',
  'Ульянка',
  'Большая Охта',
  'Малая Охта',
  'Черная речка',
  'Красненькая речка',
  'Остров Декабристов',
  'Аптекарский остров',
  'Комендантский аэродром',
  'Озеро Долгое',
  'Сосновая поляна',
  'Пороховые',
  'Юго-Запад',
]);

/** Names not used bare or declined: a bare form would read oddly ("на Московской заставе" is a square). */
const HEADED_ONLY = new Set([
  'Московская застава',
  'Невская застава',
  'Пулковский меридиан',
  'Морские ворота',
  'Лиговка-Ямская',
]);

/** Names the rules decline wrongly: [genitive, prepositional with its preposition]. */
const IRREGULAR: Record<string, [string, string]> = {
  'Лисий Нос': ['Лисьего Носа', 'в Лисьем Носу'],
  'Марьина роща': ['Марьиной рощи', 'в Марьиной роще'],
  // A noun in -ой, not an adjective.
  Металлострой: ['Металлостроя', 'в Металлострое'],
};

/**
 * Districts the matcher cannot find under any phrasing, left unnamed so that a text never names a district the
 * truth cannot be checked against: "Юго-Запад" (its first stem "юг" is shorter than the matcher's 3-letter prefix
 * index). district-forms.test.ts fails once the matcher finds it, so that it is named again.
 */
export const UNMATCHABLE = new Set(['Юго-Запад']);

const ADJECTIVE = /(ий|ый|ой|ая|яя)$/;
const OVO = /(ов|ев|ин|ын)о$/;
const lower = (s: string) => s.toLowerCase().replace(/ё/g, 'е');

/** The name without the head words its display name carries ("Кировский район" → "Кировский", "МО № 7" → "№ 7"). */
export function coreName(d: District): string {
  const n = d.name;
  if (d.kind === 'район' && n.endsWith(' район')) return n.slice(0, -' район'.length);
  if (d.kind === 'муниципальный округ' && d.municipality !== MOSCOW) {
    if (n.endsWith(' округ')) return n.slice(0, -' округ'.length);
    if (n.startsWith('округ ')) return n.slice('округ '.length);
    if (n.startsWith('МО ')) return n.slice('МО '.length);
  }
  return n;
}

/** [genitive, prepositional] of one word, or undefined when unsure; `multi`: the word is part of a longer name. */
function declineWord(w: string, multi: boolean): [string | undefined, string] | undefined {
  const stem = (k: number) => w.slice(0, w.length - k);
  const l = lower(w);
  if (/[кгх]ий$/.test(l)) return [`${stem(2)}ого`, `${stem(2)}ом`];
  if (/[жшчщн]ий$/.test(l)) return [`${stem(2)}его`, `${stem(2)}ем`];
  if (/(ый|ой)$/.test(l)) return [`${stem(2)}ого`, `${stem(2)}ом`];
  if (l.endsWith('ая')) return [`${stem(2)}ой`, `${stem(2)}ой`];
  if (l.endsWith('яя')) return [`${stem(2)}ей`, `${stem(2)}ей`];
  if (l.endsWith('ое')) return [`${stem(2)}ого`, `${stem(2)}ом`];
  if (l.endsWith('ее')) return [`${stem(2)}его`, `${stem(2)}ем`];
  if (l.endsWith('ые')) return [`${stem(2)}ых`, `${stem(2)}ых`];
  if (l.endsWith('ие')) return [`${stem(2)}их`, `${stem(2)}их`];
  if (OVO.test(l)) return multi ? [`${stem(1)}а`, `${stem(1)}е`] : [w, w];
  if (l.endsWith('ье')) return [`${stem(1)}я`, w];
  if (l.endsWith('о')) return [`${stem(1)}а`, `${stem(1)}е`];
  if (l.endsWith('ия')) return [`${stem(1)}и`, `${stem(1)}и`];
  if (/[кгхжшчщ]а$/.test(l)) return [`${stem(1)}и`, `${stem(1)}е`];
  if (l.endsWith('а')) return [`${stem(1)}ы`, `${stem(1)}е`];
  if (l.endsWith('я')) return [`${stem(1)}и`, `${stem(1)}е`];
  // -ь is masculine or feminine ("Оккервиль", "Гавань"): not sure.
  if (l.endsWith('ь')) return undefined;
  // Plurals: the prepositional is regular, the genitive is not ("Кузьминок", "Вешняков").
  if (/[кгхжшчщ]и$/.test(l) || l.endsWith('ы')) return [undefined, `${stem(1)}ах`];
  if (l.endsWith('и')) return [undefined, `${stem(1)}ях`];
  // A fleeting vowel ("Метрогородок" → "Метрогородке") is beyond these rules, and beyond the matcher's stems.
  if (/(ок|ек|ец)$/.test(l)) return undefined;
  if (l.endsWith('й')) return [`${stem(1)}я`, `${stem(1)}е`];
  if (/[бвгдзклмнпрстфхцжшщч]$/.test(l)) return [`${w}а`, `${w}е`];
  return undefined;
}

/** A hyphenated word declines in its last part; the parts before must be joining stems ("Косино-", "Южно-"). */
function declineCompound(w: string, multi: boolean): [string | undefined, string] | undefined {
  const dash = w.lastIndexOf('-');
  if (dash < 0) return declineWord(w, multi);
  const head = w.slice(0, dash + 1);
  const last = w.slice(dash + 1);
  // "Тропарево-Никулино", "Лахта-Ольгино": said as is.
  if (OVO.test(lower(last))) return [w, w];
  if (!head.split('-').every((p) => p === '' || /[оь]$/.test(lower(p)))) return undefined;
  const f = declineWord(last, multi);
  return f && [f[0] === undefined ? undefined : head + f[0], head + f[1]];
}

/**
 * [genitive, prepositional] of a whole name, or undefined when unsure; a later word in -ов/-ого… after a noun is a
 * genitive complement, kept as is ("Остров Декабристов" → "на Острове Декабристов").
 */
export function declineName(name: string): [string | undefined, string] | undefined {
  const irregular = IRREGULAR[name];
  if (irregular) return [irregular[0], irregular[1].replace(/^(в|во|на) /, '')];
  const words = name.split(' ');
  const multi = words.length > 1;
  const gen: string[] = [];
  const prep: string[] = [];
  let genSure = true;
  for (const [i, w] of words.entries()) {
    const prev = lower(words[i - 1] ?? '');
    if (i > 0 && !/(ий|ый|ой|ая|яя|ое|ее|ые|ие)$/.test(prev) && /(ов|ев|ин|ых|их|ого|его)$/.test(lower(w))) {
      gen.push(w);
      prep.push(w);
      continue;
    }
    const f = declineCompound(w, multi);
    if (f === undefined) return undefined;
    if (f[0] === undefined) genSure = false;
    gen.push(f[0] ?? w);
    prep.push(f[1]);
  }
  return [genSure ? gen.join(' ') : undefined, prep.join(' ')];
}

/** "в", "во" before в/ф + consonant ("во Внуковском"), or "на" for the names said with it. */
function preposition(core: string, word: string): string {
  if (NA.has(core)) return 'на';
  return /^[вфВФ][^аеёиоуыэюяАЕЁИОУЫЭЮЯ]/.test(word) ? 'во' : 'в';
}

/** All the ways of naming `d`, with their weights (see the module comment). */
export function districtForms(d: District): DistrictForm[] {
  const core = coreName(d);
  if (UNMATCHABLE.has(core)) return [];
  const oneWord = !core.includes(' ');
  const numbered = core.startsWith('№');
  const adjective = oneWord && ADJECTIVE.test(lower(core));
  const headedOnly = HEADED_ONLY.has(core);
  const declined = numbered || headedOnly ? undefined : declineName(core);
  const bareOk = !numbered && !adjective && !headedOnly && !NEEDS_HEAD.has(lower(core).replace(/-/g, ' '));
  const out: DistrictForm[] = [];
  const add = (weight: number, nom: string, gen: string | undefined, prep: string | undefined) => {
    out.push({ nom, ...(gen === undefined ? {} : { gen }), ...(prep === undefined ? {} : { prep }), weight });
  };
  const inPrep = (p: string) => `${preposition(core, p)} ${p}`;
  /** "Кировский район", "Кировского района", "в Кировском районе": an adjective name with its head after it. */
  const headAfter = (weight: number, nom: string, gen: string, prep: string) => {
    if (!declined) return;
    add(weight, `${core} ${nom}`, `${declined[0]} ${gen}`, inPrep(`${declined[1]} ${prep}`));
  };
  const bare = (weight: number) => {
    if (!bareOk || !declined) return;
    const irregular = IRREGULAR[core];
    add(weight, core, declined[0], irregular ? irregular[1] : inPrep(declined[1]));
    if (oneWord && !core.includes('-') && OVO.test(lower(core)))
      add(weight / 4, core, core, inPrep(`${core.slice(0, -1)}е`));
  };
  const mo = (weight: number) => add(weight, `МО ${core}`, `МО ${core}`, `в МО ${core}`);
  const munOkrug = (weight: number) =>
    add(
      weight,
      `муниципальный округ ${core}`,
      `муниципального округа ${core}`,
      `в муниципальном округе ${core}`,
    );
  const town = (weight: number) => {
    add(weight, `г. ${core}`, `г. ${core}`, `в г. ${core}`);
    add(weight, `город ${core}`, `города ${core}`, `в городе ${oneWord ? (declined?.[1] ?? core) : core}`);
  };
  switch (d.kind) {
    case 'район':
      headAfter(4, 'район', 'района', 'районе');
      headAfter(1, 'р-н', 'р-на', 'р-не');
      break;
    case 'муниципальный округ':
      if (d.municipality === MOSCOW) {
        // Moscow's районы are its municipal okrugs: "район Марьино", "в Тверском районе".
        add(2, `район ${core}`, `района ${core}`, `в районе ${core}`);
        add(0.5, `р-н ${core}`, `р-на ${core}`, `в р-не ${core}`);
        if (adjective) {
          headAfter(4, 'район', 'района', 'районе');
          headAfter(1, 'р-н', 'р-на', 'р-не');
        }
        mo(0.5);
        munOkrug(0.5);
      } else {
        mo(2);
        munOkrug(1.5);
        if (adjective) {
          if (d.municipality === '67000000') {
            headAfter(3, 'муниципальный округ', 'муниципального округа', 'муниципальном округе');
          } else headAfter(3, 'округ', 'округа', 'округе');
        }
      }
      bare(4);
      break;
    case 'поселение':
      add(3, `поселение ${core}`, `поселения ${core}`, `в поселении ${core}`);
      // "Внуковское поселение": only neuter names agree with "поселение" ("Московский" is a посёлок's name).
      if (oneWord && lower(core).endsWith('ое')) headAfter(2, 'поселение', 'поселения', 'поселении');
      bare(3);
      break;
    case 'посёлок':
      add(3, `посёлок ${core}`, `посёлка ${core}`, `в посёлке ${oneWord ? (declined?.[1] ?? core) : core}`);
      add(1, `пос. ${core}`, `пос. ${core}`, `в пос. ${core}`);
      bare(4);
      break;
    case 'город':
      town(1.5);
      bare(4);
      break;
    case 'городской округ':
      town(1.5);
      add(0.5, `городской округ ${core}`, `городского округа ${core}`, `в городском округе ${core}`);
      bare(4);
      break;
  }
  return out;
}
