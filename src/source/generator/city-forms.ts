/**
 * Russian case forms of a city name for messages that name their city only in the text ("в Курске",
 * "жители Екатеринбурга"). Regular first- and second-declension names are declined; anything the rules are not
 * sure about (multi-word, hyphenated, plural, adjectival, fleeting vowels) uses the always-correct
 * "в городе X" / "города X" with X in the nominative.
 *
 * @example
 * cityForms('Курск'); // { nominative: 'Курск', genitive: 'Курска', prepositional: 'Курске', declined: true }
 */
export interface CityForms {
  nominative: string;
  /** "жители Курска", "администрация города Сочи" */
  genitive: string;
  /** Used after "в": "в Курске", "в городе Сочи" (already includes "городе" when not declined). */
  prepositional: string;
  declined: boolean;
}

const FEMININE_SOFT = /(нь|рь|мь|вь|сь|зь)$/;
const HUSHING_OR_VELAR = /[кгхжшчщ]$/;

export function cityForms(name: string): CityForms {
  const fallback: CityForms = {
    nominative: name,
    genitive: `города ${name}`,
    prepositional: `городе ${name}`,
    declined: false,
  };
  if (/[\s-]/.test(name) || name.length < 3) return fallback;
  const stem1 = name.slice(0, -1);
  const last = name.slice(-1);
  if (/(ец|ок|ёк|ек|ые|ий|ый|ой|ое|ие|ая|яя|ы|и|о|е|у|ю|э)$/.test(name)) return fallback;
  if (/[бвгдзклмнпрстфхцжшщч]$/.test(last)) {
    return { nominative: name, genitive: `${name}а`, prepositional: `${name}е`, declined: true };
  }
  if (last === 'й') {
    return { nominative: name, genitive: `${stem1}я`, prepositional: `${stem1}е`, declined: true };
  }
  if (last === 'ь') {
    if (FEMININE_SOFT.test(name)) {
      return { nominative: name, genitive: `${stem1}и`, prepositional: `${stem1}и`, declined: true };
    }
    if (name.endsWith('ль')) {
      return { nominative: name, genitive: `${stem1}я`, prepositional: `${stem1}е`, declined: true };
    }
    return fallback;
  }
  if (name.endsWith('ия')) {
    return { nominative: name, genitive: `${stem1}и`, prepositional: `${stem1}и`, declined: true };
  }
  if (last === 'а') {
    const gen = HUSHING_OR_VELAR.test(stem1) ? `${stem1}и` : `${stem1}ы`;
    return { nominative: name, genitive: gen, prepositional: `${stem1}е`, declined: true };
  }
  if (last === 'я') {
    return { nominative: name, genitive: `${stem1}и`, prepositional: `${stem1}е`, declined: true };
  }
  return fallback;
}
