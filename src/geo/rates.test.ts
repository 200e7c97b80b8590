// biome-ignore-all lint/correctness/noPrecisionLoss: reference values are quoted with all the digits mpmath printed
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fitRegionalPrior,
  gammaQuantile,
  gammaUpperQuantile,
  garwoodInterval,
  isRateable,
  type PlaceCount,
  placeRates,
} from './rates.ts';

/*
 * Where the reference values come from. scipy is not installed here (the scipy one-liner would be
 * `python3 -c "from scipy.stats import chi2; print(chi2.ppf(0.025, 10) / 2, chi2.ppf(0.975, 12) / 2)"`), so
 * they come from mpmath 1.3.0 at 40–50 digits, by bisection on ln x of its regularised incomplete gamma:
 *
 * python3 - <<'EOF'
 * import mpmath as mp
 * mp.mp.dps = 40
 * def qlow(p, a):  # x with P(a, x) = p  (= scipy chi2.ppf(p, 2a) / 2)
 *     lo, hi = mp.mpf(-2000), mp.log(a) + 60
 *     for _ in range(200):
 *         mid = (lo + hi) / 2
 *         if mp.gammainc(a, 0, mp.exp(mid), regularized=True) < p: lo = mid
 *         else: hi = mid
 *     return mp.exp(lo)
 * def qup(q, a):   # x with Q(a, x) = q  (= scipy chi2.isf(q, 2a) / 2)
 *     lo, hi = mp.mpf(-2000), mp.log(a) + 60
 *     for _ in range(200):
 *         mid = (lo + hi) / 2
 *         if mp.gammainc(a, mp.exp(mid), mp.inf, regularized=True) > q: lo = mid
 *         else: hi = mid
 *     return mp.exp(lo)
 * t = mp.mpf('0.025')
 * for k in [0, 1, 4, 5, 10, 100]: print(k, qlow(t, k) if k else 0, qup(t, k + 1))  # Garwood 95%
 * def region(places):  # Marshall (1991) moments, Gamma-Poisson posterior, per 10,000
 *     n = [mp.mpf(p) for p, _ in places]; y = [mp.mpf(c) for _, c in places]
 *     m = sum(y) / sum(n)
 *     A = sum(ni * (yi / ni - m) ** 2 for ni, yi in zip(n, y)) / sum(n) - m / (sum(n) / len(n))
 *     if A <= 0: A = mp.mpf('1e-3') * m / max(n)                                    # the floor
 *     al, be = m * m / A, m / A
 *     for ni, yi in zip(n, y):
 *         s, r = al + yi, be + ni
 *         print(ni, yi, ni / r, s / r * 1e4, qlow(t, s) / r * 1e4, qup(t, s) / r * 1e4)
 * region([(800, 3), (1000000, 400), (50000, 30), (20000, 6), (5000, 4), (1500, 1)])
 * EOF
 *
 * For shape 2e5 mpmath's gammainc gives up ("series converges too slowly"), so that row sums the series
 * x^a e^−x / Γ(a+1) · Σ xⁿ / ((a+1)…(a+n)) by hand at 40 digits, to a term below 1e-45 of the sum.
 */

const relErr = (a: number, b: number) => (a === b ? 0 : Math.abs(a - b) / Math.abs(b));

describe('garwoodInterval (exact Poisson interval)', () => {
  // Published 95% limits, at the precision they were printed:
  //  - count 0 → [0, 3.689]: R epitools `pois.exact` documentation ("for the upper confidence limit
  //    pois.exact returns 3.689");
  //  - count 0 → [0, 3.6889] and count 5 → [1.6235, 11.6683]: exact-Poisson table values quoted in the brief;
  //  - count 10 → [4.80, 18.39]: calculatorhub.com Poisson interval calculator ("Garwood method").
  // Full digits: the mpmath script above. R survival's `cipoisson(4)` help example prints the upper limit as
  // 10.24153, but mpmath gives 10.241588675403698, so that printed example is not used as a reference.
  const TABLE: [number, number, number, number, number, number][] = [
    // [count, mpmath low, mpmath high, published low, published high, decimals published]
    [0, 0, 3.6888794541139363, 0, 3.6889, 4],
    [0, 0, 3.6888794541139363, 0, 3.689, 3],
    [1, 0.025317807984289875, 5.5716433909388986, Number.NaN, Number.NaN, 0],
    [4, 1.0898653736263249, 10.241588675403698, Number.NaN, Number.NaN, 0],
    [5, 1.6234863901184205, 11.66833207932267, 1.6235, 11.6683, 4],
    [10, 4.7953886961324336, 18.390356042017779, 4.8, 18.39, 2],
    [100, 81.36399125092314, 121.62679379242639, Number.NaN, Number.NaN, 0],
  ];

  it.each(TABLE)(
    'count %d → [%s, %s] (mpmath), and the published digits where there are some',
    (k, ml, mh, pl, ph, d) => {
      const { low, high } = garwoodInterval(k);
      if (ml === 0) expect(low).toBe(0);
      else expect(relErr(low, ml)).toBeLessThan(1e-13);
      expect(relErr(high, mh)).toBeLessThan(1e-13);
      if (d > 0) {
        expect(low).toBeCloseTo(pl, d);
        expect(high).toBeCloseTo(ph, d);
      }
    },
  );

  it('a count of 0 at 95% has the "rule of 3.69" upper bound, -ln(0.025), by hand', () => {
    expect(relErr(garwoodInterval(0).high, -Math.log(0.025))).toBeLessThan(1e-14);
  });

  it('rejects a level outside (0, 1) and a count that is not an integer ≥ 0', () => {
    expect(() => garwoodInterval(5, 1)).toThrow(RangeError);
    expect(() => garwoodInterval(-1)).toThrow(RangeError);
    expect(() => garwoodInterval(2.5)).toThrow(RangeError);
  });

  it('narrows with a lower level', () => {
    const at95 = garwoodInterval(5, 0.95);
    const at90 = garwoodInterval(5, 0.9);
    expect(at90.low).toBeGreaterThan(at95.low);
    expect(at90.high).toBeLessThan(at95.high);
  });
});

describe('gammaQuantile / gammaUpperQuantile', () => {
  // [p, shape, x with P(shape, x) = p], mpmath (script above); small shapes, tails and a large shape.
  const REFERENCE: [number, number, number][] = [
    [0.025, 0.5, 0.00049103455858762801],
    [0.975, 0.5, 2.5119430936574437],
    [0.5, 1, Math.LN2], // exponential median, by hand
    [0.025, 3, 0.6186721228956013],
    [0.975, 3, 7.2246876677239596],
    [1e-6, 2.5, 0.0064480801032485482],
    [0.025, 0.01, 3.5226859973137923e-161],
    [0.975, 0.01, 0.047137958431590337],
    [0.5, 40.5, 40.167158803107401],
    [0.025, 1000, 938.97301840769522],
    [0.975, 1000, 1062.9211512248877],
    [0.025, 2e5, 199124.42499654117],
    [0.975, 2e5, 200877.46930865829],
  ];

  it.each(REFERENCE)('P(X ≤ x) = %s for shape %s matches mpmath', (p, shape, x) => {
    expect(relErr(gammaQuantile(p, shape), x)).toBeLessThan(1e-12);
  });

  it.each(REFERENCE.filter(([p]) => p > 0.5))(
    'the upper tail Q = 1 − %s for shape %s agrees',
    (p, shape, x) => {
      // 1 − 0.975 is 0.025000000000000022 in doubles; the quantile moves by far less than 1e-12 for that.
      expect(relErr(gammaUpperQuantile(1 - p, shape), x)).toBeLessThan(1e-12);
    },
  );

  it('keeps the digits of a tiny upper tail: Q(2.5, x) = 1e-6 (mpmath: qup(mpf("1e-6"), 2.5))', () => {
    // 1 − 0.999999 would already be off by 2.9e-11 relative in doubles; the upper-tail form takes 1e-6 as is.
    expect(relErr(gammaUpperQuantile(1e-6, 2.5), 17.944093439836435)).toBeLessThan(1e-13);
  });

  it('returns 0 when the quantile underflows a double (shape 5e-5, p = 0.025: x ≈ 0.025^20000)', () => {
    expect(gammaQuantile(0.025, 5e-5)).toBe(0);
  });

  it('has the ends 0 and ∞ and rejects bad arguments', () => {
    expect(gammaQuantile(0, 3)).toBe(0);
    expect(gammaQuantile(1, 3)).toBe(Number.POSITIVE_INFINITY);
    expect(gammaUpperQuantile(0, 3)).toBe(Number.POSITIVE_INFINITY);
    expect(() => gammaQuantile(0.5, 0)).toThrow(RangeError);
    expect(() => gammaQuantile(1.5, 1)).toThrow(RangeError);
    expect(() => gammaUpperQuantile(Number.NaN, 1)).toThrow(RangeError);
  });

  it('is non-decreasing in p, up to rounding (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.001, max: 0.999, noNaN: true }),
        fc.double({ min: 0.001, max: 0.999, noNaN: true }),
        fc.double({ min: 0.05, max: 5000, noNaN: true }),
        (p1, p2, shape) => {
          const [lo, hi] = p1 < p2 ? [p1, p2] : [p2, p1];
          // up to rounding: for a small shape x ∝ p^(1/shape) magnifies p's last bit
          expect(gammaQuantile(lo, shape)).toBeLessThanOrEqual(gammaQuantile(hi, shape) * (1 + 1e-12));
        },
      ),
      { numRuns: 300, seed: 1991 },
    );
  });
});

/** The 6-place example region: a village of 800 with 3 complaints, a city of 1,000,000 with 400. */
const REGION: PlaceCount[] = [
  { code: '01', name: 'Малиновка (village)', population: 800, count: 3 },
  { code: '02', name: 'Город (city)', population: 1_000_000, count: 400 },
  { code: '03', name: 'Заречный (town)', population: 50_000, count: 30 },
  { code: '04', name: 'Пригородный (suburb)', population: 20_000, count: 6 },
  { code: '05', name: 'Рабочий (settlement)', population: 5_000, count: 4 },
  { code: '06', name: 'Ключи (hamlet)', population: 1_500, count: 1 },
];

// [code, weight, shrunk, shrunkLow, shrunkHigh] per 10,000, from the mpmath script above (region(...)).
const REGION_REFERENCE: [string, number, number, number, number][] = [
  ['03', 0.51562775551718622, 5.0900653964686545, 3.7700966522761693, 6.6050988413773042],
  ['01', 0.016747200197143419, 4.6804124989223344, 2.9455203467286684, 6.8105628490517673],
  ['05', 0.096210871885916749, 4.4945767261562374, 2.8603282608430197, 6.4921915259084318],
  ['06', 0.030947501861527006, 4.2001838393245215, 2.5781558235420941, 6.2116340062446311],
  ['02', 0.95513795466389932, 4.0054469094309496, 3.6312122864427673, 4.3977716621128965],
  ['04', 0.29864484482820053, 3.7865099442709096, 2.4588211184938075, 5.3962477041593196],
];

describe('placeRates: the example region', () => {
  const rates = placeRates(REGION);

  it('ranks the village first by raw rate, but not after shrinkage', () => {
    const byRaw = [...rates].sort((a, b) => b.per10k - a.per10k);
    expect(byRaw[0]?.code).toBe('01'); // 37.5 per 10,000
    expect(byRaw[0]?.per10k).toBe(37.5);
    expect(rates[0]?.code).toBe('03'); // the town of 50,000: 6.0 raw, 5.09 shrunk
    expect(rates.map((r) => r.code)).toEqual(REGION_REFERENCE.map(([code]) => code));
  });

  it('fits the prior by Marshall’s moments (hand calculation, checked by mpmath)', () => {
    const prior = fitRegionalPrior(REGION);
    // m = 444 / 1,077,300; A = s² − m / n̄ (mpmath: m = 0.00041214146477304372, A = 8.7747215434855588e-9)
    expect(relErr(prior?.mean ?? 0, 444 / 1_077_300)).toBeLessThan(1e-15);
    expect(relErr(prior?.variance ?? 0, 8.7747215434855588e-9)).toBeLessThan(1e-12);
    expect(relErr(prior?.shape ?? 0, 19.357946134641303)).toBeLessThan(1e-12);
    expect(relErr(prior?.rate ?? 0, 46969.178763173593)).toBeLessThan(1e-12);
    expect(prior?.clamped).toBe(false);
  });

  it.each(REGION_REFERENCE)(
    'place %s: weight, shrunk rate and posterior interval match mpmath',
    (code, w, s, l, h) => {
      const r = rates.find((x) => x.code === code);
      expect(relErr(r?.weight ?? 0, w)).toBeLessThan(1e-12);
      expect(relErr(r?.shrunk ?? 0, s)).toBeLessThan(1e-12);
      expect(relErr(r?.shrunkLow ?? 0, l)).toBeLessThan(1e-12);
      expect(relErr(r?.shrunkHigh ?? 0, h)).toBeLessThan(1e-12);
    },
  );

  it('gives the village its raw rate and exact interval (3 of 800: Garwood [0.6187, 8.7673] / 800)', () => {
    const village = rates.find((x) => x.code === '01');
    expect(village?.per10k).toBe(37.5);
    // mpmath: qlow(0.025, 3) = 0.61867212289560129, qup(0.025, 4) = 8.767273069742326; per 10k: × 1e4 / 800
    expect(relErr(village?.low ?? 0, 7.7334015361950161)).toBeLessThan(1e-12);
    expect(relErr(village?.high ?? 0, 109.59091337177908)).toBeLessThan(1e-12);
  });

  it('shrunk = weight · raw + (1 − weight) · regional rate (the credibility form)', () => {
    const m = (444 / 1_077_300) * 1e4;
    for (const r of rates) {
      expect(relErr(r.shrunk, r.weight * r.per10k + (1 - r.weight) * m)).toBeLessThan(1e-12);
    }
  });
});

describe('placeRates: edge cases', () => {
  it('an empty region gives an empty list', () => {
    expect(placeRates([])).toEqual([]);
    expect(fitRegionalPrior([])).toBeUndefined();
  });

  it('a single place has no prior to fit: its own rate, the exact interval, weight 1', () => {
    const [only, ...rest] = placeRates([{ code: '77', name: 'Одно', population: 10_000, count: 5 }]);
    expect(rest).toEqual([]);
    expect(only?.per10k).toBe(5);
    expect(only?.shrunk).toBe(5);
    expect(only?.weight).toBe(1);
    // population 10,000 makes per-10k equal to the count: Garwood for 5 (mpmath above)
    expect(relErr(only?.shrunkLow ?? 0, 1.6234863901184205)).toBeLessThan(1e-13);
    expect(relErr(only?.shrunkHigh ?? 0, 11.66833207932267)).toBeLessThan(1e-13);
    expect(only?.low).toBe(only?.shrunkLow);
  });

  it('a region with no complaints: rates 0, lows 0, highs from the count-0 bound, weight 1', () => {
    const rates = placeRates([
      { code: 'b', name: 'B', population: 800, count: 0 },
      { code: 'a', name: 'A', population: 10_000, count: 0 },
    ]);
    expect(fitRegionalPrior(rates)).toBeUndefined();
    expect(rates.map((r) => r.code)).toEqual(['a', 'b']); // tie on shrunk = 0 → by code
    for (const r of rates) {
      expect(r.per10k).toBe(0);
      expect(r.low).toBe(0);
      expect(r.shrunk).toBe(0);
      expect(r.shrunkLow).toBe(0);
      expect(r.weight).toBe(1);
      expect(relErr(r.high, (3.6888794541139363 / r.population) * 1e4)).toBeLessThan(1e-13);
      expect(r.shrunkHigh).toBe(r.high);
    }
  });

  it('a count of 0 next to other places gets low = 0 and a positive shrunk rate', () => {
    const rates = placeRates([...REGION, { code: '07', name: 'Пустошь', population: 900, count: 0 }]);
    const empty = rates.find((r) => r.code === '07');
    expect(empty?.low).toBe(0);
    expect(empty?.per10k).toBe(0);
    expect(empty?.shrunk).toBeGreaterThan(3); // pulled almost all the way up to the regional ~4.1
    expect(empty?.shrunkLow).toBeGreaterThan(0);
  });

  it('skips places without a finite population > 0, and they do not enter the prior', () => {
    const unknown: PlaceCount[] = [
      { code: 'z0', name: 'zero', population: 0, count: 3 },
      { code: 'zn', name: 'NaN', population: Number.NaN, count: 3 },
      { code: 'zi', name: 'Infinity', population: Number.POSITIVE_INFINITY, count: 3 },
      { code: 'zm', name: 'negative', population: -5, count: 3 },
    ];
    for (const p of unknown) expect(isRateable(p)).toBe(false);
    const withUnknown = placeRates([...unknown, ...REGION]);
    expect(withUnknown).toEqual(placeRates(REGION));
    for (const r of withUnknown) {
      for (const v of [r.per10k, r.low, r.high, r.shrunk, r.shrunkLow, r.shrunkHigh, r.weight]) {
        expect(Number.isFinite(v)).toBe(true);
      }
    }
    // only one rateable place left → no prior
    expect(placeRates([...unknown, REGION[0] as PlaceCount])[0]?.weight).toBe(1);
  });

  it('throws on a count that is not an integer ≥ 0, and on a level outside (0, 1)', () => {
    const bad = (count: number) => [{ code: 'x', name: 'x', population: 100, count }];
    for (const c of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => placeRates(bad(c))).toThrow(RangeError);
    }
    for (const level of [0, 1, -0.5, 95, Number.NaN]) {
      expect(() => placeRates(REGION, { level })).toThrow(RangeError);
    }
  });

  it('a region no more varied than Poisson noise: prior variance floored, shrinkage total', () => {
    // Moments: A = −4.9133e-8 < 0 → floor 1e-3 · m / 40,000; mpmath (same script) gives these shrunk rates.
    const flat: PlaceCount[] = [
      { code: 'a', name: 'A', population: 10_000, count: 10 },
      { code: 'b', name: 'B', population: 20_000, count: 21 },
      { code: 'c', name: 'C', population: 5_000, count: 4 },
      { code: 'd', name: 'D', population: 40_000, count: 39 },
    ];
    const prior = fitRegionalPrior(flat);
    expect(prior?.clamped).toBe(true);
    expect(relErr(prior?.variance ?? 0, 2.4666666666666667e-11)).toBeLessThan(1e-12);
    const m = (74 / 75_000) * 1e4;
    const expected: Record<string, [number, number]> = {
      a: [0.00024993751562109473, 9.8666999916687495],
      b: [0.00049975012493753123, 9.8669831750791271],
      c: [0.00012498437695288089, 9.8664333624963546],
      d: [0.000999000999000999, 9.8665501165501166],
    };
    for (const r of placeRates(flat)) {
      const [w, s] = expected[r.code] ?? [Number.NaN, Number.NaN];
      expect(relErr(r.weight, w)).toBeLessThan(1e-12);
      expect(relErr(r.shrunk, s)).toBeLessThan(1e-12);
      expect(r.weight).toBeLessThan(1e-3);
      expect(Math.abs(r.shrunk - m)).toBeLessThanOrEqual(1e-3 * Math.abs(r.per10k - m));
      // the posterior is as narrow as the floor makes it: within 1.5% of the regional rate
      expect(r.shrunkLow).toBeGreaterThan(m * 0.985);
      expect(r.shrunkHigh).toBeLessThan(m * 1.015);
    }
  });

  it('a very skewed posterior keeps its mean inside the interval (upper bound raised to the mean)', () => {
    // All complaints in a place of 100: mpmath gives α = 5.0000150000450001e-5, β = 2.000106000318001; for
    // the empty cities the posterior 97.5% quantile is 6.9551917273584287e-223 per 10k, below the mean
    // 5.000005e-7 (region([(100, 50), (1000000, 0), (1000000, 0)]) in the script above).
    const skewed: PlaceCount[] = [
      { code: 'a', name: 'A', population: 100, count: 50 },
      { code: 'b', name: 'B', population: 1_000_000, count: 0 },
      { code: 'c', name: 'C', population: 1_000_000, count: 0 },
    ];
    const rates = placeRates(skewed);
    const city = rates.find((r) => r.code === 'b');
    expect(relErr(city?.shrunk ?? 0, 5.000004999504999e-7)).toBeLessThan(1e-12);
    expect(city?.shrunkHigh).toBe(city?.shrunk);
    expect(city?.shrunkLow).toBe(0); // 2.6e-871 per 10k underflows
    const small = rates.find((r) => r.code === 'a');
    expect(relErr(small?.shrunk ?? 0, 4901.9605920795923)).toBeLessThan(1e-12);
    expect(relErr(small?.shrunkLow ?? 0, 3638.3302187282285)).toBeLessThan(1e-12);
    expect(relErr(small?.shrunkHigh ?? 0, 6351.0380602739201)).toBeLessThan(1e-12);
  });

  it('sorts by shrunk rate descending, ties by code', () => {
    const twins = placeRates([
      { code: 'b', name: 'B', population: 1000, count: 2 },
      { code: 'a', name: 'A', population: 1000, count: 2 },
      { code: 'c', name: 'C', population: 1000, count: 9 },
    ]);
    expect(twins.map((r) => r.code)).toEqual(['c', 'a', 'b']);
  });
});

describe('placeRates: properties', () => {
  const place = fc.record({
    population: fc.integer({ min: 1, max: 3_000_000 }),
    count: fc.nat({ max: 3000 }),
  });
  const region = fc
    .array(place, { minLength: 2, maxLength: 12 })
    .map((ps) =>
      ps.map((p, i): PlaceCount => ({ code: `p${String(i).padStart(2, '0')}`, name: `P${i}`, ...p })),
    );
  const opts = { numRuns: 200, seed: 1987 };

  it('shrunk lies between the raw rate and the prior mean', () => {
    fc.assert(
      fc.property(region, (places) => {
        const prior = fitRegionalPrior(places);
        for (const r of placeRates(places)) {
          const m = prior === undefined ? r.per10k : prior.mean * 1e4;
          const tol = 1e-12 * Math.max(r.per10k, m);
          expect(r.shrunk).toBeGreaterThanOrEqual(Math.min(r.per10k, m) - tol);
          expect(r.shrunk).toBeLessThanOrEqual(Math.max(r.per10k, m) + tol);
        }
      }),
      opts,
    );
  });

  it('intervals contain their point estimates (strictly once a place has complaints)', () => {
    fc.assert(
      fc.property(region, (places) => {
        for (const r of placeRates(places)) {
          expect(r.low).toBeLessThanOrEqual(r.per10k);
          expect(r.high).toBeGreaterThan(r.per10k);
          expect(r.shrunkLow).toBeLessThanOrEqual(r.shrunk);
          expect(r.shrunkHigh).toBeGreaterThanOrEqual(r.shrunk);
          if (r.count > 0) {
            expect(r.low).toBeLessThan(r.per10k);
            expect(r.shrunkLow).toBeLessThan(r.shrunk);
            expect(r.shrunkHigh).toBeGreaterThan(r.shrunk);
          }
          expect(r.weight).toBeGreaterThanOrEqual(0);
          expect(r.weight).toBeLessThanOrEqual(1);
        }
      }),
      opts,
    );
  });

  it('more population at the same rate → more weight', () => {
    fc.assert(
      fc.property(
        region,
        fc.integer({ min: 1, max: 100_000 }),
        fc.nat({ max: 50 }),
        fc.integer({ min: 2, max: 20 }),
        (places, population, count, factor) => {
          const small: PlaceCount = { code: 'x1', name: 'small', population, count };
          const big: PlaceCount = {
            code: 'x2',
            name: 'big',
            population: population * factor,
            count: count * factor,
          };
          const rates = placeRates([...places, small, big]);
          const ws = rates.find((r) => r.code === 'x1')?.weight ?? Number.NaN;
          const wb = rates.find((r) => r.code === 'x2')?.weight ?? Number.NaN;
          if (ws === 1)
            expect(wb).toBe(1); // no prior (no complaints at all): both keep their own rate
          else expect(wb).toBeGreaterThan(ws);
          // and within any region, weight never decreases with population
          const byPopulation = [...rates].sort((a, b) => a.population - b.population);
          for (let i = 1; i < byPopulation.length; i++) {
            expect(byPopulation[i]?.weight).toBeGreaterThanOrEqual(byPopulation[i - 1]?.weight ?? 0);
          }
        },
      ),
      opts,
    );
  });
});
