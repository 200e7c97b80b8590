// biome-ignore-all lint/correctness/noPrecisionLoss: reference values are quoted with all the digits mpmath printed
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  chiSquared1UpperTail,
  type KeyTerm,
  keyTerms,
  logLikelihoodG2,
  SurfaceForms,
  type TermCount,
} from './keyness.ts';

const relErr = (a: number, b: number) => (a === b ? 0 : Math.abs(a - b) / Math.abs(b));

/**
 * The mpmath values (mpmath 1.3.0, mp.dps = 30) come from the UCREL formula typed in as it stands:
 *
 *   python3 -c "from mpmath import mp, mpf, log; mp.dps=30
 *   g=lambda a,b,c,d: 2*((a*log(a*(c+d)/(c*(a+b))) if a else 0)+(b*log(b*(c+d)/(d*(a+b))) if b else 0))
 *   print(g(mpf(12),mpf(3),mpf(40),mpf(1000)), g(mpf(311),mpf(420),mpf(2000000),mpf(2200000)))"
 */
describe('logLikelihoodG2', () => {
  it('matches hand calculations', () => {
    // a=10, b=0, c=100, d=100: E1 = 100·10/200 = 5, E2 = 5; G² = 2(10 ln(10/5) + 0) = 20 ln 2.
    expect(relErr(logLikelihoodG2(10, 0, 100, 100), 20 * Math.LN2)).toBeLessThan(1e-15);
    expect(relErr(logLikelihoodG2(10, 0, 100, 100), 13.8629436111989061883446424292)).toBeLessThan(1e-15);
    // a=30, b=10, c=100, d=300: E1 = 100·40/400 = 10, E2 = 300·40/400 = 30;
    // G² = 2(30 ln(30/10) + 10 ln(10/30)) = 2(30 − 10) ln 3 = 40 ln 3.
    expect(relErr(logLikelihoodG2(30, 10, 100, 300), 40 * Math.log(3))).toBeLessThan(1e-15);
    expect(relErr(logLikelihoodG2(30, 10, 100, 300), 43.9444915467243876558098094769)).toBeLessThan(1e-15);
    // a=0, b=5, c=d=100: E2 = 2.5; G² = 2(0 + 5 ln 2) = 10 ln 2 (0·ln 0 = 0; under-use is just as large).
    expect(relErr(logLikelihoodG2(0, 5, 100, 100), 10 * Math.LN2)).toBeLessThan(1e-15);
  });

  it('matches mpmath on a spike-sized and a corpus-sized table', () => {
    expect(relErr(logLikelihoodG2(12, 3, 40, 1000), 63.4175684852896204829168367252)).toBeLessThan(1e-13);
    // The word "fail": 311 in 2,000,000 tokens vs 420 in 2,200,000 (a Cross Validated question's example).
    expect(
      relErr(logLikelihoodG2(311, 420, 2_000_000, 2_200_000), 7.58451765305195898653494031414),
    ).toBeLessThan(1e-12);
  });

  it('is 0 at equal rates and for empty tables, never negative', () => {
    expect(logLikelihoodG2(7, 21, 100, 300)).toBe(0);
    expect(logLikelihoodG2(0, 0, 100, 300)).toBe(0);
    expect(logLikelihoodG2(0, 0, 0, 0)).toBe(0);
    expect(logLikelihoodG2(3, 0, 3, 0)).toBe(0);
  });

  it('is symmetric in the corpora and scales with the sample', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 2, max: 5 }),
        (c, d, fa, fb, k) => {
          const a = Math.round(fa * c);
          const b = Math.round(fb * d);
          const g = logLikelihoodG2(a, b, c, d);
          expect(g).toBeGreaterThanOrEqual(0);
          expect(logLikelihoodG2(b, a, d, c)).toBeCloseTo(g, 9);
          expect(logLikelihoodG2(k * a, k * b, k * c, k * d)).toBeCloseTo(k * g, 8);
        },
      ),
    );
  });

  it('rejects counts larger than their corpus or negative', () => {
    expect(() => logLikelihoodG2(11, 0, 10, 100)).toThrow(RangeError);
    expect(() => logLikelihoodG2(1, 101, 10, 100)).toThrow(RangeError);
    expect(() => logLikelihoodG2(-1, 0, 10, 100)).toThrow(RangeError);
    expect(() => logLikelihoodG2(Number.NaN, 0, 10, 100)).toThrow(RangeError);
  });
});

describe('chiSquared1UpperTail', () => {
  /**
   * [x, P(χ²₁ ≥ x)] from mpmath 1.3.0: erfc(sqrt(mpf(x)/2)). 3.84, 6.63, 10.83 and 15.13 are the critical values
   * the UCREL log-likelihood page gives for p < 0.05, 0.01, 0.001 and 0.0001.
   */
  const REFERENCE: [number, number][] = [
    [0.5, 0.479500122186953462317253346108],
    [3.84, 0.0500435212487050989476636641624],
    [6.63, 0.0100275264463179536934069596618],
    [10.83, 0.000998686379180258783203391823791],
    [15.13, 0.000100355787280152891842111014307],
    [13.8629436111989061883446424292, 0.00019663765560209780842470668434],
    [63.4175684852896204829168367252, 1.6721995739832947596997691204e-15],
    [100, 1.52397060483210521319466865033e-23],
    [1000, 1.79583278480072619458860231757e-219],
  ];

  it.each(REFERENCE)('P(χ²₁ ≥ %d) matches mpmath', (x, p) => {
    expect(relErr(chiSquared1UpperTail(x), p)).toBeLessThan(1e-12);
  });

  it('is 1 at 0 and 0 past underflow', () => {
    expect(chiSquared1UpperTail(0)).toBe(1);
    expect(chiSquared1UpperTail(5000)).toBe(0);
  });
});

describe('keyTerms', () => {
  const reference = new Map([
    ['пыл', 3],
    ['двор', 60],
    ['снег', 200],
    ['мусор', 30],
  ]);

  it('keeps the over-represented terms with enough evidence, with their statistics', () => {
    const target = new Map([
      ['пыл', 12], // 12/40 vs 3/1000: key
      ['двор', 5], // 5/40 vs 60/1000: over-represented, but G² = 2.03
      ['снег', 1], // under-represented
      ['карьер', 6], // absent from the reference
    ]);
    const out = keyTerms(target, 40, reference, 1000);
    // G²: 'пыл' 63.42 > 'карьер' 12 ln 26 = 39.10.
    expect(out.map((k) => k.term)).toEqual(['пыл', 'карьер']);
    const dust = out.find((k) => k.term === 'пыл') as KeyTerm;
    expect(dust.target).toBe(12);
    expect(dust.reference).toBe(3);
    expect(relErr(dust.g2, 63.4175684852896204829168367252)).toBeLessThan(1e-13);
    // Log Ratio: (12/40) / (3/1000) = 100, log2 100 = 6.643856189774724 (mpmath log(100, 2)).
    expect(dust.logRatio).toBeCloseTo(6.64385618977472469574063885898, 12);
    expect(relErr(dust.p, 1.6721995739832947596997691204e-15)).toBeLessThan(1e-12);
    const quarry = out[1] as KeyTerm;
    expect(quarry.reference).toBe(0);
    // Hardie's zero adjustment: reference 0 counts as 0.5, log2((6/40) / (0.5/1000)) = log2 300.
    expect(quarry.logRatio).toBeCloseTo(Math.log2(300), 12);
    // a=6, b=0: E1 = 40·6/1040, G² = 2·6 ln(1040/40) = 12 ln 26.
    expect(relErr(quarry.g2, 12 * Math.log(26))).toBeLessThan(1e-14);
  });

  it('takes an iterable of counts or a Map, and a Map or a lookup function', () => {
    const counts: TermCount[] = [
      { term: 'пыл', count: 12 },
      { term: 'карьер', count: 6 },
      { term: 'мусор', count: 9 },
    ];
    const a = keyTerms(counts, 40, reference, 1000);
    const b = keyTerms(new Map(counts.map((c) => [c.term, c.count])), 40, (t) => reference.get(t) ?? 0, 1000);
    expect(b).toEqual(a);
    expect(a.length).toBe(3);
  });

  it('applies minTarget, minG2 and limit, sorted by G² then term', () => {
    // Two terms with the same table tie on G² and are ordered by term.
    const target = new Map([
      ['б', 4],
      ['а', 4],
      ['в', 1],
      ['г', 8],
    ]);
    const ref = () => 0;
    expect(keyTerms(target, 40, ref, 1000).map((k) => k.term)).toEqual(['г', 'а', 'б']);
    expect(keyTerms(target, 40, ref, 1000, { limit: 2 }).map((k) => k.term)).toEqual(['г', 'а']);
    expect(keyTerms(target, 40, ref, 1000, { minTarget: 5 }).map((k) => k.term)).toEqual(['г']);
    expect(keyTerms(target, 40, ref, 1000, { minTarget: 1, minG2: 0 }).map((k) => k.term)).toEqual([
      'г',
      'а',
      'б',
      'в',
    ]);
    expect(keyTerms(target, 40, ref, 1000, { minG2: 1e9 })).toEqual([]);
    expect(keyTerms(target, 40, ref, 1000, { limit: 0 })).toEqual([]);
  });

  it('returns nothing for an empty target or an empty reference', () => {
    expect(keyTerms(new Map(), 40, reference, 1000)).toEqual([]);
    expect(keyTerms(new Map([['пыл', 12]]), 0, reference, 1000)).toEqual([]);
    // No baseline: G² = 0, no evidence of anything.
    expect(keyTerms(new Map([['пыл', 12]]), 40, new Map(), 0)).toEqual([]);
  });

  it('equals a brute-force filter-and-sort of every term', () => {
    const arb = fc.record({
      targetDocs: fc.integer({ min: 1, max: 200 }),
      referenceDocs: fc.integer({ min: 1, max: 5000 }),
      terms: fc.uniqueArray(
        fc.record({
          term: fc.string({ minLength: 1, maxLength: 3 }),
          fa: fc.double({ min: 0, max: 1, noNaN: true }),
          fb: fc.double({ min: 0, max: 1, noNaN: true }),
        }),
        { selector: (t) => t.term, maxLength: 60 },
      ),
      minG2: fc.constantFrom(0, 3.84, 10.83),
      limit: fc.integer({ min: 0, max: 30 }),
    });
    fc.assert(
      fc.property(arb, ({ targetDocs, referenceDocs, terms, minG2, limit }) => {
        const target = new Map(terms.map((t) => [t.term, Math.round(t.fa * targetDocs)]));
        const ref = new Map(terms.map((t) => [t.term, Math.round(t.fb * referenceDocs)]));
        const got = keyTerms(target, targetDocs, ref, referenceDocs, { minG2, limit });
        const want = [...target]
          .map(([term, a]) => ({ term, a, b: ref.get(term) ?? 0 }))
          .filter(({ a, b }) => a >= 2 && a / targetDocs > b / referenceDocs)
          .map(({ term, a, b }) => ({ term, g2: logLikelihoodG2(a, b, targetDocs, referenceDocs) }))
          .filter(({ g2 }) => g2 >= minG2)
          .sort((x, y) => y.g2 - x.g2 || (x.term < y.term ? -1 : 1))
          .slice(0, limit);
        expect(got.map((k) => [k.term, k.g2])).toEqual(want.map((k) => [k.term, k.g2]));
        for (const k of got) {
          expect(k.logRatio).toBeGreaterThan(0);
          expect(k.p).toBeLessThanOrEqual(1);
        }
      }),
    );
  });

  it('gives a term absent from a small reference a positive log ratio (fast-check counterexample)', () => {
    const [k] = keyTerms(new Map([[' ', 2]]), 54, new Map(), 1, { minG2: 0, limit: 1 });
    expect(k?.logRatio).toBe(1); // at most half the target's rate for the missing count: twice as frequent
  });

  it('ranks 5,000 distinct terms and keeps the top 20', () => {
    const target = new Map<string, number>();
    const ref = new Map<string, number>();
    for (let i = 0; i < 5000; i++) {
      target.set(`t${i}`, (i * 7919) % 50);
      ref.set(`t${i}`, (i * 104_729) % 400);
    }
    const out = keyTerms(target, 500, ref, 20_000);
    expect(out.length).toBe(20);
    for (let i = 1; i < out.length; i++) {
      expect((out[i - 1] as KeyTerm).g2).toBeGreaterThanOrEqual((out[i] as KeyTerm).g2);
    }
  });

  it('throws on a count larger than its corpus (a counting bug upstream)', () => {
    expect(() => keyTerms(new Map([['пыл', 41]]), 40, reference, 1000)).toThrow(RangeError);
  });
});

describe('SurfaceForms', () => {
  it('shows a stem as its most frequent token', () => {
    const s = new SurfaceForms();
    s.add('пыл', 'пыль');
    s.add('пыл', 'пыли');
    s.add('пыл', 'пыль');
    s.add('пыл', 'пылью');
    expect(s.best('пыл')).toBe('пыль');
    expect(s.best('снег')).toBe('снег');
    expect(s.size).toBe(1);
  });

  it('breaks ties by the shorter token, then code-unit order, whatever the arrival order', () => {
    for (const order of [
      ['ямы', 'яма', 'ямами'],
      ['ямами', 'ямы', 'яма'],
    ]) {
      const s = new SurfaceForms();
      for (const t of order) s.add('ям', t);
      expect(s.best('ям')).toBe('яма');
    }
  });

  it('keeps at most maxFormsPerStem tokens and never loses a token seen more than 1/k of the time', () => {
    const s = new SurfaceForms({ maxFormsPerStem: 3 });
    // 'пыль' is 40% of 500 occurrences; the rest are 300 distinct misspellings seen once each.
    let rare = 0;
    for (let i = 0; i < 500; i++) {
      if (i % 5 < 2) s.add('пыл', 'пыль');
      else s.add('пыл', `пыл${rare++}`);
    }
    expect(s.best('пыл')).toBe('пыль');
  });

  it('forgets the least-seen stem (ties: least recently seen) when full', () => {
    const s = new SurfaceForms({ maxStems: 3 });
    for (const [stem, n] of [
      ['а', 3],
      ['б', 1],
      ['в', 1],
    ] as const) {
      for (let i = 0; i < n; i++) s.add(stem, `${stem}1`);
    }
    s.add('г', 'г1'); // evicts 'б': seen once, like 'в', but less recently
    expect(s.size).toBe(3);
    expect(s.best('б')).toBe('б');
    expect(s.best('в')).toBe('в1');
    expect(s.best('а')).toBe('а1');
    expect(s.best('г')).toBe('г1');
  });

  it('stays bounded by maxStems (default 50,000)', () => {
    const s = new SurfaceForms();
    for (let i = 0; i < 60_000; i++) s.add(`s${i}`, `w${i}`);
    expect(s.size).toBeLessThanOrEqual(50_000);
    expect(s.best('s59999')).toBe('w59999');
  });

  it('rejects bounds below 1', () => {
    expect(() => new SurfaceForms({ maxStems: 0 })).toThrow(RangeError);
    expect(() => new SurfaceForms({ maxFormsPerStem: 0.5 })).toThrow(RangeError);
  });
});
