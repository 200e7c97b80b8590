/**
 * One season's figures: peak week (the week with the largest total; the first of equal ones), onset (the first
 * week whose total reaches 30% of the peak week's — the same definition everywhere, issue 15), peak weekly
 * volume and the season's total.
 */
import type { Season } from './split-seasons.ts';

/** Onset: the first week reaching this share of the season's peak week. */
export const ONSET_SHARE_OF_PEAK = 0.3;

export interface SeasonStats {
  readonly startDay: number;
  /** Week index in the season (split-seasons.ts) and its Monday; undefined when the season has no complaint. */
  readonly onsetIndex: number | undefined;
  readonly onsetMonday: number | undefined;
  readonly peakIndex: number | undefined;
  readonly peakMonday: number | undefined;
  readonly peakWeekly: number;
  /** Sum of the season's full weeks. */
  readonly total: number;
}

/**
 * @example weeks with totals [1, 2, 5, 10, 4] → peak index 3 (10), onset index 2 (5 ≥ 0.3 × 10), total 22
 */
export function seasonStats(season: Season): SeasonStats {
  let peak: (typeof season.weeks)[number] | undefined;
  let total = 0;
  for (const w of season.weeks) {
    total += w.total;
    if (w.total > 0 && (peak === undefined || w.total > peak.total)) peak = w;
  }
  if (peak === undefined) {
    return {
      startDay: season.startDay,
      onsetIndex: undefined,
      onsetMonday: undefined,
      peakIndex: undefined,
      peakMonday: undefined,
      peakWeekly: 0,
      total,
    };
  }
  const threshold = ONSET_SHARE_OF_PEAK * peak.total;
  const onset = season.weeks.find((w) => w.total >= threshold) as (typeof season.weeks)[number];
  return {
    startDay: season.startDay,
    onsetIndex: onset.index,
    onsetMonday: onset.monday,
    peakIndex: peak.index,
    peakMonday: peak.monday,
    peakWeekly: peak.total,
    total,
  };
}
