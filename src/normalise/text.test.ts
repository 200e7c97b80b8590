import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseText } from './text.ts';

describe('normaliseText', () => {
  it('lower-cases and folds ё to е', () => {
    expect(normaliseText('ЁЛКА Ещё Зелёная')).toBe('елка еще зеленая');
  });

  it('folds Latin look-alikes inside Cyrillic words (Latin a in "Ленинa")', () => {
    expect(normaliseText('ул. Ленин\u0061 д.5')).toBe('ул. ленина д.5');
    expect(normaliseText('ул. Ленин\u0061')).toBe(normaliseText('ул. Ленина'));
    // Upper-case Latin H, K, P, C inside a Cyrillic word
    expect(normaliseText('KУPСK')).toBe('курск');
    expect(normaliseText('HЕТ CВЕТА')).toBe('нет света');
  });

  it('folds Cyrillic look-alikes inside Latin words (the reverse case)', () => {
    expect(normaliseText('h\u0435llo w\u043erld')).toBe('hello world');
  });

  it('leaves pure Latin words and genuinely mixed tokens alone', () => {
    expect(normaliseText('WhatsApp и Telegram')).toBe('whatsapp и telegram');
    expect(normaliseText('дом 14а')).toBe('дом 14а');
  });

  it('strips HTML tags and entities, including double-escaped ones', () => {
    expect(normaliseText('<p>Нет&nbsp;воды</p><br/>третий&#160;день')).toBe('нет воды третий день');
    expect(normaliseText('&laquo;Квадра&raquo; &amp;quot;опять&amp;quot;')).toBe('квадра опять');
    expect(normaliseText('a<<b>c>d')).not.toMatch(/[<>&]/);
  });

  it('removes emoji, control and zero-width characters', () => {
    expect(normaliseText('мусор😡😡везде 🚮')).toBe('мусор везде');
    expect(normaliseText('му\u200bсор\u00ad\u0007 👍🏻')).toBe('мусор');
    expect(normaliseText('флаг 🇷🇺 тут')).toBe('флаг тут');
  });

  it('joins a combining breve into й and drops stress marks', () => {
    expect(normaliseText('и\u0306од молоко\u0301')).toBe('йод молоко');
  });

  it('collapses whitespace and trims', () => {
    expect(normaliseText('  нет\t\tгорячей \n\r\n воды\u00a0 ')).toBe('нет горячей воды');
    expect(normaliseText(' \n ')).toBe('');
  });

  it('is idempotent on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (s) => {
        const once = normaliseText(s);
        expect(normaliseText(once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });

  it('is idempotent on Russian-looking text with look-alikes, markup and emoji', () => {
    const piece = fc.constantFrom(
      'Ленин',
      'a',
      'A',
      'е',
      'e',
      'Ё',
      'H',
      'н',
      'р',
      'p',
      'x',
      'х',
      'l',
      'z',
      ' ',
      '\n',
      '<b>',
      '</',
      '>',
      '<',
      '&amp;',
      '&nbsp;',
      '&',
      ';',
      '#',
      '😡',
      '\u200b',
      '\u0306',
      'и',
      'İ',
      'ß',
      'Σ',
      '1',
      '-',
      '.',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
        const once = normaliseText(parts.join(''));
        expect(normaliseText(once)).toBe(once);
      }),
      { numRuns: 3000 },
    );
  });
});
