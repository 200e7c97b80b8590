/**
 * Briefing subscriptions (issue 14, part 5): who gets which municipality's briefing or which region's digest,
 * through which sink, in which formats, at what local time. This module owns the `subscriptions` table
 * (queries/subscriptions_*.sql) and creates it on first use, through the store's `runQuery` like store/tokens.ts.
 */
import { randomBytes } from 'node:crypto';
import { ownTable, type QueryStore } from './own-table.ts';

export const SUBSCRIPTION_KINDS = ['municipality', 'region'] as const;
export type SubscriptionKind = (typeof SUBSCRIPTION_KINDS)[number];
export const SINK_KINDS = ['file', 'webhook', 'email'] as const;
export type SinkKind = (typeof SINK_KINDS)[number];
export const DELIVERY_FORMATS = ['html', 'md', 'json', 'pdf'] as const;
export type DeliveryFormat = (typeof DELIVERY_FORMATS)[number];

/** 07:00 local, in minutes after midnight: when a head reads the page. */
export const DEFAULT_SEND_AT_MIN = 7 * 60;

export interface NewSubscription {
  kind: SubscriptionKind;
  /** OKTMO code (municipality) or region code (region). */
  place: string;
  sink: SinkKind;
  /** A directory (file), an http(s) URL (webhook) or an e-mail address (email). */
  target: string;
  formats: DeliveryFormat[];
  /** Local minutes after midnight. */
  sendAtMin: number;
  enabled: boolean;
}

export interface Subscription extends NewSubscription {
  id: string;
  createdAtMs: number;
}

const ensureTable = ownTable('subscriptions_create_table');

export async function insertSubscription(
  store: QueryStore,
  s: NewSubscription,
  nowMs: number,
): Promise<Subscription> {
  await ensureTable(store);
  const row: Subscription = { ...s, id: `sub_${randomBytes(6).toString('hex')}`, createdAtMs: nowMs };
  await store.runQuery(
    'subscriptions_insert',
    {
      id: row.id,
      kind: row.kind,
      place: row.place,
      sink: row.sink,
      target: row.target,
      formats: row.formats.join(','),
      send_at_min: row.sendAtMin,
      enabled: row.enabled,
      created_at_ms: row.createdAtMs,
    },
    'write',
  );
  return row;
}

export async function listSubscriptions(store: QueryStore): Promise<Subscription[]> {
  await ensureTable(store);
  return (await store.runQuery('subscriptions_list', {}, 'read')).map(toSubscription);
}

/** False when there is no such subscription. */
export async function removeSubscription(store: QueryStore, id: string): Promise<boolean> {
  await ensureTable(store);
  return (await store.runQuery('subscriptions_delete', { id }, 'write')).length > 0;
}

function toSubscription(r: Record<string, unknown>): Subscription {
  return {
    id: String(r.id),
    kind: String(r.kind) as SubscriptionKind,
    place: String(r.place),
    sink: String(r.sink) as SinkKind,
    target: String(r.target),
    formats: String(r.formats)
      .split(',')
      .filter((f) => f !== '') as DeliveryFormat[],
    sendAtMin: Number(r.send_at_min),
    enabled: Boolean(r.enabled),
    createdAtMs: Number(r.created_at_ms),
  };
}
