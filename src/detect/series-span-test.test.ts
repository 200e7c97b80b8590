import { describe, expect, it } from 'vitest';
import { SpanTest } from './series-span-test.ts';
import { negBinomialLogUpperTail } from './series-tails.ts';

describe('SpanTest', () => {
  it('tests nothing until the span is full', () => {
    const s = new SpanTest(3, 2000);
    expect(s.test(50, 5)).toBe(0);
    s.learn(50, 50, 5);
    expect(s.test(50, 5)).toBe(0);
  });

  it('the sum of the span ending here against the sum of expectations (Poisson before any dispersion is learned)', () => {
    const s = new SpanTest(3, 2000);
    for (const x of [5, 5]) {
      s.test(x, 5);
      s.learn(x, x, 5);
    }
    // Σ = 5 + 5 + 30 = 40 against μ = 15; P(Poisson(15) ≥ 40) = 6.489048875273424e-8 (Σ_{k≥40} of the pmf, Python lgamma)
    expect(s.test(30, 5)).toBe(negBinomialLogUpperTail(40, 15, 0));
    expect(Math.exp(s.test(30, 5)) / 6.489048875273424e-8).toBeCloseTo(1, 10);
  });

  it('a burst that builds over several points is more surprising summed than at any one point', () => {
    const s = new SpanTest(6, 2000);
    const mu = 3;
    for (let i = 0; i < 5; i++) {
      s.test(7, mu);
      s.learn(7, 7, mu);
    }
    const summed = s.test(7, mu); // 42 against 18
    expect(summed).toBeLessThan(negBinomialLogUpperTail(7, mu, 0) - 5);
  });

  it('the sums learn their own dispersion: after noisy sums, the same sum surprises less', () => {
    const quiet = new SpanTest(2, 2000);
    const noisy = new SpanTest(2, 2000);
    for (let i = 0; i < 200; i++) {
      quiet.test(5, 5);
      quiet.learn(5, 5, 5);
      const x = i % 2 ? 1 : 9; // pairs sum to 10 either way, but as 9 + 9 or 1 + 1 in runs of two
      const y = Math.floor(i / 2) % 2 ? x : 10 - x;
      noisy.test(y, 5);
      noisy.learn(y, y, 5);
    }
    expect(noisy.test(20, 5)).toBeGreaterThan(quiet.test(20, 5));
  });

  it('rejects a span below 2', () => {
    expect(() => new SpanTest(1, 2000)).toThrow(RangeError);
  });
});
