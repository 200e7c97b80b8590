import { describe, expect, it } from 'vitest';
import { normaliseText } from '../normalise/text.ts';
import { UNKNOWN_MUNICIPALITY } from '../records.ts';
import { createGazetteer, loadGazetteer, type Municipality } from '../reference/gazetteer.ts';
import { createGeoResolver, haversineKm, nameTokenStems } from './geo.ts';

const resolve = createGeoResolver(loadGazetteer());
const text = (t: string, extra: { region?: string } = {}) =>
  resolve({ normText: normaliseText(t), ...extra });

describe('createGeoResolver', () => {
  it('resolves an explicit OKTMO code from the gazetteer', () => {
    expect(resolve({ municipality: '38701000', normText: '' })).toEqual({
      municipalityCode: '38701000',
      regionCode: '46',
      geoMethod: 'code',
      utcOffsetMin: 180,
    });
  });

  it('reports an explicit code that is not in the gazetteer as unknown_code, with the region offset', () => {
    const r = resolve({
      municipality: '99999999',
      region: '25',
      normText: 'в Курске',
      lat: 51.73,
      lon: 36.19,
    });
    expect(r).toEqual({
      municipalityCode: UNKNOWN_MUNICIPALITY,
      regionCode: '25',
      geoMethod: 'unknown',
      utcOffsetMin: 600, // Приморский край, UTC+10
      unknownCode: true,
    });
  });

  it('resolves coordinates to the nearest municipality within 30 km', () => {
    // Kursk centre is 51.73 N 36.19 E; 10 km north-east of it is still Kursk.
    expect(resolve({ lat: 51.8, lon: 36.28, normText: '' })).toMatchObject({
      municipalityCode: '38701000',
      geoMethod: 'coords',
    });
    // Novosibirsk (UTC+7)
    expect(resolve({ lat: 55.03, lon: 82.92, normText: '' })).toMatchObject({
      geoMethod: 'coords',
      utcOffsetMin: 420,
    });
  });

  it('does not resolve coordinates far from every municipality, and falls back to the text', () => {
    expect(resolve({ lat: 0, lon: 0, normText: '' }).geoMethod).toBe('unknown');
    expect(resolve({ lat: 0, lon: 0, normText: normaliseText('Нет воды в Курске') })).toMatchObject({
      municipalityCode: '38701000',
      geoMethod: 'text',
    });
  });

  it('finds place names in the text in their case forms, including multi-word and hyphenated names', () => {
    expect(text('Третий день нет воды в Курске')).toMatchObject({
      municipalityCode: '38701000',
      geoMethod: 'text',
    });
    expect(text('Жители Нижнего Новгорода жалуются на ямы')).toMatchObject({ municipalityCode: '22701000' });
    expect(text('в Ростове-на-Дону ямы')).toMatchObject({ municipalityCode: '60701000' });
    expect(text('Администрация Махачкалы, примите меры')).toMatchObject({ regionCode: '05' });
    expect(text('в Орле опять прорыв')).toMatchObject({ municipalityCode: '54701000' });
    expect(text('в Питере дождь')).toMatchObject({ municipalityCode: '40000000' });
  });

  it('avoids street names, region adjectives and ordinary words', () => {
    expect(text('ул. Кирова, д. 5 нет света').geoMethod).toBe('unknown');
    expect(text('на улице Кирова нет света').geoMethod).toBe('unknown');
    expect(text('в Курской области дороги плохие').geoMethod).toBe('unknown');
    expect(text('в Советском районе нет света').geoMethod).toBe('unknown');
    expect(text('орел сидит на крыше').geoMethod).toBe('unknown');
    expect(text('машина застряла в грязи').geoMethod).toBe('unknown');
    expect(text('в ней нет воды').geoMethod).toBe('unknown');
    // An ordinary-word name needs a stricter marker than a preposition.
    expect(text('Мы живём в городе Грязи')).toMatchObject({ geoMethod: 'text', regionCode: '48' });
  });

  it('prefers the same-name town in the message region', () => {
    const kirovKaluga = text('в городе Кирове нет воды', { region: '40' }); // Киров is also a street and a surname: strict marker
    const kirovDefault = text('в городе Кирове нет воды');
    expect(kirovKaluga).toMatchObject({ municipalityCode: '29614101' });
    expect(kirovDefault).toMatchObject({ municipalityCode: '33701000' }); // the larger one (Киров, Кировская обл.)
  });

  it('gives an unknown municipality the region offset if the region is known, else Moscow time', () => {
    expect(text('просто текст', { region: '14' })).toEqual({
      municipalityCode: UNKNOWN_MUNICIPALITY,
      regionCode: '14',
      geoMethod: 'unknown',
      utcOffsetMin: 540,
    });
    expect(text('просто текст')).toEqual({
      municipalityCode: UNKNOWN_MUNICIPALITY,
      regionCode: '',
      geoMethod: 'unknown',
      utcOffsetMin: 180,
    });
  });

  it('finds the nearest of several close centres through the grid, across cell borders', () => {
    const m = (code: string, lat: number, lon: number): Municipality => ({
      code,
      name: `Town${code}`,
      region: '01',
      regionName: 'R',
      federalDistrict: 'F',
      population: 1000,
      lat,
      lon,
      utcOffsetMin: 180,
    });
    const g = createGazetteer([
      m('00000001', 49.99, 30.0),
      m('00000002', 50.01, 30.2),
      m('00000003', 50.4, 30.0),
    ]);
    const r = createGeoResolver(g, { maxDistanceKm: 30 });
    expect(r({ lat: 50.0, lon: 30.01, normText: '' }).municipalityCode).toBe('00000001');
    expect(r({ lat: 50.02, lon: 30.15, normText: '' }).municipalityCode).toBe('00000002');
    expect(r({ lat: 50.3, lon: 30.0, normText: '' }).municipalityCode).toBe('00000003');
    expect(r({ lat: 51.0, lon: 30.0, normText: '' }).municipalityCode).toBe(UNKNOWN_MUNICIPALITY);
  });
});

describe('haversineKm', () => {
  it('matches a reference distance (Moscow–Saint Petersburg ≈ 634 km great circle)', () => {
    expect(haversineKm(55.7558, 37.6173, 59.9343, 30.3351)).toBeGreaterThan(630);
    expect(haversineKm(55.7558, 37.6173, 59.9343, 30.3351)).toBeLessThan(640);
  });
});

describe('nameTokenStems', () => {
  it('covers the case forms the Russian stemmer splits', () => {
    const forms = nameTokenStems('ростов');
    expect(forms.has('ростов')).toBe(true); // ростове, ростова
  });
});
