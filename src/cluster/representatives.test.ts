import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Candidate, pickRepresentatives } from './representatives.ts';

const msg = (id: string, authorId: string, stems: string[]): Candidate => ({
  id,
  authorId,
  stems,
  text: stems.join(' '),
});

const ids = (cs: readonly Candidate[]) => cs.map((c) => c.id);

const weights = new Map([
  ['пыл', 60],
  ['карьер', 25],
  ['грузовик', 12],
]);

describe('pickRepresentatives', () => {
  it('returns [] for no candidates or count 0', () => {
    expect(pickRepresentatives([], weights)).toEqual([]);
    expect(
      pickRepresentatives([msg('1', 'a', ['пыл', 'двор', 'окн', 'дом'])], weights, { count: 0 }),
    ).toEqual([]);
  });

  it('chooses one message of a flood of near-duplicate copies', () => {
    const base = ['пыл', 'карьер', 'дыш', 'невозможн', 'окн', 'дет'];
    const flood = Array.from({ length: 40 }, (_, i) =>
      // Every copy by another account; some with one extra word (Jaccard 6/7 ≈ 0.857 ≥ 0.8).
      msg(`f${String(i).padStart(2, '0')}`, `bot${i}`, i % 3 === 0 ? [...base, `слов${i}`] : base),
    );
    const out = pickRepresentatives(flood, weights);
    expect(out.length).toBe(1);
    // Equal relevance, nothing chosen before: the smallest id among the best-scoring (the 6-stem copies).
    expect(ids(out)).toEqual(['f01']);
  });

  it('never chooses two messages of one author', () => {
    const out = pickRepresentatives(
      [
        msg('1', 'a', ['пыл', 'карьер', 'окн', 'дом']),
        msg('2', 'a', ['грузовик', 'ноч', 'шум', 'улиц']),
        msg('3', 'b', ['пыл', 'дет', 'кашел', 'врач']),
      ],
      weights,
    );
    expect(ids(out)).toEqual(['1', '3']);
  });

  it('chooses messages with the key terms first', () => {
    const out = pickRepresentatives(
      [
        msg('a1', 'u1', ['двор', 'ям', 'асфальт', 'машин']),
        msg('a2', 'u2', ['свет', 'фонар', 'подъезд', 'темн']),
        msg('k1', 'u3', ['пыл', 'карьер', 'окн', 'дом']),
        msg('k2', 'u4', ['грузовик', 'ноч', 'шум', 'улиц']),
        msg('k3', 'u5', ['пыл', 'дет', 'кашел', 'врач']),
      ],
      weights,
      { count: 3 },
    );
    // k1: 85/√5 = 38.0; k3: 60/√5 = 26.8; k2: 12/√5 = 5.4; a1, a2: 0.
    expect(ids(out)).toEqual(['k1', 'k3', 'k2']);
  });

  it('trades relevance for diversity by λ', () => {
    const cands = [
      msg('1', 'a', ['пыл', 'карьер', 'окн', 'дом', 'дет']),
      // Shares 4 of 6 stems with '1' (Jaccard 4/6 ≈ 0.667 < 0.8): relevant, but similar.
      msg('2', 'b', ['пыл', 'карьер', 'окн', 'дом', 'двор']),
      // Shares nothing, one key term.
      msg('3', 'c', ['грузовик', 'ноч', 'шум', 'улиц', 'сосед']),
    ];
    // Relevance: '1', '2' = 85/√6 = 34.70 (1.0 normalised); '3' = 12/√6 = 4.90 (0.141).
    // λ = 0.7, step 2: '2' → 0.7 + 0.3(1 − 0.667) = 0.80; '3' → 0.7·0.141 + 0.3 = 0.399.
    expect(ids(pickRepresentatives(cands, weights, { count: 2 }))).toEqual(['1', '2']);
    // λ = 0.2: '2' → 0.2 + 0.8·0.333 = 0.467; '3' → 0.2·0.141 + 0.8 = 0.828.
    expect(ids(pickRepresentatives(cands, weights, { count: 2, lambda: 0.2 }))).toEqual(['1', '3']);
  });

  it('prefers moderate length: fewer than 4 stems are held back, long lists are normalised', () => {
    const out = pickRepresentatives(
      [
        // 2 stems: 85/√3 · 2/4 = 24.5
        msg('short', 'a', ['пыл', 'карьер']),
        // 4 stems: 85/√5 = 38.0
        msg('moderate', 'b', ['пыл', 'карьер', 'окн', 'дыш']),
        // 30 stems: 85/√31 = 15.3
        msg('long', 'c', ['пыл', 'карьер', ...Array.from({ length: 28 }, (_, i) => `w${i}`)]),
      ],
      weights,
      { count: 1 },
    );
    expect(ids(out)).toEqual(['moderate']);
  });

  it('respects count', () => {
    const cands = Array.from({ length: 20 }, (_, i) =>
      msg(`m${i}`, `u${i}`, ['пыл', `a${i}`, `b${i}`, `c${i}`, `d${i}`]),
    );
    for (const count of [1, 3, 5, 8])
      expect(pickRepresentatives(cands, weights, { count }).length).toBe(count);
    expect(pickRepresentatives(cands.slice(0, 2), weights, { count: 5 }).length).toBe(2);
  });

  it('rejects options out of range', () => {
    const c = [msg('1', 'a', ['пыл'])];
    expect(() => pickRepresentatives(c, weights, { count: -1 })).toThrow(RangeError);
    expect(() => pickRepresentatives(c, weights, { count: 1.5 })).toThrow(RangeError);
    expect(() => pickRepresentatives(c, weights, { lambda: 1.1 })).toThrow(RangeError);
    expect(() => pickRepresentatives(c, weights, { maxJaccard: 0 })).toThrow(RangeError);
  });

  const STEMS = ['пыл', 'карьер', 'грузовик', 'окн', 'дом', 'дет', 'двор', 'ям', 'шум', 'ноч'];
  const arbCandidates = fc
    .uniqueArray(
      fc.record({
        id: fc.string({ minLength: 1, maxLength: 4 }),
        authorId: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
        stems: fc.subarray(STEMS),
      }),
      { selector: (c) => c.id, maxLength: 40 },
    )
    .map((cs) => cs.map((c) => ({ ...c, text: c.stems.join(' ') })));

  it('is deterministic: the same choice whatever the input order', () => {
    fc.assert(
      fc.property(
        arbCandidates,
        fc.integer({ min: 1, max: 6 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })),
        (cands, count, lambda, randoms) => {
          const shuffled = cands
            .map((c) => ({ c, k: randoms.next().value as number }))
            .sort((x, y) => x.k - y.k)
            .map(({ c }) => c);
          expect(ids(pickRepresentatives(shuffled, weights, { count, lambda }))).toEqual(
            ids(pickRepresentatives(cands, weights, { count, lambda })),
          );
        },
      ),
    );
  });

  it('keeps its rules on any input: distinct authors, no near-duplicates, at most count', () => {
    fc.assert(
      fc.property(arbCandidates, fc.integer({ min: 1, max: 6 }), (cands, count) => {
        const out = pickRepresentatives(cands, weights, { count });
        expect(out.length).toBeLessThanOrEqual(count);
        expect(new Set(out.map((c) => c.authorId)).size).toBe(out.length);
        for (let i = 0; i < out.length; i++) {
          for (let j = i + 1; j < out.length; j++) {
            const a = new Set((out[i] as Candidate).stems);
            const b = new Set((out[j] as Candidate).stems);
            const inter = [...a].filter((s) => b.has(s)).length;
            const union = a.size + b.size - inter;
            expect(union === 0 ? 1 : inter / union).toBeLessThan(0.8);
          }
        }
        // Something is always chosen when there is a candidate.
        if (cands.length > 0) expect(out.length).toBeGreaterThan(0);
      }),
    );
  });

  it('handles 500 candidates quickly', () => {
    const cands = Array.from({ length: 500 }, (_, i) =>
      msg(`m${String(i).padStart(3, '0')}`, `u${i % 200}`, [
        STEMS[i % STEMS.length] as string,
        STEMS[(i * 3) % STEMS.length] as string,
        `x${i % 37}`,
        `y${i % 11}`,
        `z${i}`,
      ]),
    );
    const out = pickRepresentatives(cands, weights, { count: 5 });
    expect(out.length).toBe(5);
  });
});
