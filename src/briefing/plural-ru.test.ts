import { describe, expect, it } from 'vitest';
import { AUTHORS_GENITIVE_RU, countRu, formatNumberRu, MESSAGES_RU, pluralRu } from './plural-ru.ts';

/**
 * An independent statement of the rule, from the grammar (Розенталь, «Справочник по правописанию и стилистике»,
 * § согласование сказуемого с подлежащим-числительным; the CLDR plural rules for ru say the same): written over the
 * spelled-out last word of the numeral, not over digits, so it shares no arithmetic with pluralRu.
 */
const LAST_WORD_ONE = ['один'];
const LAST_WORD_FEW = ['два', 'три', 'четыре'];
function spelledLastWord(n: number): string {
  const units = ['ноль', 'один', 'два', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять'];
  const teens = [
    'десять',
    'одиннадцать',
    'двенадцать',
    'тринадцать',
    'четырнадцать',
    'пятнадцать',
    'шестнадцать',
    'семнадцать',
    'восемнадцать',
    'девятнадцать',
  ];
  const tens = [
    '',
    '',
    'двадцать',
    'тридцать',
    'сорок',
    'пятьдесят',
    'шестьдесят',
    'семьдесят',
    'восемьдесят',
    'девяносто',
  ];
  const hundreds = [
    '',
    'сто',
    'двести',
    'триста',
    'четыреста',
    'пятьсот',
    'шестьсот',
    'семьсот',
    'восемьсот',
    'девятьсот',
  ];
  if (n === 1000) return 'тысяча';
  const s = String(n).padStart(3, '0');
  const [h, t, u] = [Number(s[0]), Number(s[1]), Number(s[2])];
  const words: string[] = [];
  if (h > 0) words.push(hundreds[h] as string);
  if (t === 1) words.push(teens[u] as string);
  else {
    if (t > 1) words.push(tens[t] as string);
    if (u > 0 || words.length === 0) words.push(units[u] as string);
  }
  return words[words.length - 1] as string;
}
function formByGrammar(n: number): 'one' | 'few' | 'many' {
  const w = spelledLastWord(n);
  if (LAST_WORD_ONE.includes(w)) return 'one';
  if (LAST_WORD_FEW.includes(w)) return 'few';
  return 'many'; // ноль, пять…девятнадцать, десятки, сотни, «тысяча» (1000 обращений)
}

describe('pluralRu', () => {
  it('agrees with the spelled-out rule for every number 0–1000', () => {
    const index = { one: 0, few: 1, many: 2 } as const;
    for (let n = 0; n <= 1000; n++) {
      expect(pluralRu(n, MESSAGES_RU), `n = ${n}`).toBe(MESSAGES_RU[index[formByGrammar(n)]]);
    }
  });

  it('gives the teens the «many» form, whatever the hundreds', () => {
    for (const h of [0, 100, 200, 1000, 5000])
      for (let t = 11; t <= 14; t++) expect(pluralRu(h + t, MESSAGES_RU)).toBe('обращений');
  });

  it('matches the examples of the issue', () => {
    expect(countRu(1, MESSAGES_RU)).toBe('1 обращение');
    expect(countRu(3, MESSAGES_RU)).toBe('3 обращения');
    expect(countRu(5, MESSAGES_RU)).toBe('5 обращений');
    expect(countRu(21, MESSAGES_RU)).toBe('21 обращение');
    expect(countRu(111, MESSAGES_RU)).toBe('111 обращений');
    expect(countRu(1001, MESSAGES_RU)).toBe('1001 обращение');
    expect(countRu(22_222, MESSAGES_RU)).toBe('22\u00a0222 обращения');
  });

  it('agrees a noun after «от» in the genitive: singular after 1, 21…, plural after everything else', () => {
    expect(countRu(1, AUTHORS_GENITIVE_RU)).toBe('1 автора');
    expect(countRu(3, AUTHORS_GENITIVE_RU)).toBe('3 авторов');
    expect(countRu(11, AUTHORS_GENITIVE_RU)).toBe('11 авторов');
    expect(countRu(21, AUTHORS_GENITIVE_RU)).toBe('21 автора');
    expect(countRu(943, AUTHORS_GENITIVE_RU)).toBe('943 авторов');
  });

  it('gives a fraction the genitive singular', () => {
    expect(countRu(2.5, MESSAGES_RU, 1)).toBe('2,5 обращения');
    expect(countRu(0.4, MESSAGES_RU, 1)).toBe('0,4 обращения');
    // Rounded to an integer, it agrees with what is printed.
    expect(countRu(4.96, MESSAGES_RU, 0)).toBe('5 обращений');
  });

  it('rejects what is not a number', () => {
    expect(() => pluralRu(Number.NaN, MESSAGES_RU)).toThrow(RangeError);
  });
});

describe('formatNumberRu', () => {
  it('writes Russian digits: groups from five digits, decimal comma, true minus', () => {
    expect(formatNumberRu(1234)).toBe('1234');
    expect(formatNumberRu(12345.67, 1)).toBe('12\u00a0345,7');
    expect(formatNumberRu(1_377_738)).toBe('1\u00a0377\u00a0738');
    expect(formatNumberRu(-3.25, 2)).toBe('−3,25');
    expect(formatNumberRu(-0.001, 1)).toBe('0,0');
  });
});
