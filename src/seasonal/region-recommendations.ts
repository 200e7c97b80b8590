/**
 * Campaign recommendations of one region from the store's day counts: every (town, topic) of the region planned
 * together (priors pooled from its towns, plan-region.ts), then recommend-campaigns.ts. The same answer for
 * GET /api/campaigns/recommended and the briefing's expected waves.
 */
import type { Gazetteer } from '../reference/gazetteer.ts';
import type { Store } from '../store/index.ts';
import { dailyCountsByKey, type KeyDayCounts } from '../store/seasonal-counts.ts';
import { dailyFromPoints } from './daily-from-points.ts';
import type { DailySeries } from './daily-series.ts';
import { planRegionSeeded } from './plan-cache.ts';
import { type PlannedSeries, type Recommendation, recommendCampaigns } from './recommend-campaigns.ts';

/** History read for a plan: up to ten years back from the data's end. */
export const SEASONAL_HISTORY_DAYS = 10 * 366;

/** Each key's gap-free series from its first day with a complaint to `endDay`. */
export function seriesOfKey(k: KeyDayCounts, endDay: number): DailySeries {
  const first = Math.min(...k.points.map((p) => p.day));
  return dailyFromPoints(k.points, first, endDay);
}

export interface RegionRecommendationOptions {
  region: string;
  /** Only this town's rows (the region is still planned whole). */
  municipality?: string;
  /** Day numbers: recommendations from `fromDay`; history up to `endDay` (the data's end). */
  fromDay: number;
  endDay: number;
  leadWeeks?: number;
  horizonWeeks?: number;
}

export async function recommendForRegion(
  deps: { store: Store; gazetteer: Gazetteer },
  o: RegionRecommendationOptions,
): Promise<Recommendation[]> {
  const keys = await dailyCountsByKey(deps.store, {
    region: o.region,
    fromDay: o.endDay - SEASONAL_HISTORY_DAYS,
    toDay: o.endDay,
  });
  const byTopic = new Map<string, KeyDayCounts[]>();
  for (const k of keys) byTopic.set(k.topic, [...(byTopic.get(k.topic) ?? []), k]);
  const items: PlannedSeries[] = [];
  for (const [topic, ks] of byTopic) {
    const towns = ks.map((k) => ({
      municipality: k.municipality,
      population: deps.gazetteer.byCode(k.municipality)?.population ?? 0,
      series: seriesOfKey(k, o.endDay),
    }));
    // Seeded and remembered per input: the same (region, topic) gives the same plan as GET /api/seasonal.
    for (const p of planRegionSeeded(towns).plans) {
      if (p.profile.forecast === undefined) continue;
      if (o.municipality !== undefined && p.municipality !== o.municipality) continue;
      items.push({
        municipality: p.municipality,
        topic,
        population: p.population,
        recurrence: p.profile.recurrence,
        forecast: p.profile.forecast,
      });
    }
  }
  return recommendCampaigns(items, {
    fromDay: o.fromDay,
    ...(o.leadWeeks !== undefined ? { leadWeeks: o.leadWeeks } : {}),
    ...(o.horizonWeeks !== undefined ? { horizonWeeks: o.horizonWeeks } : {}),
  });
}
