// biome-ignore-all lint/correctness/noPrecisionLoss: reference values are quoted with all the digits mpmath printed
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { poissonLogPmf, poissonLogUpperTail, poissonUpperTail, stirlingError } from './poisson.ts';

/**
 * [k, λ, P(X ≥ k), ln P(X ≥ k)]. scipy is not installed here; these come from mpmath 1.3.0 at 60 significant
 * digits as the regularised lower incomplete gamma P(k, λ) = gammainc(k, 0, λ, regularized=True), which is
 * what scipy.stats.poisson.sf(k − 1, λ) computes, cross-checked by direct summation of e^−λ λ^j / j!
 * (agreement to 1e-30 relative). The script is in docs/detection.md ("Reproducing the Poisson reference values").
 */
const REFERENCE: [number, number, number, number][] = [
  [1, 1, 0.63212055882855768, -0.45867514538708189],
  [1, 0.001, 0.00099950016662500835, -6.9082552373154707],
  [2, 0.2, 0.017523096306421771, -4.0442354792701721],
  [5, 0.2, 2.2581905529578211e-6, -13.000946705647841],
  [8, 0.2, 5.3161611310576309e-11, -23.65768457196016],
  [8, 0.5, 6.2196908637286483e-8, -16.592960538801551],
  [8, 1.5, 0.00016956572886967014, -8.6822699253693602],
  [10, 2, 4.6498075017263808e-5, -9.9760996437060604],
  [3, 2, 0.32332358381693654, -1.1291016497509286],
  [5, 5, 0.55950671493478759, -0.58069974963142131],
  [20, 5, 3.4521358209144602e-7, -14.879102532939179],
  [0, 3, 1.0, 0.0],
  [50, 10, 1.8547268838697993e-19, -43.131379314082428],
  [30, 30, 0.52428301389368007, -0.64572363761360825],
  [31, 30, 0.45164848742208857, -0.79485108439645666],
  [150, 100, 1.88421046603867e-6, -13.18200167571471],
  [100, 100, 0.51329879827914866, -0.66689715058528937],
  [1000, 900, 0.00054990226571178292, -7.5057699942338924],
  [1100, 1000, 0.00096263040586655716, -6.9458410143652124],
  [10000, 10000, 0.5013298083399552, -0.69049109440197236],
  [10300, 10000, 0.001432365367466765, -6.5484280981085765],
  [40, 0.02, 1.3215413881602634e-116, -266.82107201366052],
  [3, 1e-6, 1.6666654166671664e-19, -43.238291893120859],
  [12, 0.7 / 12, 3.0710241514531547e-24, -54.140031126068164],
  [60, 60.5, 0.54276092439157245, -0.61108634257448358],
  [1_000_000, 1_000_000, 0.50013298076087259, -0.69288125439969593],
];

/** Tails below the smallest double: only the log is representable (same mpmath source). */
const LOG_ONLY: [number, number, number][] = [
  [500, 1, -2612.3284604654614],
  [2000, 100, -4096.1327129275813],
];

const relErr = (a: number, b: number) => (a === b ? 0 : Math.abs(a - b) / Math.abs(b));

describe('poissonUpperTail', () => {
  it.each(REFERENCE)('P(X ≥ %d | λ=%d) matches mpmath', (k, lambda, p, logP) => {
    expect(relErr(poissonUpperTail(k, lambda), p)).toBeLessThan(1e-12);
    if (logP === 0) expect(poissonLogUpperTail(k, lambda)).toBe(0);
    else expect(relErr(poissonLogUpperTail(k, lambda), logP)).toBeLessThan(1e-12);
  });

  it.each(LOG_ONLY)(
    'ln P(X ≥ %d | λ=%d) is finite and matches mpmath where the probability underflows',
    (k, l, logP) => {
      expect(relErr(poissonLogUpperTail(k, l), logP)).toBeLessThan(1e-12);
      expect(poissonUpperTail(k, l)).toBe(0);
    },
  );

  it('handles the edges', () => {
    expect(poissonUpperTail(0, 0)).toBe(1);
    expect(poissonUpperTail(-3, 2)).toBe(1);
    expect(poissonUpperTail(1, 0)).toBe(0);
    expect(poissonUpperTail(1, Number.POSITIVE_INFINITY)).toBe(1);
    expect(poissonUpperTail(1.5, 2)).toBeNaN();
    expect(poissonUpperTail(1, -1)).toBeNaN();
    expect(poissonLogPmf(0, 2)).toBe(-2);
    expect(poissonLogPmf(-1, 2)).toBe(Number.NEGATIVE_INFINITY);
  });

  it('stirlingError matches ln k! − (k+½) ln k + k − ln√(2π) (mpmath, 30 digits)', () => {
    // mpmath: loggamma(k+1) - (k+0.5)*log(k) + k - log(sqrt(2*pi))
    expect(relErr(stirlingError(1), 0.081061466795327258)).toBeLessThan(1e-12);
    expect(relErr(stirlingError(20), 0.0041663196919969224575)).toBeLessThan(1e-12);
    expect(relErr(stirlingError(1000), 0.000083333330555556349206)).toBeLessThan(1e-12);
  });

  it('property: decreasing in k, increasing in λ, and pmf + tail(k+1) = tail(k)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 300 }),
        fc.double({ min: 1e-3, max: 300, noNaN: true }),
        (k, lambda) => {
          const tk = poissonUpperTail(k, lambda);
          const tk1 = poissonUpperTail(k + 1, lambda);
          expect(tk1).toBeLessThanOrEqual(tk);
          expect(poissonUpperTail(k, lambda * 1.1)).toBeGreaterThanOrEqual(tk * (1 - 1e-12));
          expect(tk1 + Math.exp(poissonLogPmf(k, lambda))).toBeCloseTo(tk, 12);
        },
      ),
    );
  });
});
