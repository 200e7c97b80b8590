/**
 * A model's surprise (−log10 p) checked against the series' own history of surprises (series.ts feeds it an
 * episode's news, series-episode.ts, so a long burst is one excess, not hours of them): peaks over a threshold
 * with an exponential tail. Under a well-calibrated model P(S > u) = 10^−u and the excess S − u above u is
 * exponential with mean 1/ln 10; a model too light-tailed for its series (a normal tail on residuals that have
 * outliers every day) shows it as more exceedances and longer excesses. Calibrated:
 *
 *   S' = −log10 r + (S − u) / (m · ln 10)     for S > u           (S' = S · (−log10 r) / u below)
 *   r  = decayed share of past points with S > u      (prior: 10^−u, worth PRIOR_POINTS points)
 *   m  = median of the last EXCESSES excesses / ln 2  (an exponential's mean; robust to the anomalies themselves;
 *        prior: 1/ln 10, worth PRIOR_EXCESSES excesses)
 *
 * u = 1 (p = 0.1), so a series shows its tail within tens of points. The point's own surprise is learned after
 * it is calibrated (causal). Scores of series with different tails become comparable: one threshold ranks many
 * series, as NAB's benchmark does and as an analyst comparing exported series would.
 * @example const c = new TailCalibrator(2000); c.calibrate(5) // → 5 (a fresh calibrator trusts the model)
 */
import { RollingMad } from './series-rolling-mad.ts';

const U = 1;
const PRIOR_POINTS = 100;
const PRIOR_EXCESSES = 10;
const EXCESSES = 500;
const MODEL_MEAN_EXCESS = 1 / Math.LN10;

export class TailCalibrator {
  readonly #keep: number;
  readonly #excesses = new RollingMad(EXCESSES);
  #points = PRIOR_POINTS;
  #exceeded = PRIOR_POINTS * 10 ** -U;

  /** `memoryPoints`: time constant of the exceedance rate, in points. */
  constructor(memoryPoints: number) {
    this.#keep = Math.exp(-1 / memoryPoints);
  }

  calibrate(surprise: number): number {
    const logRate = -Math.log10(this.#exceeded / this.#points);
    if (!(surprise > U)) return (Math.max(0, surprise) * logRate) / U;
    const n = this.#excesses.size;
    const observed = n > 0 ? this.#excesses.median() / Math.LN2 : MODEL_MEAN_EXCESS;
    const meanExcess = (n * observed + PRIOR_EXCESSES * MODEL_MEAN_EXCESS) / (n + PRIOR_EXCESSES);
    return logRate + (surprise - U) / (Math.max(meanExcess, 1e-12) * Math.LN10);
  }

  learn(surprise: number): void {
    this.#points = this.#points * this.#keep + 1;
    this.#exceeded *= this.#keep;
    if (surprise > U) {
      this.#exceeded += 1;
      this.#excesses.push(surprise - U);
    }
  }
}
