/**
 * Street names and house numbers for message texts. Every town gets its own subset of a common pool (the
 * usual Ленина, Мира, Советская…); incidents take their street from a separate pool, so an incident's street
 * is specific to it and findable by the explanation stage.
 */
import type { Prng } from './prng.ts';

type StreetKind = 'ул' | 'пр' | 'пер' | 'бул' | 'ш' | 'пл' | 'наб' | 'проезд';

export interface Street {
  kind: StreetKind;
  /** The name as written after the street type, invariant in all cases ("Ленина", "Мира", "Советская"). */
  name: string;
}

/** Case forms of each street type: [nominative, prepositional ("на …"), dative ("по …"), abbreviation]. */
const KIND_FORMS: Record<StreetKind, [string, string, string, string]> = {
  ул: ['улица', 'улице', 'улице', 'ул.'],
  пр: ['проспект', 'проспекте', 'проспекту', 'пр-т'],
  пер: ['переулок', 'переулке', 'переулку', 'пер.'],
  бул: ['бульвар', 'бульваре', 'бульвару', 'б-р'],
  ш: ['шоссе', 'шоссе', 'шоссе', 'ш.'],
  пл: ['площадь', 'площади', 'площади', 'пл.'],
  наб: ['набережная', 'набережной', 'набережной', 'наб.'],
  // "пр-д", not "пр.": in real addresses "пр." is a проспект.
  проезд: ['проезд', 'проезде', 'проезду', 'пр-д'],
};

const s = (kind: StreetKind, name: string): Street => ({ kind, name });

/** Streets of everyday messages. Genitive person names and invariant forms only, so all cases read right. */
export const COMMON_STREETS: readonly Street[] = [
  s('ул', 'Ленина'),
  s('ул', 'Гагарина'),
  s('ул', 'Пушкина'),
  s('ул', 'Кирова'),
  s('ул', 'Карла Маркса'),
  s('ул', 'Советская'),
  s('ул', 'Молодёжная'),
  s('ул', 'Школьная'),
  s('ул', 'Садовая'),
  s('ул', 'Центральная'),
  s('ул', 'Лесная'),
  s('ул', 'Комсомольская'),
  s('ул', 'Первомайская'),
  s('ул', 'Строителей'),
  s('ул', 'Чехова'),
  s('ул', 'Горького'),
  s('ул', 'Ломоносова'),
  s('ул', 'Дзержинского'),
  s('ул', 'Победы'),
  s('ул', '8 Марта'),
  s('ул', 'Мичурина'),
  s('ул', 'Суворова'),
  s('ул', 'Некрасова'),
  s('ул', 'Лермонтова'),
  s('ул', 'Калинина'),
  s('ул', 'Энгельса'),
  s('ул', 'Октябрьская'),
  s('ул', 'Заводская'),
  s('ул', 'Гоголя'),
  s('пр', 'Мира'),
  s('пр', 'Ленина'),
  s('пр', 'Победы'),
  s('пр', 'Космонавтов'),
  s('пр', 'Строителей'),
  s('пер', 'Садовый'),
  s('пер', 'Почтовый'),
  s('пер', 'Школьный'),
  s('пер', 'Театральный'),
  s('бул', 'Юности'),
  s('бул', 'Гагарина'),
  s('ш', 'Московское'),
  s('пл', 'Революции'),
  s('проезд', 'Энергетиков'),
];

/** Streets reserved for injected incidents: never used by the background stream. */
export const INCIDENT_STREETS: readonly Street[] = [
  s('ул', 'Черняховского'),
  s('ул', 'Малиновского'),
  s('ул', 'Рокоссовского'),
  s('ул', 'Ватутина'),
  s('ул', 'Королёва'),
  s('ул', 'Циолковского'),
  s('ул', 'Менделеева'),
  s('ул', 'Жуковского'),
  s('ул', 'Тургенева'),
  s('ул', 'Крупской'),
  s('ул', 'Фрунзе'),
  s('ул', 'Чапаева'),
  s('ул', 'Щорса'),
  s('ул', 'Куйбышева'),
  s('ул', 'Бажова'),
  s('ул', 'Есенина'),
  s('ул', 'Маяковского'),
  s('ул', 'Титова'),
  s('ул', 'Нахимова'),
  s('ул', 'Ушакова'),
  s('ул', 'Кутузова'),
  s('ул', 'Багратиона'),
  s('ул', 'Пирогова'),
  s('ул', 'Павлова'),
  s('ул', 'Тимирязева'),
  s('ул', 'Вавилова'),
  s('ул', 'Курчатова'),
  s('ул', 'Зелинского'),
  s('ул', 'Гастелло'),
  s('пр', 'Металлургов'),
  s('пр', 'Химиков'),
  s('пер', 'Кленовый'),
  s('пер', 'Рябиновый'),
  s('пер', 'Ольховый'),
  s('бул', 'Сиреневый'),
  s('наб', 'Волжская'),
  s('наб', 'Речная'),
  s('проезд', 'Геологов'),
  s('ш', 'Промышленное'),
];

/** How a street is cited: 'plain' "ул. Ленина", 'na' "на ул. Ленина" / "на улице Ленина", 'po' "по проспекту Мира". */
export function formatStreet(st: Street, form: 'plain' | 'na' | 'po', rng: Prng): string {
  const forms = KIND_FORMS[st.kind];
  // Adjectival names ("Советская") stay after the abbreviation, the usual address notation.
  const adjectival = /(ая|ое|ый|ий|ой)$/.test(st.name);
  const full = !adjectival && rng.next() < 0.35;
  const type = full ? (form === 'plain' ? forms[0] : form === 'na' ? forms[1] : forms[2]) : forms[3];
  const prefix = form === 'plain' ? '' : form === 'na' ? 'на ' : 'по ';
  return `${prefix}${type} ${st.name}`;
}

/** "ул. Ленина", "пр-т Мира": the street as an address label. */
export function streetLabel(st: Street): string {
  return `${KIND_FORMS[st.kind][3]} ${st.name}`;
}

/** A house number the way people write it: "д. 15", "дом 7 корп. 2", "д.3/1", "12А". */
export function houseNumber(rng: Prng): string {
  const n = 1 + Math.floor(rng.next() ** 1.6 * 120);
  const r = rng.next();
  if (r < 0.35) return `д. ${n}`;
  if (r < 0.5) return `дом ${n}`;
  if (r < 0.62) return `д. ${n} корп. ${1 + rng.int(4)}`;
  if (r < 0.7) return `дом ${n} корп. ${1 + rng.int(3)}`;
  if (r < 0.78) return `д.${n}/${1 + rng.int(5)}`;
  if (r < 0.86) return `дом ${n}${'АБВ'[rng.int(3)]}`;
  if (r < 0.93) return `д. ${n}, кв. ${1 + rng.int(180)}`;
  return `дом №${n}`;
}

/** The streets a town uses in everyday messages: a seeded subset of the common pool. */
export function townStreets(rng: Prng): Street[] {
  const pool = [...COMMON_STREETS];
  for (let i = pool.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [pool[i], pool[j]] = [pool[j] as Street, pool[i] as Street];
  }
  return pool.slice(0, 14 + rng.int(12));
}
