/**
 * What the briefing scheduler sent (issue 14, part 5): one row per (subscription, local date), recorded
 * `pending` before a sink is called and `sent` or `failed` after, so a restart neither re-builds what was sent nor
 * skips what was not. This module owns the `deliveries` table (queries/deliveries_*.sql).
 */
import { ownTable, type QueryStore } from './own-table.ts';

export const DELIVERY_STATES = ['pending', 'sent', 'failed'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export interface DeliveryRow {
  subscriptionId: string;
  /** The local date the briefing is about. */
  date: string;
  /** The idempotency key receivers see; the same on every attempt. */
  deliveryId: string;
  state: DeliveryState;
  /** Delivery rounds begun. */
  attempts: number;
  lastError: string | null;
  /** The day's messages the briefing counted (null: a region digest). */
  messagesCount: number | null;
  /** What was built (the Briefing or RegionDigest as JSON text), kept from the first round. */
  payload: string | null;
  dueMs: number;
  updatedAtMs: number;
  sentAtMs: number | null;
}

const ensureTable = ownTable('deliveries_create_table');

/** The delivery id of a subscription's date: derived, so a re-send after a crash carries the same one. */
export const deliveryIdOf = (subscriptionId: string, date: string) => `${subscriptionId}.${date}`;

/**
 * Records a round as pending (before sending). Returns the row after: `sent` — leave it alone; `payload` — what
 * to send (the first round's, when an earlier round built one).
 */
export async function beginDelivery(
  store: QueryStore,
  d: {
    subscriptionId: string;
    date: string;
    messagesCount: number | null;
    /** Null when building failed (the round is then recorded failed). */
    payload: string | null;
    dueMs: number;
  },
  nowMs: number,
): Promise<{ state: DeliveryState; attempts: number; payload: string | null }> {
  await ensureTable(store);
  const [r] = await store.runQuery(
    'deliveries_begin',
    {
      subscription_id: d.subscriptionId,
      date: d.date,
      delivery_id: deliveryIdOf(d.subscriptionId, d.date),
      messages_count: d.messagesCount,
      payload: d.payload,
      due_ms: d.dueMs,
      at_ms: nowMs,
    },
    'write',
  );
  return {
    state: String(r?.state) as DeliveryState,
    attempts: Number(r?.attempts),
    payload: r?.payload == null ? null : String(r.payload),
  };
}

export async function finishDelivery(
  store: QueryStore,
  d: { subscriptionId: string; date: string },
  outcome: { state: 'sent' } | { state: 'failed'; error: string },
  nowMs: number,
): Promise<void> {
  await ensureTable(store);
  await store.runQuery(
    'deliveries_finish',
    {
      subscription_id: d.subscriptionId,
      date: d.date,
      state: outcome.state,
      last_error: outcome.state === 'failed' ? outcome.error.slice(0, 2000) : null,
      at_ms: nowMs,
      sent_at_ms: outcome.state === 'sent' ? nowMs : null,
    },
    'write',
  );
}

/** Deliveries, newest date first (of one subscription, or all). */
export async function listDeliveries(
  store: QueryStore,
  q: { subscriptionId?: string; limit?: number } = {},
): Promise<DeliveryRow[]> {
  await ensureTable(store);
  const rows = await store.runQuery(
    'deliveries_list',
    { subscription_id: q.subscriptionId ?? null, limit: q.limit ?? 1000 },
    'read',
  );
  return rows.map(toDelivery);
}

function toDelivery(r: Record<string, unknown>): DeliveryRow {
  const num = (v: unknown) => (v == null ? null : Number(v));
  return {
    subscriptionId: String(r.subscription_id),
    date: String(r.date),
    deliveryId: String(r.delivery_id),
    state: String(r.state) as DeliveryState,
    attempts: Number(r.attempts),
    lastError: r.last_error == null ? null : String(r.last_error),
    messagesCount: num(r.messages_count),
    payload: r.payload == null ? null : String(r.payload),
    dueMs: Number(r.due_ms),
    updatedAtMs: Number(r.updated_at_ms),
    sentAtMs: num(r.sent_at_ms),
  };
}
