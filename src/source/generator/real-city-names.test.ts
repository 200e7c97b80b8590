import { describe, expect, it } from 'vitest';
import { cityForms } from './city-forms.ts';
import { fillCityNames, hasCityMark, maskCityNames } from './real-city-names.ts';

const tula = cityForms('Тула');
const sochi = cityForms('Сочи');
const omsk = cityForms('Омск');
const via = (text: string, city: 'kursk' | 'troitsk', forms = tula) =>
  fillCityNames(maskCityNames(text, city), forms);

describe('real city names', () => {
  it('writes the target town in the case of the original', () => {
    expect(via('Жители г. Курска просят', 'kursk')).toBe('Жители г. Тулы просят');
    expect(via('в Курске нет', 'kursk')).toBe('в Туле нет');
    expect(via('г.Курск,ул.Харьковская', 'kursk')).toBe('г. Тула,ул.Харьковская');
    expect(via('по Курску', 'kursk', omsk)).toBe('по Омску');
    expect(via('по Курску', 'kursk')).toBe('по городу Тула');
  });

  it('uses "города X" / "городе X" for names it cannot decline', () => {
    expect(via('жители г. Курска', 'kursk', sochi)).toBe('жители города Сочи');
    expect(via('в Троицке опять', 'troitsk', sochi)).toBe('в городе Сочи опять');
  });

  it('drops region adjectives and keeps compound names', () => {
    expect(via('Администрация Курской области', 'kursk')).toBe('Администрация области');
    expect(via('маршрут Курск-Льгов, Курскводоканал', 'kursk')).toBe('маршрут Курск-Льгов, Курскводоканал');
  });

  it('Troitsk texts: Троицк and Москва become the target town', () => {
    const masked = maskCityNames('Мэрия Москвы и администрация г.о. Троицк', 'troitsk');
    expect(hasCityMark(masked)).toBe(true);
    expect(fillCityNames(masked, omsk)).toBe('Мэрия Омска и администрация г. Омск');
    expect(hasCityMark('ничего')).toBe(false);
  });
});
