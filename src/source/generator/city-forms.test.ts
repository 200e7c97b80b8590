import { describe, expect, it } from 'vitest';
import { cityForms } from './city-forms.ts';

describe('cityForms', () => {
  // Expected forms from the grammar of Russian place names (Розенталь, «Справочник по правописанию»).
  it.each([
    ['Курск', 'Курска', 'Курске'],
    ['Екатеринбург', 'Екатеринбурга', 'Екатеринбурге'],
    ['Москва', 'Москвы', 'Москве'],
    ['Балашиха', 'Балашихи', 'Балашихе'],
    ['Казань', 'Казани', 'Казани'],
    ['Пермь', 'Перми', 'Перми'],
    ['Ярославль', 'Ярославля', 'Ярославле'],
    ['Алзамай', 'Алзамая', 'Алзамае'],
    ['Евпатория', 'Евпатории', 'Евпатории'],
  ])('%s → %s, в %s', (name, gen, prep) => {
    const f = cityForms(name);
    expect(f).toEqual({ nominative: name, genitive: gen, prepositional: prep, declined: true });
  });
  it.each(['Сочи', 'Нижний Новгород', 'Комсомольск-на-Амуре', 'Иваново', 'Елец', 'Узловая', 'Чебоксары'])(
    'falls back to "в городе %s" when unsure',
    (name) => {
      expect(cityForms(name)).toEqual({
        nominative: name,
        genitive: `города ${name}`,
        prepositional: `городе ${name}`,
        declined: false,
      });
    },
  );
});
