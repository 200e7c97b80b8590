/**
 * Writes a district into a finished message text, as residents do: a sentence before the complaint ("Жители
 * Кировского района обращаются снова.", "В Марьино опять беда.") or after it ("Это в районе Отрадное.", "Мы из
 * МО Дачное.", "(Кировский р-н)"). The text itself is not touched, so the draws that made it (and its noise)
 * are the same with or without a district: the caller gives this its own PRNG stream.
 *
 * A sentence before the text ends in a word that is not the name: a name right before a street word is a
 * street's for the matcher ("Отрадное. Ул. Ленина…"), and texts often start with an address.
 *
 * @example mentionDistrict('Нет воды третий день.', marino, rng) // 'Нет воды третий день. Живём в Марьино.'
 */
import type { DistrictForm } from './district-forms.ts';
import type { Prng } from './prng.ts';
import { type NamedDistrict, pickCumulative } from './town-districts.ts';

type Case = 'nom' | 'gen' | 'prep';

interface Phrase {
  case: Case;
  before: boolean;
  write(x: string): string;
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export const DISTRICT_PHRASES: readonly Phrase[] = [
  { case: 'gen', before: true, write: (x) => `Жители ${x} обращаются снова.` },
  { case: 'gen', before: true, write: (x) => `Пишем из ${x} не первый раз.` },
  { case: 'prep', before: true, write: (x) => `${cap(x)} опять беда.` },
  { case: 'prep', before: true, write: (x) => `${cap(x)} снова то же самое.` },
  { case: 'prep', before: false, write: (x) => `Это ${x}.` },
  { case: 'prep', before: false, write: (x) => `Живём ${x}.` },
  { case: 'prep', before: false, write: (x) => `${cap(x)}, если что.` },
  { case: 'gen', before: false, write: (x) => `Мы из ${x}.` },
  { case: 'gen', before: false, write: (x) => `Жители ${x}.` },
  { case: 'nom', before: false, write: (x) => `(${x})` },
  { case: 'nom', before: false, write: (x) => `${cap(x)}.` },
];

/** Emoji the noise model appends ("… 😡😡"): a sentence after the text goes before them. */
const TRAILING_EMOJI = /\s(?:\p{Extended_Pictographic}|\u200d|\ufe0f)+$/u;
const HAS_LOWER = /[a-zа-яё]/;

/** `text` with a sentence naming `district` before or after it; ~5 draws from `rng`. */
export function mentionDistrict(text: string, district: NamedDistrict, rng: Prng): string {
  const form = district.forms[
    pickCumulative(district.formCum, rng.next() * (district.formCum.at(-1) as number))
  ] as DistrictForm;
  let phrase: Phrase | undefined;
  let x: string | undefined;
  // A form lacks at most one case, so a few tries find a phrase; the nominative always exists.
  for (let i = 0; i < 4 && x === undefined; i++) {
    phrase = DISTRICT_PHRASES[rng.int(DISTRICT_PHRASES.length)] as Phrase;
    x = form[phrase.case];
  }
  if (phrase === undefined || x === undefined) {
    phrase = DISTRICT_PHRASES.at(-2) as Phrase;
    x = form.nom;
  }
  let sentence = phrase.write(x);
  // Most people write ё as е (noise.ts).
  if (rng.next() < 0.65) sentence = sentence.replace(/ё/g, 'е');
  return placeSentence(text, sentence, phrase.before);
}

/** `sentence` before `text` or after it (before its trailing emoji); in capitals when the text is. */
export function placeSentence(text: string, sentence: string, before: boolean): string {
  const s = !HAS_LOWER.test(text) && /[A-ZА-ЯЁ]/.test(text) ? sentence.toUpperCase() : sentence;
  if (before) return `${s} ${text}`;
  const emoji = TRAILING_EMOJI.exec(text);
  if (emoji) return `${text.slice(0, emoji.index)} ${s}${text.slice(emoji.index)}`;
  return `${text} ${s}`;
}
