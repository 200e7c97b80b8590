/**
 * When a subscription's briefing is due: the briefing of local date D is sent at `sendAtMin` (07:00 by default)
 * of D+1 in the place's own zone — "yesterday" as the head reads it. Pure: instants in, dates out.
 */
import type { Gazetteer } from '../../reference/gazetteer.ts';
import type { Subscription } from '../../store/subscriptions.ts';
import { addDays, localDateOf, localDay, MINUTE_MS } from '../local-day.ts';

/** Days before the latest due date a restarted scheduler still catches up (older ones are not sent). */
export const DEFAULT_LOOKBACK_DAYS = 3;

/** @example dueMsOf('2026-12-06', 720, 420) === Date.UTC(2026, 11, 6, 19) — 07:00 of 7 December at UTC+12 */
export function dueMsOf(date: string, utcOffsetMin: number, sendAtMin: number): number {
  return localDay(addDays(date, 1), utcOffsetMin).fromMs + sendAtMin * MINUTE_MS;
}

/**
 * The dates due at `nowMs`, oldest first: the latest date whose send time has come, and the `lookbackDays − 1`
 * before it, leaving out those due before `sinceMs` (a new subscription owes nothing from before it existed).
 */
export function dueDates(
  nowMs: number,
  zone: { utcOffsetMin: number; sendAtMin: number },
  lookbackDays: number,
  sinceMs: number,
): string[] {
  const today = localDateOf(nowMs, zone.utcOffsetMin);
  let latest = addDays(today, -1);
  if (dueMsOf(latest, zone.utcOffsetMin, zone.sendAtMin) > nowMs) latest = addDays(latest, -1);
  const out: string[] = [];
  for (let k = lookbackDays - 1; k >= 0; k--) {
    const date = addDays(latest, -k);
    if (dueMsOf(date, zone.utcOffsetMin, zone.sendAtMin) >= sinceMs) out.push(date);
  }
  return out;
}

/** The next send time after `nowMs` and the date it is for. */
export function nextDue(
  nowMs: number,
  zone: { utcOffsetMin: number; sendAtMin: number },
): { date: string; dueMs: number } {
  let date = addDays(localDateOf(nowMs, zone.utcOffsetMin), -2);
  while (dueMsOf(date, zone.utcOffsetMin, zone.sendAtMin) <= nowMs) date = addDays(date, 1);
  return { date, dueMs: dueMsOf(date, zone.utcOffsetMin, zone.sendAtMin) };
}

/**
 * The zone a subscription is scheduled in: a municipality's own; a region digest's, the zone of the region's most
 * populous town in the gazetteer (its capital, or the largest city where the capital is smaller — the digest is
 * read in the regional centre's office). Undefined: the place is not in the gazetteer.
 */
export function subscriptionZone(
  s: Pick<Subscription, 'kind' | 'place'>,
  gazetteer: Pick<Gazetteer, 'all' | 'byCode'>,
): number | undefined {
  if (s.kind === 'municipality') return gazetteer.byCode(s.place)?.utcOffsetMin;
  let best: { population: number; utcOffsetMin: number } | undefined;
  for (const m of gazetteer.all)
    if (m.region === s.place && (best === undefined || m.population > best.population)) best = m;
  return best?.utcOffsetMin;
}
