/**
 * A prediction interval for next season's value of one quantity (onset week, peak week, log peak, log total)
 * from its values in past seasons, with two kinds of borrowed strength:
 *
 * - Spread (moderated variance, as limma's empirical Bayes t): the town's sample variance is pooled with a prior
 *   spread s0 worth d0 seasons, s̃² = (d0·s0² + (n−1)·s²) / (d0 + n − 1), and the interval uses Student's t with
 *   d0 + n − 1 degrees of freedom. Two past seasons cannot say how much winters vary; the prior (the region's
 *   pooled spread, or a weak default for weather when no group is given) keeps the interval honest, and t widens
 *   it further for short histories.
 * - Level (partial pooling): with a group mean μ and between-town variance τ², the town's mean is shrunk,
 *   m = (n·x̄ + k·μ) / (n + k) with k = s̃²/τ² — the posterior mean of a normal hierarchical model. A town with
 *   one season leans on its region; one with eight barely moves.
 *
 * Prediction variance = s̃² (next season's own variation: weather is not known) + s̃²/(n + k) (uncertainty of the
 * mean).
 */
import { median } from 'simple-statistics';
import { studentTQuantile } from './student-t.ts';

/**
 * The town's own centre: the mean, or the median for a quantity with outlying seasons (the onset: one noisy week
 * before the rise, or a noise-inflated peak, moves a season's onset by weeks). The spread is the standard
 * deviation either way, so the interval keeps its normal-theory coverage.
 */
export type Center = 'mean' | 'median';

export interface QuantityPrior {
  /** Prior spread of one season around the town's mean (same units as the values). */
  readonly sd: number;
  /** Seasons' worth of weight of that spread (d0). */
  readonly df: number;
  /** Group centre (mean of town means, or median of town medians), and the variance of true town means around it (both or neither). */
  readonly mean?: number;
  readonly betweenVar?: number;
}

export interface QuantityForecast {
  readonly point: number;
  readonly low: number;
  readonly high: number;
  /** Past seasons used. */
  readonly n: number;
  /** Moderated per-season spread s̃ and its degrees of freedom. */
  readonly sd: number;
  readonly df: number;
  /** Weight of the group mean in the point, k/(n + k); 0 without a group level. */
  readonly pooled: number;
}

/**
 * @param level central coverage of the interval, e.g. 0.8
 * @example forecastQuantity([10, 12, 14], { sd: 2, df: 2 }, 0.8)
 *   // s² = 4, s̃² = (2·4 + 2·4)/4 = 4, df 4, t(0.9, 4) = 1.533206; sd of prediction √(4 + 4/3) = 2.3094
 *   // → point 12, low 12 − 3.5408 = 8.459, high 15.541
 */
export function forecastQuantity(
  values: readonly number[],
  prior: QuantityPrior,
  level: number,
  center: Center = 'mean',
): QuantityForecast | undefined {
  const n = values.length;
  const hasLevel = prior.mean !== undefined && prior.betweenVar !== undefined;
  if (n === 0 && !hasLevel) return undefined;
  const mean = n > 0 ? values.reduce((a, b) => a + b, 0) / n : 0;
  const own = n > 0 && center === 'median' ? median([...values]) : mean;
  const ss = values.reduce((a, v) => a + (v - mean) * (v - mean), 0);
  const df = prior.df + Math.max(0, n - 1);
  const variance = (prior.df * prior.sd * prior.sd + ss) / df;
  const k = hasLevel ? variance / Math.max(prior.betweenVar as number, 1e-9) : 0;
  const point = (n * own + k * (prior.mean ?? 0)) / (n + k);
  const predictionSd = Math.sqrt(variance + variance / (n + k));
  const half = studentTQuantile((1 + level) / 2, df) * predictionSd;
  return {
    point,
    low: point - half,
    high: point + half,
    n,
    sd: Math.sqrt(variance),
    df,
    pooled: k / (n + k),
  };
}
