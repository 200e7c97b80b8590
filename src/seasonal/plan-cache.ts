/**
 * The region's plan for one topic, computed once per distinct input. Planning draws a thousand seasons per town
 * (analog-forecast.ts): a region of ten towns costs about a second for one topic, and every read of the planner
 * (GET /api/seasonal, /api/campaigns/recommended, each morning briefing of the region) plans the same towns
 * again until a new day's counts arrive. The key is the input itself (towns, populations, every day's count)
 * hashed, so a new count makes a new entry and nothing stale is ever answered; the seeded stream (mulberry32(1),
 * fresh per call) makes the plan a function of that input alone.
 */
import { createHash } from 'node:crypto';
import { mulberry32 } from '../classify/softmax-regression.ts';
import { planRegion, type TownPlan, type TownSeries } from './plan-region.ts';

type RegionPlan = ReturnType<typeof planRegion>;

/** Plans kept: a region's topics for a few regions (a plan of ten towns is a few KB). */
const MAX_PLANS = 512;

const plans = new Map<string, RegionPlan>();

/** The input's identity: every town's code, population, first day and counts, in order. */
export function planKey(towns: readonly TownSeries[]): string {
  const h = createHash('sha1');
  for (const t of towns) {
    h.update(`${t.municipality}\u0000${t.population}\u0000${t.series.firstDay}\u0000`);
    h.update(new Float64Array(t.series.values));
  }
  return h.digest('base64url');
}

/** planRegion with a fresh mulberry32(1) stream, remembered per input (least recently used out). */
export function planRegionSeeded(towns: readonly TownSeries[]): {
  startMonth: number | undefined;
  plans: TownPlan[];
} {
  const key = planKey(towns);
  const hit = plans.get(key);
  if (hit !== undefined) {
    plans.delete(key);
    plans.set(key, hit);
    return hit;
  }
  const plan = planRegion(towns, { rand: mulberry32(1) });
  plans.set(key, plan);
  if (plans.size > MAX_PLANS) plans.delete(plans.keys().next().value as string);
  return plan;
}
