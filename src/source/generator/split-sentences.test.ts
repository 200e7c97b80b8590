import { describe, expect, it } from 'vitest';
import { splitSentences } from './split-sentences.ts';

describe('splitSentences', () => {
  it('splits at sentence ends followed by a capital, keeping the punctuation', () => {
    expect(splitSentences('Нет света. Ул. Ленина, д. 5! Когда?')).toEqual([
      'Нет света.',
      'Ул. Ленина, д. 5!',
      'Когда?',
    ]);
    expect(splitSentences('Сколько можно?! Примите меры...  Спасибо.')).toEqual([
      'Сколько можно?!',
      'Примите меры...',
      'Спасибо.',
    ]);
  });

  it('does not split after abbreviations and initials', () => {
    expect(
      splitSentences('Обращаюсь по адресу г. Курск, ул. Харьковская. Председатель Левашова А. И. Петрова'),
    ).toEqual(['Обращаюсь по адресу г. Курск, ул. Харьковская.', 'Председатель Левашова А. И. Петрова']);
  });

  it('splits at line breaks; glued sentences and a lower-case start stay together', () => {
    expect(splitSentences('Первое\r\n\r\nВторое.Третье. и дальше')).toEqual([
      'Первое',
      'Второе.Третье. и дальше',
    ]);
  });

  it('joining the sentences gives back the words of the text', () => {
    const text = 'Здравствуйте! В доме № 5 нет воды (уже 3 дня). «Водоканал» молчит.\nПомогите';
    expect(splitSentences(text).join(' ').split(/\s+/)).toEqual(text.split(/\s+/));
  });
});
