/**
 * A quantity's prior from other towns of the same group (region, or similar towns): the pooled within-town
 * spread across seasons, the mean of town means, and the variance of true town means (method of moments:
 * variance of the town means minus their average sampling variance, floored at a small share of the pooled
 * within variance so a group of look-alike towns does not swallow a town's own history).
 */
import { median } from 'simple-statistics';
import type { Center, QuantityPrior } from './forecast-quantity.ts';

export interface GroupPriorOptions {
  /** Cap on the prior's weight in seasons (d0): towns differ, so a big region's spread is not the town's. */
  readonly maxDf?: number;
  /** When false, only the spread is shared (e.g. volumes of towns of unknown population). Default true. */
  readonly shareLevel?: boolean;
  /** The group's centre: mean of town means (default) or median of town medians (forecast-quantity.ts Center). */
  readonly center?: Center;
}

/**
 * Undefined when no town has two seasons (no within-town spread to pool).
 * @example towns [[1, 3], [5, 7]] → pooled sd √((2 + 2)/2) = 1.414, df 2, mean 4,
 *   between var = var(2, 6) − mean(2/2, 2/2) = 8 − 1 = 7
 */
export function groupPrior(
  towns: readonly (readonly number[])[],
  opts: GroupPriorOptions = {},
): QuantityPrior | undefined {
  const maxDf = opts.maxDf ?? 8;
  let ss = 0;
  let df = 0;
  const means: number[] = [];
  const centers: number[] = [];
  for (const t of towns) {
    if (t.length === 0) continue;
    const m = t.reduce((a, b) => a + b, 0) / t.length;
    means.push(m);
    centers.push(opts.center === 'median' ? median([...t]) : m);
    ss += t.reduce((a, v) => a + (v - m) * (v - m), 0);
    df += t.length - 1;
  }
  if (df === 0) return undefined;
  const within = ss / df;
  const prior = { sd: Math.sqrt(within), df: Math.min(df, maxDf) };
  if (opts.shareLevel === false || means.length < 2) return prior;
  const grand = means.reduce((a, b) => a + b, 0) / means.length;
  const varMeans = means.reduce((a, m) => a + (m - grand) * (m - grand), 0) / (means.length - 1);
  const sampling =
    towns.filter((t) => t.length > 0).reduce((a, t) => a + within / t.length, 0) / means.length;
  const betweenVar = Math.max(varMeans - sampling, 0.05 * within);
  const mean = opts.center === 'median' ? median(centers) : grand;
  return { ...prior, mean, betweenVar };
}
