import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { composeCleanText } from '../source/generator/compose-text.ts';
import { createPrng } from '../source/generator/prng.ts';
import {
  COMMON_STREETS,
  formatStreet as generatorFormatStreet,
  houseNumber,
  INCIDENT_STREETS,
  type Street,
} from '../source/generator/streets.ts';
import { TOPIC_IDS } from '../source/generator/topic-profiles.ts';
import { extractStreets, formatStreet, type StreetKind, type StreetMention, streetKey } from './streets.ts';

/** The one mention expected in `text`, as [kind, name, key, house]. */
type Expected = [StreetKind, string, string, string?];

const brief = (m: StreetMention): Expected =>
  m.house === undefined ? [m.kind, m.name, m.key] : [m.kind, m.name, m.key, m.house];

function expectOne(text: string, expected: Expected): void {
  const found = extractStreets(text);
  expect(found.map(brief), text).toEqual([expected]);
}

const keysOf = (text: string): string[] => extractStreets(text).map((m) => m.key);

describe('extractStreets: abbreviations, with or without dot and space', () => {
  it.each<[string, Expected]>([
    ['ул.Ленина', ['улица', 'Ленина', 'улица ленина']],
    ['ул Ленина', ['улица', 'Ленина', 'улица ленина']],
    ['ул. Ленина', ['улица', 'Ленина', 'улица ленина']],
    ['Ул.Литейная не очищена', ['улица', 'Литейная', 'улица литейная']],
    ['пр-т Мира', ['проспект', 'Мира', 'проспект мира']],
    ['пр. Мира', ['проспект', 'Мира', 'проспект мира']],
    ['пр.Мира', ['проспект', 'Мира', 'проспект мира']],
    ['просп. Мира', ['проспект', 'Мира', 'проспект мира']],
    ['по пр-ту Дружбы', ['проспект', 'Дружбы', 'проспект дружбы']],
    ['пр-кт Мира', ['проспект', 'Мира', 'проспект мира']],
    ['пер. Садовый', ['переулок', 'Садовый', 'переулок садовый']],
    ['пер Садовый', ['переулок', 'Садовый', 'переулок садовый']],
    ['б-р Юности', ['бульвар', 'Юности', 'бульвар юности']],
    ['бул. Юности', ['бульвар', 'Юности', 'бульвар юности']],
    ['ш. Московское', ['шоссе', 'Московское', 'шоссе московское']],
    ['пл. Революции', ['площадь', 'Революции', 'площадь революции']],
    ['наб. Нахимова', ['набережная', 'Нахимова', 'набережная нахимова']],
    ['мкр. Северный', ['микрорайон', 'Северный', 'микрорайон северный']],
    ['мкр-н Северный', ['микрорайон', 'Северный', 'микрорайон северный']],
    ['мкрн Северный', ['микрорайон', 'Северный', 'микрорайон северный']],
    ['пр-д Энергетиков', ['проезд', 'Энергетиков', 'проезд энергетиков']],
    ['туп. Садовый', ['тупик', 'Садовый', 'тупик садовый']],
    ['кв-л Северный', ['квартал', 'Северный', 'квартал северный']],
  ])('%s', (text, expected) => expectOne(text, expected));
});

describe('extractStreets: full type words in every case', () => {
  it.each<[string, Expected]>([
    ['улица Ленина', ['улица', 'Ленина', 'улица ленина']],
    ['на улице Ленина', ['улица', 'Ленина', 'улица ленина']],
    ['по улице Ленина', ['улица', 'Ленина', 'улица ленина']],
    ['в конце улицы Ленина', ['улица', 'Ленина', 'улица ленина']],
    ['перейти на улицу Ленина', ['улица', 'Ленина', 'улица ленина']],
    ['с улицей Ленина', ['улица', 'Ленина', 'улица ленина']],
    ['на проспекте Мира', ['проспект', 'Мира', 'проспект мира']],
    ['по проспекту Мира', ['проспект', 'Мира', 'проспект мира']],
    ['от проспекта Мира', ['проспект', 'Мира', 'проспект мира']],
    ['в переулке Садовом', ['переулок', 'Садовый', 'переулок садовый']],
    ['по переулку Садовому', ['переулок', 'Садовый', 'переулок садовый']],
    ['на бульваре Юности', ['бульвар', 'Юности', 'бульвар юности']],
    ['на площади Революции', ['площадь', 'Революции', 'площадь революции']],
    ['по набережной Нахимова', ['набережная', 'Нахимова', 'набережная нахимова']],
    ['по проезду Энергетиков', ['проезд', 'Энергетиков', 'проезд энергетиков']],
    ['в микрорайоне Северном', ['микрорайон', 'Северный', 'микрорайон северный']],
    ['на аллее Славы', ['аллея', 'Славы', 'аллея славы']],
    ['в квартале Северном', ['квартал', 'Северный', 'квартал северный']],
  ])('%s', (text, expected) => expectOne(text, expected));
});

describe('extractStreets: type word after the name', () => {
  it.each<[string, Expected]>([
    ['на Садовой улице', ['улица', 'Садовая', 'улица садовая']],
    ['на Советской улице', ['улица', 'Советская', 'улица советская']],
    ['Московское шоссе', ['шоссе', 'Московское', 'шоссе московское']],
    ['на Московском шоссе', ['шоссе', 'Московское', 'шоссе московское']],
    ['Садовый переулок', ['переулок', 'Садовый', 'переулок садовый']],
    ['в Садовом переулке', ['переулок', 'Садовый', 'переулок садовый']],
    ['у Садового переулка', ['переулок', 'Садовый', 'переулок садовый']],
    ['по Ленинскому проспекту', ['проспект', 'Ленинский', 'проспект ленинский']],
    ['на Волжской набережной', ['набережная', 'Волжская', 'набережная волжская']],
    ['на Привокзальную площадь', ['площадь', 'Привокзальная', 'площадь привокзальная']],
    ['на Нижней Верхней улице', ['улица', 'Нижняя Верхняя', 'улица нижняя верхняя']],
    ['3-й Ольховский переулок', ['переулок', '3-й Ольховский', 'переулок 3 ольховский']],
    ['Майский б-р, 24', ['бульвар', 'Майский', 'бульвар майский', '24']],
    ['напротив дома 24 по Орловской ул, на входе', ['улица', 'Орловская', 'улица орловская', '24']],
  ])('%s', (text, expected) => expectOne(text, expected));

  it('leaves a generic first type word to the real one after the name ("улице 1 Суворовский переулок")', () => {
    expectOne('По улице 1 Суворовский переулок', ['переулок', '1 Суворовский', 'переулок 1 суворовский']);
    expectOne('улица Магистральный проезд, д. 17', ['проезд', 'Магистральный', 'проезд магистральный', '17']);
  });
});

describe('extractStreets: one key for all case forms and abbreviations of a street', () => {
  it.each<[string, string[]]>([
    [
      'улица советская',
      [
        'улица Советская',
        'на улице Советской',
        'по улице Советская',
        'улицы Советской',
        'на улицу Советскую',
        'ул. Советская',
        'по ул. Советской',
        'на Советской улице',
        'Советская улица',
        'Советскую улицу',
      ],
    ],
    ['переулок садовый', ['пер. Садовый', 'в переулке Садовом', 'Садовый переулок', 'Садового переулка']],
    ['улица ленина', ['ул.Ленина', 'на улице Ленина', 'УЛ. ЛЕНИНА', 'ул ленина', 'НА УЛИЦЕ ЛЕНИНА']],
    ['улица молодежная', ['ул. Молодёжная', 'ул. Молодежная', 'на Молодёжной улице']],
    ['улица нижняя', ['ул. Нижняя', 'на улице Нижней', 'на Нижней улице', 'Нижнюю улицу']],
    ['проспект ленинский', ['Ленинский проспект', 'на Ленинском проспекте', 'по пр-ту Ленинскому']],
    ['улица пучковка', ['ул. Пучковка', 'по улице Пучковке', 'с улицей Пучковкой', 'до улицы Пучковки']],
    ['улица франко', ['ул. И.Франко', 'ул. Франко', 'ул. И. Франко']],
    ['улица 3 песковская', ['ул. 3-я Песковская', 'ул. 3я Песковская', 'по 3-й Песковской улице']],
  ])('%s', (key, texts) => {
    for (const text of texts) expect(keysOf(text), text).toEqual([key]);
  });

  it('keeps different streets apart', () => {
    const keys = [
      'ул. Ленина',
      'пр-т Ленина',
      'пл. Ленина',
      'ул. Садовая',
      'пер. Садовый',
      'ул. Красная',
    ].map((t) => keysOf(t)[0]);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('extractStreets: house numbers', () => {
  it.each<[string, string]>([
    ['ул. Ленина, д. 15', '15'],
    ['ул. Ленина, дом 15', '15'],
    ['ул. Ленина д.15а', '15а'],
    ['ул. Ленина 15', '15'],
    ['ул. Ленина, 15', '15'],
    ['ул. Ленина, 15/2', '15/2'],
    ['ул. Ленина, д. 15, корп. 2', '15 к2'],
    ['ул. Ленина 48к2', '48 к2'],
    ['ул. Ленина 97 корп. 2', '97 к2'],
    ['ул. Ленина, д. 5, стр. 1', '5 с1'],
    ['ул. Ленина, 5 с1', '5 с1'],
    ['ул. Ленина дом №78', '78'],
    ['ул. Ленина, д. 15, кв. 3', '15'],
    ['ул. Ленина 12А', '12а'],
    ['ул. Ленина д 5 кв 73', '5'],
    ['ул. Ленина 12-16', '12'],
    ['в доме д. 15 на ул. Ленина', '15'],
    ['в дом 7 корп. 2 по улице Ленина', '7 к2'],
    ['дом №9 по ул. Ленина', '9'],
  ])('%s → %s', (text, house) => {
    const [m] = extractStreets(text);
    expect(m?.key).toBe('улица ленина');
    expect(m?.house).toBe(house);
  });

  it.each([
    'ул. Ленина 15.12.2020 прорвало трубу',
    'ул. Ленина 15:30 авария',
    'на ул. Ленина 3 дня нет воды',
    'на ул. Ленина 200 метров без света',
    'ул. Ленина. Д. 1 Моква',
    'ул. Ленина, кв. 5',
  ])('takes no house from "%s"', (text) => {
    const [m] = extractStreets(text);
    expect(m?.key).toBe('улица ленина');
    expect(m?.house).toBeUndefined();
  });
});

describe('extractStreets: letter case, ё, multi-word and numbered names', () => {
  it.each<[string, Expected]>([
    ['УЛИЦА ДРУЖБЫ, ДОМ 10/3', ['улица', 'Дружбы', 'улица дружбы', '10/3']],
    ['ПО ПРОСПЕКТУ МИРА Д. 7', ['проспект', 'Мира', 'проспект мира', '7']],
    ['УЛ. КАРЛА МАРКСА', ['улица', 'Карла Маркса', 'улица карла маркса']],
    ['ул. пионеров', ['улица', 'Пионеров', 'улица пионеров']],
    ['ул. Карла Маркса', ['улица', 'Карла Маркса', 'улица карла маркса']],
    ['на улице Героев Сибиряков', ['улица', 'Героев Сибиряков', 'улица героев сибиряков']],
    ['по улице генерала григорова', ['улица', 'Генерала Григорова', 'улица генерала григорова']],
    ['ул. Нижняя Казацкая', ['улица', 'Нижняя Казацкая', 'улица нижняя казацкая']],
    ['на ул. 8 Марта', ['улица', '8 Марта', 'улица 8 марта']],
    ['на улице 8 марта', ['улица', '8 Марта', 'улица 8 марта']],
    ['ул. 50 лет Октября', ['улица', '50 лет Октября', 'улица 50 лет октября']],
    ['по ул.40 лет октября', ['улица', '40 лет Октября', 'улица 40 лет октября']],
    ['ул. 1-я Линия', ['улица', '1-я Линия', 'улица 1 линия']],
    ['ул. Королёва', ['улица', 'Королёва', 'улица королева']],
    ['ул. Мамина-Сибиряка', ['улица', 'Мамина-Сибиряка', 'улица мамина-сибиряка']],
    ['ул. Ленина Курской области', ['улица', 'Ленина', 'улица ленина']],
  ])('%s', (text, expected) => expectOne(text, expected));

  it('accepts raw text with Latin look-alikes without failing (the caller normalises them)', () => {
    expect(() => extractStreets('на ул. Лeнина (Latin e) и пр-т Mира')).not.toThrow();
  });
});

describe('extractStreets: no false positives', () => {
  it.each([
    'На улице холодно, 5 градусов',
    'НА УЛИЦЕ ХОЛОДНО',
    'НА УЛИЦЕ МИНУС 5',
    'на улице машина',
    'мерзнуть на улице в очереди',
    'Наш дом разваливается',
    'дом 5 лет стоит',
    'Д. 15.12.2020 отключили свет',
    'магазин и пр. в резиновых сапогах',
    'и пр. Все устали',
    'пр. в сапогах',
    'пл. квартиры 50 кв. м',
    'площадь квартиры 50 кв. м',
    'Стоимость проезда выросла',
    'Проезд запрещён',
    'Бесплатный проезд для пенсионеров',
    'в первом квартале 2021',
    'Весь квартал без света',
    'Соседняя улица тоже без света',
    'за водой ходим на соседнюю улицу',
    'зашли в тупик',
    'на набережной холодно',
    'в микрорайоне ИЖС',
    'Просим отремонтировать. Улица разбита',
    'по всему северо-западному микрорайону',
    'детская площадка сломана',
    'кв. 15, подъезд 2',
    '',
  ])('%s', (text) => expect(extractStreets(text)).toEqual([]));
});

describe('extractStreets: spans', () => {
  it('covers the type word, the name and the house', () => {
    const text = 'Нет воды на улице Советской, д. 15а, давно.';
    const [m] = extractStreets(text);
    expect(m && text.slice(m.start, m.end)).toBe('улице Советской, д. 15а');
  });

  it('starts at a name before its type word and at a house before the street', () => {
    const a = 'Темно на Садовой улице.';
    const b = 'Течёт крыша в доме д. 15 на ул. Ленина.';
    const [ma] = extractStreets(a);
    const [mb] = extractStreets(b);
    expect(ma && a.slice(ma.start, ma.end)).toBe('Садовой улице');
    expect(mb && b.slice(mb.start, mb.end)).toBe('доме д. 15 на ул. Ленина');
  });

  it('finds every street of a text, in order', () => {
    const text = 'на перекрестке ул.Гагарина и ул.Непиющего, дальше по пр. Мира до Московского шоссе';
    expect(keysOf(text)).toEqual(['улица гагарина', 'улица непиющего', 'проспект мира', 'шоссе московское']);
  });

  it('holds for any text: spans in bounds, ordered, disjoint; key = streetKey(kind, name)', () => {
    const pieces = fc.constantFrom(
      'ул.',
      'улице',
      'пр.',
      'пр-т',
      'Садовой',
      'улица',
      'Ленина',
      'ленина',
      'д.',
      '15',
      '8',
      'Марта',
      'дом',
      'на',
      'и',
      ',',
      '.',
      'переулок',
      'Московское',
      'шоссе',
      'ЛЕНИНА',
      'кв.',
      '5а',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(pieces, fc.string({ maxLength: 3 })), { maxLength: 14 }), (parts) => {
        const text = parts.join(' ');
        let last = 0;
        for (const m of extractStreets(text)) {
          expect(m.start).toBeGreaterThanOrEqual(last);
          expect(m.end).toBeGreaterThan(m.start);
          expect(m.end).toBeLessThanOrEqual(text.length);
          expect(m.key).toBe(streetKey(m.kind, m.name));
          last = m.end;
        }
      }),
      { seed: 20240611, numRuns: 500 },
    );
  });
});

describe('streetKey and formatStreet', () => {
  it('builds keys from kind and name', () => {
    expect(streetKey('улица', 'Советской')).toBe('улица советская');
    expect(streetKey('переулок', 'Садовом')).toBe('переулок садовый');
    expect(streetKey('шоссе', 'Московском')).toBe('шоссе московское');
    expect(streetKey('улица', 'Верхней')).toBe('улица верхняя');
    expect(streetKey('улица', 'Строителей')).toBe('улица строителей');
    expect(streetKey('улица', 'А. С. Пушкина')).toBe('улица пушкина');
    expect(streetKey('улица', 'Молодёжная')).toBe('улица молодежная');
  });

  it('labels a street', () => {
    expect(formatStreet({ kind: 'улица', name: 'Ленина', house: '15' })).toBe('ул. Ленина, 15');
    expect(formatStreet({ kind: 'проспект', name: 'Мира' })).toBe('пр-т Мира');
    expect(formatStreet({ kind: 'шоссе', name: 'Московское', house: '7 к2' })).toBe('ш. Московское, 7 к2');
  });
});

describe('extractStreets on the synthetic generator', () => {
  const streets: readonly Street[] = [...COMMON_STREETS, ...INCIDENT_STREETS];
  const FORMS = ['plain', 'na', 'po'] as const;

  /** The generator's type codes as street kinds, for the key each street should get. */
  const KIND: Record<Street['kind'], StreetKind> = {
    ул: 'улица',
    пр: 'проспект',
    пер: 'переулок',
    бул: 'бульвар',
    ш: 'шоссе',
    пл: 'площадь',
    наб: 'набережная',
    проезд: 'проезд',
  };
  const keyOf = (st: Street) => streetKey(KIND[st.kind], st.name);

  /** Every distinct rendering of a street by the generator (abbreviated and full type, three forms). */
  function renderings(st: Street): string[] {
    const out = new Set<string>();
    for (const form of FORMS) {
      for (let seed = 0; seed < 24; seed++) {
        out.add(generatorFormatStreet(st, form, createPrng(seed, `${st.kind}/${st.name}/${form}`)));
      }
    }
    return [...out];
  }

  /**
   * The generator abbreviates проезд as "пр.", which real addresses (and this module) read as проспект
   * ("пр. Мира", "пр.Дружбы 9А"); the proper abbreviation is "пр-д". Those renderings therefore get the
   * проспект key; the generator could write "пр-д" to make them agree.
   */
  const readsAsProspekt = (st: Street, text: string) => st.kind === 'проезд' && /(^|\s)пр\. /i.test(text);

  it('gives every street one key across all its renderings, and different streets different keys', () => {
    const owner = new Map<string, string>();
    for (const st of streets) {
      const keys = new Set<string>();
      const texts = renderings(st);
      expect(texts.length, `${st.kind} ${st.name}`).toBeGreaterThan(1);
      for (const text of texts) {
        const found = extractStreets(text);
        expect(found.length, text).toBe(1);
        const key = (found[0] as StreetMention).key;
        if (readsAsProspekt(st, text)) expect(key, text).toBe(streetKey('проспект', st.name));
        else keys.add(key);
      }
      expect([...keys], `${st.kind} ${st.name}`).toEqual([keyOf(st)]);
      for (const key of keys) {
        expect(owner.get(key) ?? st.name, key).toBe(st.name);
        owner.set(key, st.name);
      }
    }
    expect(owner.size).toBe(streets.length);
  });

  it('reads the house numbers the generator writes after and before the street', () => {
    // "д. 15" → "15", "дом 7 корп. 2" → "7 к2", "д.3/1" → "3/1", "дом 12А" → "12а", "д. 5, кв. 3" → "5".
    const expected = (h: string) =>
      h
        .replace(/^(?:д\.|дом)\s*№?/, '')
        .replace(/,\s*кв\.\s*\d+$/, '')
        .replace(/\s*корп\.\s*(\d+)/, ' к$1')
        .toLowerCase()
        .trim();
    const rng = createPrng(11, 'houses');
    for (let i = 0; i < 400; i++) {
      const st = streets[i % streets.length] as Street;
      const street = generatorFormatStreet(st, 'na', rng);
      const house = houseNumber(rng);
      for (const text of [`Нет воды ${street}, ${house}.`, `Течёт крыша в доме ${house} ${street}.`]) {
        const found = extractStreets(text);
        expect(
          found.map((m) => m.house),
          text,
        ).toEqual([expected(house)]);
      }
    }
  });

  it('finds only the message street in whole generated messages (no false positives from templates)', () => {
    for (const st of streets) {
      const key = keyOf(st);
      for (let t = 0; t < TOPIC_IDS.length; t++) {
        for (let seed = 0; seed < 3; seed++) {
          const rng = createPrng(seed * 131 + t, st.name);
          const text = composeCleanText(t, { rng, streets: [st], street: st });
          for (const m of extractStreets(text)) {
            if (readsAsProspekt(st, text.slice(m.start, m.end))) continue;
            expect(m.key, text).toBe(key);
          }
        }
      }
    }
  });
});

describe('extractStreets on real appeals (Kursk region, /work/shared/data/ru/appeals-kursk-dev.csv)', () => {
  // Fragments as they stand in the file (ids 2, 9, 10, 24, 139, 127, 214, 317, 95, 1759, 1477, 997, 371, 1658,
  // 1882, 1919, 342, 210, 4), typos and letter case kept.
  it.each<[string, Expected[]]>([
    [
      'Курск,ул.Харьковская,д.14 температура воздуха в жилых помещениях ниже темпе',
      [['улица', 'Харьковская', 'улица харьковская', '14']],
    ],
    [
      'сброса канализационных стоков в овраг в конце улицы Новомосковской г. Курск',
      [['улица', 'Новомосковская', 'улица новомосковская']],
    ],
    ['2020, по улице Сосновая дом 2 отсутствует вода', [['улица', 'Сосновая', 'улица сосновая', '2']]],
    [
      'Прошу Вас поставить на маршрут Льгов (АС)-Льгов-1 (по ул.40 лет октября) ПАЗик ИП Копысова',
      [['улица', '40 лет Октября', 'улица 40 лет октября']],
    ],
    [
      'на проспекте Дружбы дом 19Д на проезжей части дороги ведущей во двор',
      [['проспект', 'Дружбы', 'проспект дружбы', '19д']],
    ],
    [
      'точнее г Курск п Халино ул Ачкасова д 5 кв 73) аварийная служба',
      [['улица', 'Ачкасова', 'улица ачкасова', '5']],
    ],
    [
      'Здравствуйте, я жительница дома ул Ленина 48к2, в нашей округе 2 школы',
      [['улица', 'Ленина', 'улица ленина', '48 к2']],
    ],
    [
      'ЖЕЛЕЗНОГОРСК, УЛИЦА ДРУЖБЫ, ДОМ 10/3 ТРЕБУЮ ВКЛЮЧЕНИЯ ОТОПЛЕНИЯ',
      [['улица', 'Дружбы', 'улица дружбы', '10/3']],
    ],
    [
      'Я проживаю по улице генерала григорова. В нашем микрорайоне 8 м',
      [['улица', 'Генерала Григорова', 'улица генерала григорова']],
    ],
    [
      'На въезде в Чумаковский тупик бочки. В домовладениях Чумаковского тупика продавили. Играют в Чумаковском тупике',
      [
        ['тупик', 'Чумаковский', 'тупик чумаковский'],
        ['тупик', 'Чумаковский', 'тупик чумаковский'],
        ['тупик', 'Чумаковский', 'тупик чумаковский'],
      ],
    ],
    [
      'Курск, Южный переулок, напротив дома №15. Движение по Южному переулку ограничено. Наледь на Южном переулке',
      [
        ['переулок', 'Южный', 'переулок южный'],
        ['переулок', 'Южный', 'переулок южный'],
        ['переулок', 'Южный', 'переулок южный'],
      ],
    ],
    [
      'Курск, площадь Красная, д. 6. По направлению движения в сторону Красной площади установлен знак',
      [
        ['площадь', 'Красная', 'площадь красная', '6'],
        ['площадь', 'Красная', 'площадь красная'],
      ],
    ],
    [
      'от перекрестка с улицей Бурцевкой до остановки; в сторону улицы Бурцевки после 12 февраля',
      [
        ['улица', 'Бурцевка', 'улица бурцевка'],
        ['улица', 'Бурцевка', 'улица бурцевка'],
      ],
    ],
    [
      'По улице 1 Суворовский переулок ( жильцы улицы от “Аэродромной” до',
      [['переулок', '1 Суворовский', 'переулок 1 суворовский']],
    ],
    [
      'А пока все думают и решают жители ул. Ромашковой, проживая в городе, ходят на работу, в школу, магазин и пр. в резиновых сапогах',
      [['улица', 'Ромашковая', 'улица ромашковая']],
    ],
    ['ли по такой обстановке необходимо лично ехать в Водоканал и мерзнуть на улице в очереди', []],
  ])('%s', (text, expected) => {
    expect(extractStreets(text).map(brief)).toEqual(expected);
  });
});
