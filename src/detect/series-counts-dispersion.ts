/**
 * The negative-binomial dispersion α (variance μ + αμ²) of a counts series' residuals, learned online:
 *
 * - μ ≥ 10: robust, α = (1.4826 · MAD of ln((x + ½)/(μ + ½)))² − 1/μ over the last `robustPoints` points, since
 *   Var ln X ≈ 1/μ + α for a negative binomial (delta method) — a median, so the bursts it looks for do not widen
 *   it;
 * - below (the log of a small count is too coarse for that): the method of moments α = max(0, Σ((x − μ)² − μ) / Σ μ²)
 *   over learned values (capped after a burst by the caller), decayed by `keep` per step.
 * @example const d = new CountsDispersion(2000); d.learn(14, 14, 10); d.alpha(10) // → 0.06: ((14 − 10)² − 10) / 10²
 */
import { RollingMad } from './series-rolling-mad.ts';

/** Expected counts from which the log ratio is fine enough for a robust dispersion. */
const ROBUST_MIN_MEAN = 10;
/** Log ratios needed before the robust estimate is used. */
const ROBUST_MIN_POINTS = 30;

export class CountsDispersion {
  readonly #logRatios: RollingMad;
  #num = 0; // Σ decayed ((x − μ)² − μ)
  #den = 0; // Σ decayed μ²

  constructor(robustPoints: number) {
    this.#logRatios = new RollingMad(robustPoints);
  }

  /** Forget the moments by `keep` ∈ (0, 1] (time passing). */
  decay(keep: number): void {
    this.#num *= keep;
    this.#den *= keep;
  }

  /** α for a point expected to be `expected`; 0 before any evidence. */
  alpha(expected: number): number {
    if (expected >= ROBUST_MIN_MEAN && this.#logRatios.size >= ROBUST_MIN_POINTS)
      return Math.max(0, (1.4826 * this.#logRatios.median()) ** 2 - 1 / expected);
    return this.#den > 0 ? Math.max(0, this.#num / this.#den) : 0;
  }

  /** `value` as observed (log ratio), `learned` as the level learned it (moments), both against `expected`. */
  learn(value: number, learned: number, expected: number): void {
    const r = learned - expected;
    this.#num += r * r - expected;
    this.#den += expected * expected;
    this.#logRatios.push(Math.log((value + 0.5) / (expected + 0.5)));
  }
}
