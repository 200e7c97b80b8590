/**
 * The text pipeline on hostile text: the normaliser, tokeniser, stemmer, topic classifier, geography resolver,
 * street extractor and PII masker never throw, give well-formed output for any string (controls, bidi overrides,
 * lone surrogates, injection attempts, pollution keys), and finish on 1 MB of adversarial repeats — the shapes
 * their patterns look for, repeated so that a backtracking regex would go quadratic or worse. Completion is the
 * property (the machine is shared: no timing is asserted; a catastrophic pattern runs for minutes and hits the
 * generous timeout). docs/hostile-input.md lists what is tried.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createGeoResolver } from '../classify/geo.ts';
import { createTopicClassifier } from '../classify/topic.ts';
import { extractStreets } from '../cluster/streets.ts';
import { type Doc, TOPIC_IDS, UNKNOWN_MUNICIPALITY } from '../records.ts';
import { loadGazetteer } from '../reference/gazetteer.ts';
import { findPii, maskPii } from './mask-pii.ts';
import { createNormaliser } from './normaliser.ts';
import { stemRuUncached } from './stem.ts';
import { normaliseText } from './text.ts';
import { tokenize } from './tokens.ts';

const gazetteer = loadGazetteer();
const normalise = createNormaliser();
const classifyTopic = createTopicClassifier();
const resolveGeo = createGeoResolver(gazetteer);

const message = (text: string) => ({ id: 'h', source: 'test', createdAt: '', eventTimeMs: 0, text });

/**
 * Every stage on one text; returns what is wrong with their outputs ([] when nothing). Plain checks, one
 * `expect` per text: a 1 MB text has hundreds of thousands of tokens and street mentions.
 */
function problemsOf(text: string): string[] {
  const problems: string[] = [];
  const doc: Doc = normalise(message(text));
  if (doc.tokens.length !== doc.stems.length) problems.push('tokens and stems differ in length');
  if (!doc.tokens.every((t) => TOKEN.test(t))) problems.push('a token outside [0-9a-zа-я]+');
  if (!doc.stems.every((st) => typeof st === 'string')) problems.push('a stem is not a string');
  if (NOT_NORMALISED.test(doc.normText)) problems.push('markup or a control survived normalisation');
  if (doc.normText !== normaliseText(text)) problems.push('normaliser and normaliseText disagree');
  if (tokenize(doc.normText).length < doc.tokens.length) problems.push('more content tokens than tokens');

  const topic = classifyTopic(doc);
  if (!(TOPIC_IDS as readonly string[]).includes(topic.topic)) problems.push(`topic ${topic.topic}`);
  if (!(topic.confidence >= 0 && topic.confidence <= 1)) problems.push(`confidence ${topic.confidence}`);

  const geo = resolveGeo(doc);
  if (geo.municipalityCode !== UNKNOWN_MUNICIPALITY && !gazetteer.byCode(geo.municipalityCode))
    problems.push(`place ${geo.municipalityCode}`);
  if (!Number.isFinite(geo.utcOffsetMin)) problems.push('utc offset');

  const spansOk = (spans: readonly { start: number; end: number }[]) => {
    let last = 0;
    for (const sp of spans) {
      if (sp.start < last || sp.end <= sp.start || sp.end > text.length) return false;
      last = sp.end;
    }
    return true;
  };
  const streets = extractStreets(text);
  if (!spansOk(streets)) problems.push('street spans out of order or bounds');
  if (!streets.every((st) => st.key.startsWith(st.kind))) problems.push('a street key without its kind');
  if (!spansOk(findPii(text))) problems.push('PII spans out of order or bounds');
  if (typeof maskPii(text) !== 'string') problems.push('maskPii');
  return problems;
}
const TOKEN = /^[0-9a-zа-я]+$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: controls must not survive normalisation
const NOT_NORMALISED = /[<>&\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const PIECES = [
  '\u0000',
  '\u0008',
  '\u001b[0m',
  '\u007f',
  '\u0085',
  '\u00ad',
  '\u202e',
  '\u202d',
  '\u2066',
  '\u2069',
  '\u200b',
  '\u200f',
  '\ufeff',
  '\ufffd',
  '\ud800',
  '\udfff',
  '\ud83d',
  '😡',
  '🇷🇺',
  '\u0301',
  '\u0306',
  '\u2028',
  "'; DROP TABLE message_rows; --",
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '&amp;amp;lt;',
  '&#x202e;',
  '__proto__',
  'constructor',
  'hasOwnProperty',
  'ул.',
  'ул. Ленина',
  'улице',
  'Садовой',
  'д.',
  '15/2',
  'корп.',
  '+7 (999',
  '8-951-327-87-89',
  'тел.',
  'Иван Иванович',
  'И.И.',
  'в г.',
  'Курске',
  'в Нижнем Новгороде',
  'отопление',
  'мусор',
  'a@b.ru',
  ' ',
  '-',
  '.',
  ',',
  '\n',
];
const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const hostileText = fc
  .array(fc.oneof(fc.constantFrom(...PIECES), anyCodeUnit, fc.string({ unit: 'grapheme', maxLength: 6 })), {
    maxLength: 60,
  })
  .map((ps) => ps.join(''));

describe('text pipeline on hostile strings (property)', () => {
  it('never throws and returns well-formed tokens, stems, topic, place, street and PII spans', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        expect(problemsOf(text)).toEqual([]);
      }),
      { numRuns: 1500, seed: 0x5eed_0020 },
    );
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('the stemmer takes any token the tokeniser can make', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom(...'абвгдежзийклмнопрстуфхцчшщъыьэюяaz09'),
          minLength: 1,
          maxLength: 40,
        }),
        (token) => {
          const stem = stemRuUncached(token);
          expect(typeof stem).toBe('string');
          expect(stem.length).toBeLessThanOrEqual(token.length);
        },
      ),
      { numRuns: 1000, seed: 0x5eed_0021 },
    );
  });
});

const MB = 1_000_000;
const repeatTo = (unit: string, n = MB) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);

describe('text pipeline on 1 MB of adversarial repeats (completes: no catastrophic backtracking)', () => {
  it.each([
    'ул. ',
    'улица ',
    'Ул.Ленина ',
    'ул. Ленина, д. 1, ',
    'улице Ленина ',
    'на Садовой улице ',
    'ул. 1-я ',
    'пр-т ',
    'д. 1-1-1-',
    'д.',
    '1-',
    '15/',
    'дом 5 на ',
    '+7 (999',
    'тел. ',
    'И.',
    'Иван Иванович ',
    'в г. ',
    'в Нижнем ',
    '<a ',
    '&amp;',
    '&#1',
    'а',
    'аб',
    'ааааа-',
    '\ud800',
    '\u202e',
    'a@',
  ])(
    '%j × 1 MB',
    (unit) => {
      expect(problemsOf(repeatTo(unit))).toEqual([]);
    },
    120_000,
  );

  it('one 1 MB word goes through the stemmer', () => {
    for (const w of ['а', 'б', 'аб', 'ость']) expect(typeof stemRuUncached(repeatTo(w))).toBe('string');
  }, 120_000);
});
