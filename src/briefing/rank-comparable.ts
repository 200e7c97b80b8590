/**
 * The town's place among comparable towns of its region by the day's rate. The rates are the API's (GET /api/top
 * ?by=municipality: geo/rates.ts over every monitored town of the region, the empirical-Bayes rate with its 95%
 * interval); "comparable" narrows the ranking — not the rates — to towns within COMPARABLE_FACTOR of the town's
 * population, so a city is not ranked against villages. With fewer than MIN_COMPARABLE such towns, the whole region.
 */
import type { PlaceRate } from '../geo/rates.ts';
import type { Rank } from './types.ts';

export const COMPARABLE_FACTOR = 3;
export const MIN_COMPARABLE = 3;

/** Ranks by the shrunk rate, highest first (ties: larger count, then code); null when the town has no rate. */
export function rankAmongComparable(rates: readonly PlaceRate[], code: string): Rank | null {
  const own = rates.find((r) => r.code === code);
  if (!own) return null;
  const lo = own.population / COMPARABLE_FACTOR;
  const hi = own.population * COMPARABLE_FACTOR;
  const near = rates.filter((r) => r.population >= lo && r.population <= hi);
  const pool = near.length >= MIN_COMPARABLE ? near : rates;
  // Rounded as the API serves them, so the order is the one a client of /api/top?sort=shrunk sees.
  const sorted = [...pool].sort(
    (a, b) => round4(b.shrunk) - round4(a.shrunk) || b.count - a.count || (a.code < b.code ? -1 : 1),
  );
  const totalCount = rates.reduce((s, r) => s + r.count, 0);
  const totalPop = rates.reduce((s, r) => s + r.population, 0);
  return {
    position: sorted.findIndex((r) => r.code === code) + 1,
    of: sorted.length,
    populationFrom: pool === near ? Math.ceil(lo) : null,
    populationTo: pool === near ? Math.floor(hi) : null,
    shrunk: round4(own.shrunk),
    shrunkLow: round4(own.shrunkLow),
    shrunkHigh: round4(own.shrunkHigh),
    per10k: round4(own.per10k),
    low: round4(own.low),
    high: round4(own.high),
    regionPer10k: totalPop > 0 ? round4((totalCount * 10_000) / totalPop) : 0,
  };
}

/** Four decimals, as GET /api/top rounds its rates. */
export const round4 = (x: number) => Math.round(x * 1e4) / 1e4;
