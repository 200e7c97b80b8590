/**
 * A group's past seasons as weather analogs (analog-forecast.ts): for each season start day, the weekly totals of
 * the group's towns summed and divided by their summed scale (e.g. complaints per 10,000 residents a week), by
 * week index of the season. Summing a region's towns averages their Poisson noise away, so each analog is the
 * season's weather — its timing and severity — nearly noise-free; dividing by the scale of the towns present keeps
 * a season comparable with the others when some towns' histories are shorter.
 */
import type { Season } from './split-seasons.ts';

export interface AnalogSeason {
  /** The season's first day (the 1st of the start month), and its week 0's Monday (0–6 days later). */
  readonly startDay: number;
  readonly firstMonday: number;
  /** Group rate per unit of scale, by week index of the season (index 0 = the season's first Monday). */
  readonly rate: readonly number[];
}

/**
 * Only complete seasons count; a season's rate at a week index is over the towns that have that week.
 * @example two towns of scale 1 and 3 with one season, weeks [1, 2] and [3, 6] → rate [1, 2]
 *   (with the season's startDay and firstMonday)
 */
export function groupAnalogs(
  towns: readonly { readonly seasons: readonly Season[]; readonly scale: number }[],
): AnalogSeason[] {
  const byStart = new Map<number, { firstMonday: number; sum: number[]; scale: number[] }>();
  for (const t of towns) {
    if (!(t.scale > 0)) continue;
    for (const s of t.seasons) {
      if (!s.complete) continue;
      let acc = byStart.get(s.startDay);
      if (acc === undefined) {
        acc = { firstMonday: s.firstMonday, sum: [], scale: [] };
        byStart.set(s.startDay, acc);
      }
      for (const w of s.weeks) {
        acc.sum[w.index] = (acc.sum[w.index] ?? 0) + w.total;
        acc.scale[w.index] = (acc.scale[w.index] ?? 0) + t.scale;
      }
    }
  }
  return [...byStart.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([startDay, acc]) => ({
      startDay,
      firstMonday: acc.firstMonday,
      rate: Array.from({ length: acc.sum.length }, (_, i) =>
        (acc.scale[i] ?? 0) > 0 ? (acc.sum[i] as number) / (acc.scale[i] as number) : 0,
      ),
    }));
}
