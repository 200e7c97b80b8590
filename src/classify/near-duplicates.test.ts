import { describe, expect, it } from 'vitest';
import { stemIdsOf } from '../normalise/stem-ids.ts';
import { NearDuplicates } from './near-duplicates.ts';

const T0 = Date.UTC(2025, 2, 3, 9);
const APPEAL =
  'уважаемый глава города просим срочно восстановить освещение детской площадки двор дома темно опасно детям вечером';
const words = (s: string) => s.split(' ');

const doc = (author: string, text: string, minutes = 0, municipality = '01') => ({
  municipality,
  eventTimeMs: T0 + minutes * 60_000,
  author,
  stems: words(text),
});

describe('near-duplicate voices', () => {
  it('gives a long text reposted with small edits by other accounts the first poster’s voice', () => {
    const v = new NearDuplicates();
    expect(v.voiceOf(doc('a1', APPEAL))).toBe('a1');
    expect(v.voiceOf(doc('a2', `${APPEAL} срочно`, 5))).toBe('a1'); // a word added
    expect(v.voiceOf(doc('a3', APPEAL.replace('темно ', ''), 9))).toBe('a1'); // a word dropped
    expect(v.voiceOf(doc('a4', words(APPEAL).reverse().join(' '), 12))).toBe('a1'); // the same words reordered
    expect(v.merged).toBe(3);
  });

  it('leaves short complaints, other texts, other towns and old texts their own authors', () => {
    const v = new NearDuplicates();
    v.voiceOf(doc('a1', APPEAL));
    v.voiceOf(doc('s1', 'нет горячей воды ленина'));
    expect(v.voiceOf(doc('s2', 'нет горячей воды ленина', 1))).toBe('s2'); // short: two residents, not a campaign
    expect(
      v.voiceOf(
        doc(
          'b1',
          'третий день нет горячей воды дома ленина управляющая компания трубку берет никто приходит',
          2,
        ),
      ),
    ).toBe('b1');
    expect(v.voiceOf(doc('c1', APPEAL, 3, '02'))).toBe('c1'); // another municipality
    expect(v.voiceOf(doc('d1', APPEAL, 25 * 60))).toBe('d1'); // past the 24 h horizon
    expect(v.merged).toBe(0);
  });

  it('continues identically from a snapshot (through JSON)', () => {
    const v = new NearDuplicates();
    v.voiceOf(doc('a1', APPEAL));
    const w = new NearDuplicates({}, JSON.parse(JSON.stringify(v.snapshot())));
    expect(w.voiceOf(doc('a2', `${APPEAL} пожалуйста`, 30))).toBe('a1');
    expect(v.voiceOf(doc('a2', `${APPEAL} пожалуйста`, 30))).toBe('a1');
    expect(w.snapshot()).toEqual(v.snapshot());
  });
});

describe('near-duplicate voices by stem id', () => {
  it('gives the same voices and state from stem ids as from the stems themselves', () => {
    // Seeded texts: reposts with edits, repeats of a word within a text, short texts, other towns.
    let seed = 7;
    const rnd = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const vocabulary = words(`${APPEAL} вода свет газ дорога яма снег мусор двор подъезд крыша лифт`);
    const byStems = new NearDuplicates();
    const byIds = new NearDuplicates();
    for (let i = 0; i < 400; i++) {
      const base = rnd() < 0.5 ? words(APPEAL) : vocabulary.filter(() => rnd() < 0.5);
      const stems = base.filter(() => rnd() < 0.93).concat(rnd() < 0.3 ? [base[0] ?? 'вода'] : []);
      const d = { ...doc(`a${i}`, stems.join(' '), i * 7, rnd() < 0.8 ? '01' : '02'), stems };
      expect(byIds.voiceOf({ ...d, stemIds: stemIdsOf(stems) })).toBe(byStems.voiceOf(d));
    }
    expect(byIds.merged).toBeGreaterThan(10);
    expect(byIds.snapshot()).toEqual(byStems.snapshot());
  });
});
