/**
 * The evaluation window of a campaign as week indices of the season (split-seasons.ts), and each season's
 * total over it — the inputs of campaign-effect.ts.
 */
import type { WindowVolume } from './campaign-effect.ts';
import type { Season } from './split-seasons.ts';

/** Sum of the season's weeks with fromIndex ≤ index < toIndex; undefined if any of them is missing. */
export function windowTotal(season: Season, fromIndex: number, toIndex: number): number | undefined {
  let total = 0;
  let weeks = 0;
  for (const w of season.weeks) {
    if (w.index >= fromIndex && w.index < toIndex) {
      total += w.total;
      weeks++;
    }
  }
  return weeks === toIndex - fromIndex ? total : undefined;
}

/**
 * A town's window volume: `current` season's observed total over the window and the same window in each of
 * `past` (seasons missing a week of it are left out). Undefined when the current season lacks a week of it.
 */
export function windowVolume(
  past: readonly Season[],
  current: Season,
  fromIndex: number,
  toIndex: number,
): WindowVolume | undefined {
  const observed = windowTotal(current, fromIndex, toIndex);
  if (observed === undefined) return undefined;
  const totals = past
    .map((s) => windowTotal(s, fromIndex, toIndex))
    .filter((x): x is number => x !== undefined);
  return { observed, past: totals };
}
