/**
 * `vsplesk subscription add|list|remove --db FILE` and `vsplesk briefings status --db FILE`: briefing
 * subscriptions and what was delivered (store/subscriptions.ts, store/deliveries.ts). A running `vsplesk serve`
 * holds the DuckDB file's lock: then use the admin API (/api/subscriptions, /api/deliveries).
 */

import {
  formatSendAt,
  nextDue,
  type SubscriptionSpec,
  subscriptionZone,
  validateNewSubscription,
} from '../briefing/delivery/index.ts';
import { vspError } from '../errors.ts';
import { type Gazetteer, loadGazetteer } from '../reference/gazetteer.ts';
import { type DeliveryRow, listDeliveries } from '../store/deliveries.ts';
import type { Store } from '../store/index.ts';
import {
  insertSubscription,
  listSubscriptions,
  removeSubscription,
  type Subscription,
} from '../store/subscriptions.ts';
import { withAdminStore } from './admin-store.ts';

/** Opens the store for a short command; a lock held by a server is a usage error pointing to the admin API. */
export const withStore = <T>(db: string, f: (store: Store, gazetteer: Gazetteer) => Promise<T>): Promise<T> =>
  withAdminStore(db, '(/api/subscriptions, /api/deliveries with an admin token)', f);

/** One line per subscription: id, place, sink → target, formats, send time, next send (UTC), enabled. */
export function describeSubscription(s: Subscription, g: Gazetteer, nowMs: number): string {
  const name =
    s.kind === 'municipality' ? g.byCode(s.place)?.name : g.regions().find((r) => r.code === s.place)?.name;
  const zone = subscriptionZone(s, g);
  const next =
    zone === undefined
      ? 'not in the gazetteer'
      : new Date(nextDue(nowMs, { utcOffsetMin: zone, sendAtMin: s.sendAtMin }).dueMs).toISOString();
  return (
    `${s.id}  ${s.kind} ${s.place} (${name ?? '?'})  ${s.sink} → ${s.target}  [${s.formats.join(',')}]  ` +
    `${formatSendAt(s.sendAtMin)} local, next ${next}${s.enabled ? '' : '  (disabled)'}`
  );
}

export async function runSubscriptionAdd(
  o: SubscriptionSpec & { db: string; nowMs?: number },
): Promise<string[]> {
  const spec = validateNewSubscription(o, loadGazetteer());
  const nowMs = o.nowMs ?? Date.now();
  return withStore(o.db, async (store, g) => {
    const s = await insertSubscription(store, spec, nowMs);
    return [`added ${describeSubscription(s, g, nowMs)}`];
  });
}

export async function runSubscriptionList(o: { db: string; nowMs?: number }): Promise<string[]> {
  return withStore(o.db, async (store, g) => {
    const list = await listSubscriptions(store);
    if (list.length === 0) return ['no subscriptions'];
    return list.map((s) => describeSubscription(s, g, o.nowMs ?? Date.now()));
  });
}

export async function runSubscriptionRemove(o: { db: string; id: string }): Promise<string[]> {
  const ok = await withStore(o.db, (store) => removeSubscription(store, o.id));
  if (!ok) throw vspError('VSP_CLI_USAGE', `no subscription '${o.id}' in ${o.db}`);
  return [`removed ${o.id} (its deliveries stay on record)`];
}

/** One line per delivery: date, subscription, state, rounds, sent time, last error. */
export const describeDelivery = (d: DeliveryRow) =>
  `${d.date}  ${d.subscriptionId}  ${d.state}  rounds ${d.attempts}` +
  `${d.sentAtMs === null ? '' : `  sent ${new Date(d.sentAtMs).toISOString()}`}` +
  `${d.lastError === null || d.state === 'sent' ? '' : `  error: ${d.lastError}`}`;

/** Deliveries, newest first; `failedOnly`: the ones that need a person. */
export async function runDeliveriesStatus(o: {
  db: string;
  subscription?: string;
  limit?: number;
}): Promise<{ lines: string[]; failed: number }> {
  return withStore(o.db, async (store) => {
    const rows = await listDeliveries(store, {
      ...(o.subscription !== undefined ? { subscriptionId: o.subscription } : {}),
      limit: o.limit ?? 100,
    });
    return {
      lines: rows.length === 0 ? ['no deliveries yet'] : rows.map(describeDelivery),
      failed: rows.filter((r) => r.state === 'failed').length,
    };
  });
}
