/**
 * The real appeals name their own city (Курск, Троицк — and Москва, which Troitsk belongs to). Posted from
 * another town, such a name would put the message on the wrong map and repeat one foreign name in every town's
 * vocabulary. At load, `maskCityNames` turns each name into a placeholder that keeps its case and whether "г." or
 * "город" preceded it; per message, `fillCityNames` writes the target town's form there (city-forms.ts).
 * Region adjectives ("Курской области", "Курского района") lose the adjective: "области", "района". Hyphenated
 * route names ("Курск-Льгов") and company names ("Курскводоканал") are kept as written.
 *
 * @example fillCityNames(maskCityNames('Жители г. Курска', 'kursk'), cityForms('Тула')) // 'Жители г. Тулы'
 */
import type { CityForms } from './city-forms.ts';

/** Placeholder: MARK, a case letter (N nominative, G genitive, P prepositional, D dative, I instrumental), g|-. */
const MARK = '\u0001';
const CASE_OF_ENDING: Record<string, string> = { '': 'N', а: 'G', ы: 'G', е: 'P', у: 'D', ой: 'I', ом: 'I' };
const NOT_LETTER_AFTER = '(?![А-Яа-яЁё-])';
const NOT_LETTER_BEFORE = '(?<![А-Яа-яЁё-])';
const PREFIX = '((?:г\\.|гор\\.|г\\.о\\.|город(?:а|е|у|ом)?)\\s*)?';

const NAMES: Record<'kursk' | 'troitsk', RegExp[]> = {
  kursk: [new RegExp(`${NOT_LETTER_BEFORE}${PREFIX}Курск(а|е|у|ом)?${NOT_LETTER_AFTER}`, 'g')],
  troitsk: [
    new RegExp(`${NOT_LETTER_BEFORE}${PREFIX}Троицк(а|е|у|ом)?${NOT_LETTER_AFTER}`, 'g'),
    new RegExp(`${NOT_LETTER_BEFORE}${PREFIX}Москв(а|ы|е|у|ой)${NOT_LETTER_AFTER}`, 'g'),
  ],
};
const REGION_ADJECTIVE =
  /(?<![А-Яа-яЁё])(?:Курск|Троицк)(?:ая|ой|ую|ий|ого|ому|им|ом)\s+(?=(?:област|район|округ|обл\.))/g;

export function maskCityNames(text: string, city: 'kursk' | 'troitsk'): string {
  let t = text.replace(REGION_ADJECTIVE, '');
  for (const re of NAMES[city])
    t = t.replace(re, (_m, prefix: string | undefined, ending: string | undefined) => {
      return `${MARK}${CASE_OF_ENDING[ending ?? ''] ?? 'N'}${prefix ? 'g' : '-'}`;
    });
  return t;
}

export const hasCityMark = (s: string): boolean => s.includes(MARK);

// biome-ignore lint/suspicious/noControlCharactersInRegex: the placeholder is a control character on purpose
const MARKS = /\u0001([NGPDI])([g-])/g;

/** `text` with each placeholder written as `forms` (the target town's name). */
export function fillCityNames(text: string, forms: CityForms): string {
  if (!text.includes(MARK)) return text;
  // Regular first-declension names ("Курск") take -у/-ом; others read right as "городу X" / "городом X".
  const regular = forms.declined && forms.genitive === `${forms.nominative}а`;
  return text.replace(MARKS, (_m, c: string, g: string) => {
    const city = g === 'g' ? 'г. ' : '';
    switch (c) {
      case 'G':
        return forms.declined ? `${city}${forms.genitive}` : forms.genitive;
      case 'P':
        return forms.declined ? `${city}${forms.prepositional}` : forms.prepositional;
      case 'D':
        return regular ? `${city}${forms.nominative}у` : `городу ${forms.nominative}`;
      case 'I':
        return regular ? `${city}${forms.nominative}ом` : `городом ${forms.nominative}`;
      default:
        return `${city}${forms.nominative}`;
    }
  });
}
