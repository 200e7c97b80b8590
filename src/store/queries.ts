/**
 * The SQL loader (STYLE.md D): every statement lives in queries/<name>.sql and is read once, by name, at
 * startup. A missing file fails fast with VSP_STORE_QUERY_MISSING; queries.test.ts checks that no file exists
 * without a name here. `schema` and `export_views_create` are DDL scripts (many statements); every other file holds
 * one statement with named parameters ($name). A statement that is the same for several tables (the three
 * window-count tables) is one template file, `{{placeholders}}` filled per name (`TEMPLATED`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { vspError } from '../errors.ts';

export const QUERY_NAMES = [
  'schema',
  'transaction_begin',
  'transaction_commit',
  'transaction_rollback',
  'municipalities_delete',
  'topics_delete',
  'stage_counts_delete',
  'stage_anomalies_delete',
  'stage_alerts_delete',
  'stage_term_bursts_delete',
  'stage_stories_delete',
  'counts_5m_update',
  'counts_5m_insert_new',
  'counts_hourly_update',
  'counts_hourly_insert_new',
  'counts_daily_update',
  'counts_daily_insert_new',
  'anomalies_upsert',
  'alerts_upsert',
  'term_bursts_upsert',
  'stories_upsert',
  'offsets_upsert',
  'offsets_by_source',
  'shard_snapshots_upsert',
  'checkpoint',
  'known_events_upsert',
  'known_events_since',
  'alert_feedback_insert',
  'alert_feedback_by_alert',
  'alert_feedback_since',
  'messages_insert_new',
  'messages_delete_before',
  'dead_letters_delete_before',
  'stage_messages_delete',
  'dead_letters_insert_new',
  'stage_dead_letters_delete',
  'shard_snapshots_by_source',
  'run_stats_upsert',
  'run_stats_latest',
  'duckdb_memory_totals',
  'duckdb_memory_settings',
  'message_keys_list',
  'messages_stats',
  'messages_by_window',
  'messages_by_ids',
  'messages_by_story',
  'messages_by_story_count',
  'messages_newest_by_place',
  'messages_texts_by_place',
  'messages_districts_by_place',
  'dead_letters_count_by_reason',
  'anomalies_count_by_severity',
  'anomalies_list',
  'anomalies_count',
  'anomalies_by_id',
  'alerts_list',
  'alerts_count',
  'alerts_by_id',
  'incidents_list',
  'incidents_count',
  'incidents_members',
  'term_bursts_list',
  'term_bursts_count',
  'term_bursts_by_id',
  'stories_list',
  'stories_count',
  'stories_by_ids',
  'counts_summarise',
  'counts_hourly_time_range',
  'counts_5m_series',
  'counts_hourly_series',
  'counts_daily_series',
  'counts_hourly_top_municipalities',
  'counts_hourly_top_topics',
  'municipalities_list',
  'regions_list',
  // store/tokens.ts: the API tokens table, created by that module.
  'tokens_create_table',
  'tokens_insert',
  'tokens_list',
  'tokens_revoke',
  'tokens_touch',
  // store/campaigns.ts and store/seasonal-counts.ts: the seasonal planner's campaigns and day counts per key.
  'campaigns_create_table',
  'campaigns_insert',
  'campaigns_by_id',
  'campaigns_by_region_topic',
  'campaigns_list',
  'counts_daily_by_key',
  // commands/demo-history.ts: the demo's generated earlier years of day counts.
  'counts_daily_insert_csv',
  'counts_daily_totals',
  // store/subscriptions.ts and store/deliveries.ts: who gets which briefing, and what was sent (issue 14).
  'subscriptions_create_table',
  'subscriptions_insert',
  'subscriptions_list',
  'subscriptions_delete',
  'deliveries_create_table',
  'deliveries_begin',
  'deliveries_finish',
  'deliveries_list',
  // store/export-source.ts: `vsplesk export` (issue 16), on its own read-only connection.
  'export_views_create',
  'export_rows',
  'export_rows_to_parquet',
  'export_rows_to_csv',
  'export_dictionaries',
] as const;

export type QueryName = (typeof QUERY_NAMES)[number];

/** Window-count writes, one per table: the same statements with the table and its bucket filled in. */
const WINDOW_TABLES = [
  ['5m', 'counts_5m', '5m'],
  ['hourly', 'counts_hourly', 'hour'],
  ['daily', 'counts_daily', 'day'],
] as const;

interface Template {
  file: string;
  vars: Readonly<Record<string, string>>;
}

/** Names whose text is a template file (queries/<file>.sql) with `{{key}}` placeholders (and `{{name}}`). */
export const TEMPLATED: ReadonlyMap<QueryName, Template> = new Map(
  WINDOW_TABLES.flatMap(([short, table, bucket]): [QueryName, Template][] => {
    const vars = {
      table,
      bucket,
      update: `counts_${short}_update`,
      insert_new: `counts_${short}_insert_new`,
    };
    return [
      [`counts_${short}_update`, { file: 'counts_window_update', vars }],
      [`counts_${short}_insert_new`, { file: 'counts_window_insert_new', vars }],
    ];
  }),
);

/** The files that are DDL scripts of several statements; every other holds one. */
export const DDL_SCRIPTS: ReadonlySet<QueryName> = new Set(['schema', 'export_views_create']);
export type Queries = Readonly<Record<QueryName, string>>;

export const DEFAULT_QUERIES_DIR = fileURLToPath(new URL('../../queries/', import.meta.url));

/** Reads every query file; throws VSP_STORE_QUERY_MISSING naming the first absent one. */
export function loadQueries(dir = DEFAULT_QUERIES_DIR): Queries {
  const out = {} as Record<QueryName, string>;
  for (const name of QUERY_NAMES) {
    const template = TEMPLATED.get(name);
    const path = join(dir, `${template?.file ?? name}.sql`);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (cause) {
      throw vspError('VSP_STORE_QUERY_MISSING', `${name} (${path})`, cause);
    }
    if (text.trim() === '') throw vspError('VSP_STORE_QUERY_MISSING', `${name} is empty (${path})`);
    out[name] = template ? fill(text, { ...template.vars, name }) : text;
  }
  return Object.freeze(out);
}

/** A template's `{{key}}` placeholders filled in; an unknown one throws (a typo would be SQL that fails later). */
function fill(text: string, vars: Readonly<Record<string, string>>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    const v = vars[key];
    if (v === undefined) throw new Error(`query template: no value for {{${key}}}`);
    return v;
  });
}
