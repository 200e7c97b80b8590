/**
 * Preventive campaigns registered by planners (issue 15): this module owns the `campaigns` table
 * (queries/campaigns_*.sql) and creates it on first use, through the store's `runQuery` like store/tokens.ts.
 */
import { randomBytes } from 'node:crypto';
import { ownTable, type QueryStore } from './own-table.ts';

export interface NewCampaign {
  municipality: string;
  region: string;
  topic: string;
  /** Local calendar days (days since 1970-01-01), both inclusive. */
  fromDay: number;
  toDay: number;
  /** What was done (leaflets, SMS, a meeting…). */
  description: string;
}

export interface CampaignRow extends NewCampaign {
  id: string;
  createdAtMs: number;
}

const ensureTable = ownTable('campaigns_create_table');

function toRow(r: Record<string, unknown>): CampaignRow {
  return {
    id: String(r.id),
    municipality: String(r.municipality),
    region: String(r.region),
    topic: String(r.topic),
    fromDay: Number(r.from_day),
    toDay: Number(r.to_day),
    description: String(r.description),
    createdAtMs: Number(r.created_at_ms),
  };
}

export async function insertCampaign(store: QueryStore, c: NewCampaign, nowMs: number): Promise<CampaignRow> {
  await ensureTable(store);
  const row: CampaignRow = { ...c, id: `cmp_${randomBytes(6).toString('hex')}`, createdAtMs: nowMs };
  await store.runQuery(
    'campaigns_insert',
    {
      id: row.id,
      municipality: row.municipality,
      region: row.region,
      topic: row.topic,
      from_day: row.fromDay,
      to_day: row.toDay,
      description: row.description,
      created_at_ms: row.createdAtMs,
    },
    'write',
  );
  return row;
}

export async function campaignById(store: QueryStore, id: string): Promise<CampaignRow | undefined> {
  await ensureTable(store);
  const [r] = await store.runQuery('campaigns_by_id', { id }, 'read');
  return r === undefined ? undefined : toRow(r);
}

/** Campaigns of a region and topic overlapping the days [fromDay, toDay]. */
export async function campaignsOverlapping(
  store: QueryStore,
  q: { region: string; topic: string; fromDay: number; toDay: number },
): Promise<{ id: string; municipality: string; fromDay: number; toDay: number }[]> {
  await ensureTable(store);
  const rows = await store.runQuery(
    'campaigns_by_region_topic',
    { region: q.region, topic: q.topic, from_day: q.fromDay, to_day: q.toDay },
    'read',
  );
  return rows.map((r) => ({
    id: String(r.id),
    municipality: String(r.municipality),
    fromDay: Number(r.from_day),
    toDay: Number(r.to_day),
  }));
}

/** Campaigns within a place (undefined: any), newest first, at most `limit`. */
export async function listCampaigns(
  store: QueryStore,
  q: { region?: string; municipality?: string; topic?: string; limit: number },
): Promise<CampaignRow[]> {
  await ensureTable(store);
  const rows = await store.runQuery(
    'campaigns_list',
    {
      region: q.region ?? null,
      municipality: q.municipality ?? null,
      topic: q.topic ?? null,
      limit: q.limit,
    },
    'read',
  );
  return rows.map(toRow);
}
