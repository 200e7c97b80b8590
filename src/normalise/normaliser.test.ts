import { describe, expect, it } from 'vitest';
import type { Message } from '../records.ts';
import { createNormaliser } from './normaliser.ts';
import { createStemIds, stemIdsOf } from './stem-ids.ts';
import { createStemmer, stemRu } from './stem.ts';
import { tokenize } from './tokens.ts';

const msg = (text: string): Message => ({ id: 'm1', source: 'test', createdAt: '', eventTimeMs: 0, text });

describe('stemRu', () => {
  it('gives word forms of one lemma the same stem', () => {
    expect(stemRu('отопления')).toBe(stemRu('отоплением'));
    expect(stemRu('отопления')).toBe('отоплен');
    expect(stemRu('воды')).toBe(stemRu('вода'));
    expect(stemRu('мусора')).toBe('мусор');
    expect(stemRu('горячей')).toBe(stemRu('горячая'));
  });

  it('leaves numbers and Latin words alone', () => {
    expect(stemRu('2017')).toBe('2017');
    expect(stemRu('wifi')).toBe('wifi');
  });

  it('keeps its cache bounded', () => {
    const s = createStemmer(2);
    expect([s('домов'), s('дома'), s('домами'), s('домов')]).toEqual(['дом', 'дом', 'дом', 'дом']);
  });
});

describe('tokenize', () => {
  it('splits on punctuation and keeps numbers', () => {
    expect(tokenize('не вывозят мусор во дворе дома 15, из-за чего')).toEqual([
      'не',
      'вывозят',
      'мусор',
      'во',
      'дворе',
      'дома',
      '15',
      'из',
      'за',
      'чего',
    ]);
  });
});

describe('createNormaliser', () => {
  it('fills normText, content tokens and stems, keeping negations', () => {
    const n = createNormaliser();
    const d = n({ ...msg('Третий день НЕТ отоплениЯ в доме 15 по ул. Ленинa!'), lat: 51.7, author: 'a1' });
    expect(d.normText).toBe('третий день нет отопления в доме 15 по ул. ленина!');
    expect(d.tokens).toEqual(['день', 'нет', 'отопления', 'доме', '15', 'ул', 'ленина']);
    expect(d.stems).toEqual(['ден', 'нет', 'отоплен', 'дом', '15', 'ул', 'ленин']);
    expect(d.lat).toBe(51.7);
    expect(d.author).toBe('a1');
    expect(d.id).toBe('m1');
  });

  it('drops every form of a pronoun the stop list stops, not some of its cases only', () => {
    const n = createNormaliser();
    const d = n(msg('Двор, которым никто не занимается, и люк, которому уже год, у нашего дома'));
    expect(d.tokens).toEqual(['двор', 'не', 'занимается', 'люк', 'год', 'дома']);
  });

  it('gives the same tokens as tokenize minus stop words, also once its table is recycled', () => {
    const n = createNormaliser({ stemCacheSize: 3 });
    const text = 'Во дворе дома не вывозят мусор, мусорные баки переполнены, мусор лежит во дворе';
    const a = n(msg(text));
    const b = n(msg(text));
    expect(b).toEqual(a);
    expect(a.tokens).toEqual([
      'дворе',
      'дома',
      'не',
      'вывозят',
      'мусор',
      'мусорные',
      'баки',
      'переполнены',
      'мусор',
      'лежит',
      'дворе',
    ]);
    expect(a.stems.length).toBe(a.tokens.length);
    expect(b.stemIds).toEqual(a.stemIds);
  });

  it('gives each stem one id, kept out of the JSON of the Doc, also once its table is recycled', () => {
    const ids = createStemIds();
    const n = createNormaliser({ stemCacheSize: 3, stemIds: ids });
    const a = n(msg('Мусор во дворе, мусора полно, двор в мусоре'));
    expect(a.stems).toEqual(['мусор', 'двор', 'мусор', 'полн', 'двор', 'мусор']);
    expect([...(a.stemIds ?? [])]).toEqual([0, 1, 0, 2, 1, 0]);
    expect(a.stems.map((s) => ids.stemOf(ids.idOf(s)))).toEqual(a.stems);
    const b = n(msg('двор мусор'));
    expect([...(b.stemIds ?? [])]).toEqual([1, 0]);
    expect(JSON.stringify(a)).not.toContain('stemIds');
    expect(Object.keys(a)).not.toContain('stemIds');
    expect([...stemIdsOf(['полн', 'нов'], ids)]).toEqual([2, 3]);
  });

  it('keeps every Doc its ids across the shared slabs they are views of', () => {
    const ids = createStemIds();
    const n = createNormaliser({ stemIds: ids });
    const words = 'мусор двор подъезд крыша вода свет газ дорога яма снег лед труба';
    // 3,000 messages of 12–24 stems: well over one slab (16,384 ids), and one longer than what is left of it.
    const docs = Array.from({ length: 3000 }, (_, i) => n(msg(`${words} ${i} ${i % 7 === 0 ? words : ''}`)));
    docs.push(n(msg(Array.from({ length: 20_000 }, (_, i) => `w${i}`).join(' '))));
    for (const d of docs) expect([...(d.stemIds ?? [])]).toEqual([...stemIdsOf(d.stems, ids)]);
  });
});
