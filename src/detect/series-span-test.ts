/**
 * The upper tail of a counts series' last `span` points summed: a burst that builds over several steps (tweets
 * per 5 minutes, complaints per hour) is a small surprise at each point and a large one summed — the span
 * tests of the complaints detector, for `vsplesk detect`. The sum is tested as one negative-binomial count
 * against the sum of the points' expectations, with its own dispersion (series-counts-dispersion.ts), learned
 * from past sums: neighbouring points share the level's error, so a sum is more dispersed than independent
 * points would be.
 *
 * Online and causal: `test` the point (with the span − 1 before it), then `learn` it.
 * @example const s = new SpanTest(3, 2000); for (const x of [5, 5]) { s.test(x, 5); s.learn(x, x, 5); } s.test(30, 5) // → ln 6.489e-8 = ln P(Poisson(15) ≥ 40)
 */
import { CountsDispersion } from './series-counts-dispersion.ts';
import { negBinomialLogUpperTail } from './series-tails.ts';

export class SpanTest {
  readonly #span: number;
  readonly #dispersion: CountsDispersion;
  /** The last span − 1 points: observed, learned (capped) and expected values. */
  readonly #values: number[] = [];
  readonly #learned: number[] = [];
  readonly #expected: number[] = [];

  constructor(span: number, robustPoints: number) {
    if (!(Number.isInteger(span) && span >= 2))
      throw new RangeError(`SpanTest: span must be an integer ≥ 2, got ${span}`);
    this.#span = span;
    this.#dispersion = new CountsDispersion(robustPoints);
  }

  get span(): number {
    return this.#span;
  }

  decay(keep: number): void {
    this.#dispersion.decay(keep);
  }

  /** ln P(sum of the span ending here ≥ its observed sum); 0 until span − 1 points are held or μ is unknown. */
  test(value: number, expected: number): number {
    if (this.#values.length < this.#span - 1 || !(expected >= 0)) return 0;
    const mu = expected + sum(this.#expected);
    return negBinomialLogUpperTail(value + sum(this.#values), mu, this.#dispersion.alpha(mu));
  }

  /** Precondition: called after `test` with the same point; `learned` is what the level learned of it. */
  learn(value: number, learned: number, expected: number): void {
    if (!(expected >= 0)) return;
    if (this.#values.length === this.#span - 1)
      this.#dispersion.learn(
        value + sum(this.#values),
        learned + sum(this.#learned),
        expected + sum(this.#expected),
      );
    this.#values.push(value);
    this.#learned.push(learned);
    this.#expected.push(expected);
    if (this.#values.length === this.#span) {
      this.#values.shift();
      this.#learned.shift();
      this.#expected.shift();
    }
  }
}

function sum(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s;
}
