/**
 * The store's write path: one batch in one transaction on the write connection — messages, windows, anomalies,
 * alerts, term bursts, stories and dead letters through DuckDB Appenders (staging TEMP tables where a later
 * emission replaces a row), offsets and shard snapshots — and the reference tables replaced at open.
 */

import { type DuckDBAppender, type DuckDBConnection, LIST, VARCHAR } from '@duckdb/node-api';
import type { Aggregate, Alert, Anomaly, Rejected, Story, TermBurst } from '../records.ts';
import type { Gazetteer } from '../reference/gazetteer.ts';
import type { Topic } from '../reference/topics.ts';
import type { MessageKeys } from './message-keys.ts';
import type { Queries, QueryName } from './queries.ts';
import type { Params } from './rows.ts';
import { encodeSnapshot, storedGzip } from './snapshot-text.ts';
import type { StorableDoc, WriteBatch } from './types.ts';
import { utcOffsetMinOf } from './utc-offset.ts';

/** Whether the batch saves shard state (the largest thing a batch writes: ~50 MB of JSON at national scale). */
export function writesState(b: WriteBatch): boolean {
  return (b.serialisedSnapshots?.shards.length ?? 0) > 0 || (b.snapshots?.shards.length ?? 0) > 0;
}

export function isEmptyBatch(b: WriteBatch): boolean {
  return (
    b.messages.length === 0 &&
    b.lateMessages.length === 0 &&
    b.aggregates.length === 0 &&
    b.anomalies.length === 0 &&
    (b.alerts?.length ?? 0) === 0 &&
    (b.termBursts?.length ?? 0) === 0 &&
    (b.stories?.length ?? 0) === 0 &&
    b.deadLetters.length === 0 &&
    (b.offsets?.length ?? 0) === 0 &&
    (b.snapshots?.shards.length ?? 0) === 0 &&
    (b.serialisedSnapshots?.shards.length ?? 0) === 0 &&
    b.retention === undefined
  );
}

/** Per bucket, the statements that write its staged windows: revisions of stored ones, then the new ones. */
const COUNT_WRITES = [
  ['5m', 'counts_5m_update', 'counts_5m_insert_new'],
  ['hour', 'counts_hourly_update', 'counts_hourly_insert_new'],
  ['day', 'counts_daily_update', 'counts_daily_insert_new'],
] as const satisfies readonly (readonly [Aggregate['bucket'], QueryName, QueryName])[];

/** The least and greatest window start of a bucket's windows (what the writes' joins are restricted to), or null. */
function startRange(windows: readonly Aggregate[], bucket: Aggregate['bucket']): Params | null {
  let from = Number.POSITIVE_INFINITY;
  let to = Number.NEGATIVE_INFINITY;
  for (const g of windows) {
    if (g.bucket !== bucket) continue;
    if (g.startMs < from) from = g.startMs;
    if (g.startMs > to) to = g.startMs;
  }
  return from > to ? null : { from_ms: from, to_ms: to };
}

export async function writeBatchInTransaction(
  conn: DuckDBConnection,
  exec: (name: QueryName, params?: Params) => Promise<unknown>,
  keys: MessageKeys,
  b: WriteBatch,
  nowMs: number,
): Promise<void> {
  if (b.messages.length > 0 || b.lateMessages.length > 0) {
    await withAppender(conn, b.dedupe ? 'stage_messages' : 'message_rows', b.dedupe ? 'temp' : null, (a) => {
      for (const d of b.messages) appendMessage(a, d, false, keys.idOf(d));
      for (const d of b.lateMessages) appendMessage(a, d, true, keys.idOf(d));
    });
    if (b.dedupe) {
      await exec('messages_insert_new');
      await exec('stage_messages_delete');
    }
    if (keys.pending().length > 0) {
      await withAppender(conn, 'message_keys', null, (a) => {
        for (const k of keys.pending()) {
          a.appendInteger(k.keyId);
          k.fields.forEach((f, j) => {
            // department (index 4) may be absent; the other fields are required by the schema.
            if (j === 4 && f === '') a.appendNull();
            else a.appendVarchar(f);
          });
          a.endRow();
        }
      });
    }
  }
  if (b.aggregates.length > 0) {
    const latest = lastByKey(
      b.aggregates,
      (g) => `${g.bucket}\u0000${g.municipality}\u0000${g.topic}\u0000${g.startMs}`,
    );
    await withAppender(conn, 'stage_counts', 'temp', (a) => {
      for (const g of latest) appendAggregate(a, g);
    });
    for (const [bucket, update, insertNew] of COUNT_WRITES) {
      const range = startRange(latest, bucket);
      if (range === null) continue;
      await exec(update, { replay: b.replay === true, ...range });
      await exec(insertNew, range);
    }
    await exec('stage_counts_delete');
  }
  if (b.anomalies.length > 0) {
    const latest = lastByKey(b.anomalies, (x) => x.id);
    const firstDetected = new Map<string, number>();
    for (const x of b.anomalies)
      firstDetected.set(x.id, Math.min(firstDetected.get(x.id) ?? Number.POSITIVE_INFINITY, x.detectedAtMs));
    await withAppender(conn, 'stage_anomalies', 'temp', (a) => {
      for (const x of latest) appendAnomaly(a, x, firstDetected.get(x.id) ?? x.detectedAtMs);
    });
    await exec('anomalies_upsert');
    await exec('stage_anomalies_delete');
  }
  // Full values keyed by id: the last of each id in the batch, staged, then upserted.
  const upsertLatest = async <T extends { id: string }>(
    items: readonly T[] | undefined,
    stage: string,
    append: (a: DuckDBAppender, x: T) => void,
    upsert: QueryName,
    clear: QueryName,
  ) => {
    if (!items || items.length === 0) return;
    const latest = lastByKey(items, (x) => x.id);
    await withAppender(conn, stage, 'temp', (a) => {
      for (const x of latest) append(a, x);
    });
    await exec(upsert);
    await exec(clear);
  };
  await upsertLatest(b.alerts, 'stage_alerts', appendAlert, 'alerts_upsert', 'stage_alerts_delete');
  await upsertLatest(
    b.termBursts,
    'stage_term_bursts',
    appendTermBurst,
    'term_bursts_upsert',
    'stage_term_bursts_delete',
  );
  await upsertLatest(b.stories, 'stage_stories', appendStory, 'stories_upsert', 'stage_stories_delete');
  if (b.deadLetters.length > 0) {
    await withAppender(
      conn,
      b.dedupe ? 'stage_dead_letters' : 'dead_letters',
      b.dedupe ? 'temp' : null,
      (a) => {
        for (const r of b.deadLetters) appendDeadLetter(a, r, nowMs);
      },
    );
    if (b.dedupe) {
      await exec('dead_letters_insert_new');
      await exec('stage_dead_letters_delete');
    }
  }
  for (const snap of b.serialisedSnapshots?.shards ?? [])
    await exec('shard_snapshots_upsert', {
      source: (b.serialisedSnapshots as { source: string }).source,
      shard: snap.shard,
      snapshot: storedGzip(snap.gzip),
      at_ms: BigInt(nowMs),
    });
  for (const snap of b.snapshots?.shards ?? [])
    await exec('shard_snapshots_upsert', {
      source: (b.snapshots as { source: string }).source,
      shard: snap.shard,
      snapshot: encodeSnapshot(snap),
      at_ms: BigInt(nowMs),
    });
  if (b.retention?.messagesBeforeMs !== undefined)
    await exec('messages_delete_before', { before_ms: BigInt(Math.floor(b.retention.messagesBeforeMs)) });
  if (b.retention?.deadLettersBeforeMs !== undefined)
    await exec('dead_letters_delete_before', {
      before_ms: BigInt(Math.floor(b.retention.deadLettersBeforeMs)),
    });
  for (const o of b.offsets ?? []) {
    await exec('offsets_upsert', {
      source: o.source,
      partition: o.partition,
      offset: o.offset,
      at_ms: nowMs,
    });
  }
}

/** Appends inside the connection's open transaction; closing the appender flushes the rows. */
async function withAppender(
  conn: DuckDBConnection,
  table: string,
  catalog: 'temp' | null,
  fill: (a: DuckDBAppender) => void,
): Promise<void> {
  const a = catalog ? await conn.createAppender(table, 'main', catalog) : await conn.createAppender(table);
  try {
    fill(a);
    a.flushSync();
  } catch (cause) {
    a.clear();
    throw cause;
  } finally {
    a.closeSync();
  }
}

/** Keeps the last item per key (a later emission of a window or anomaly is its newer full value). */
function lastByKey<T>(items: readonly T[], key: (t: T) => string): T[] {
  const m = new Map<string, T>();
  for (const it of items) m.set(key(it), it);
  return [...m.values()];
}

function appendText(a: DuckDBAppender, v: string | undefined | null): void {
  if (v == null) a.appendNull();
  else a.appendVarchar(v);
}

function appendMessage(a: DuckDBAppender, d: StorableDoc, late: boolean, keyId: number): void {
  a.appendVarchar(d.id);
  a.appendInteger(keyId);
  a.appendBigInt(BigInt(d.eventTimeMs));
  const offsetMin = utcOffsetMinOf(d.createdAt);
  if (offsetMin === null) a.appendNull();
  else a.appendSmallInt(offsetMin);
  a.appendDouble(d.topicConfidence);
  appendText(a, d.author);
  a.appendVarchar(d.text);
  appendText(a, d.url);
  appendText(a, d.parentId);
  a.appendBoolean(late);
  appendText(a, d.storyId);
  appendText(a, d.district);
  a.endRow();
}

function appendAggregate(a: DuckDBAppender, g: Aggregate): void {
  a.appendVarchar(g.bucket);
  a.appendVarchar(g.municipality);
  a.appendVarchar(g.topic);
  a.appendBigInt(BigInt(g.startMs));
  a.appendBigInt(BigInt(g.endMs));
  a.appendInteger(g.count);
  a.appendInteger(g.uniqueAuthors);
  a.appendVarchar(JSON.stringify(g.sources));
  a.endRow();
}

function appendAnomaly(a: DuckDBAppender, x: Anomaly, firstDetectedAtMs: number): void {
  a.appendVarchar(x.id);
  a.appendVarchar(x.bucket);
  a.appendVarchar(x.municipality);
  a.appendVarchar(x.topic);
  a.appendBigInt(BigInt(x.startMs));
  a.appendBigInt(BigInt(x.endMs));
  a.appendDouble(x.observed);
  a.appendDouble(x.expected);
  a.appendDouble(x.pValue);
  a.appendDouble(x.score);
  a.appendVarchar(x.severity);
  a.appendVarchar(x.detector);
  a.appendBigInt(BigInt(x.detectedAtMs));
  a.appendInteger(x.updates);
  a.appendBigInt(BigInt(firstDetectedAtMs));
  appendText(a, x.district);
  a.endRow();
}

function appendAlert(a: DuckDBAppender, x: Alert): void {
  a.appendVarchar(x.id);
  a.appendVarchar(x.municipality);
  a.appendVarchar(x.topic);
  a.appendVarchar(x.status);
  a.appendVarchar(x.severity);
  a.appendInteger(x.respondWithinMin);
  a.appendBigInt(BigInt(x.startMs));
  a.appendBigInt(BigInt(x.endMs));
  a.appendBigInt(BigInt(x.firstDetectedAtMs));
  a.appendBigInt(BigInt(x.lastDetectedAtMs));
  if (x.closedAtMs === null) a.appendNull();
  else a.appendBigInt(BigInt(x.closedAtMs));
  a.appendInteger(x.windows);
  a.appendDouble(x.peakObserved);
  a.appendDouble(x.peakExpected);
  if (x.peakPer10k === null) a.appendNull();
  else a.appendDouble(x.peakPer10k);
  a.appendDouble(x.minPValue);
  a.appendDouble(x.maxScore);
  appendText(a, x.cause?.id);
  appendText(a, x.cause?.kind);
  appendText(a, x.cause?.label);
  a.appendVarchar(x.groupId);
  a.appendVarchar(x.regionGroupId);
  a.appendList(x.terms, VARCHAR_LIST);
  a.appendVarchar(x.kind);
  a.appendList(x.districts, VARCHAR_LIST);
  a.endRow();
}

const VARCHAR_LIST = LIST(VARCHAR);

function appendTermBurst(a: DuckDBAppender, x: TermBurst): void {
  a.appendVarchar(x.id);
  a.appendVarchar(x.scope);
  a.appendVarchar(x.municipality);
  a.appendVarchar(x.region);
  a.appendVarchar(x.stem);
  a.appendVarchar(x.term);
  a.appendVarchar(x.topic);
  a.appendBigInt(BigInt(x.startMs));
  a.appendBigInt(BigInt(x.endMs));
  a.appendDouble(x.observed);
  a.appendDouble(x.expected);
  a.appendDouble(x.pValue);
  a.appendDouble(x.score);
  a.appendInteger(x.municipalities);
  a.appendList(x.messageIds, VARCHAR_LIST);
  a.appendBigInt(BigInt(x.detectedAtMs));
  if (x.phrase === undefined) a.appendNull();
  else a.appendVarchar(x.phrase);
  a.endRow();
}

function appendStory(a: DuckDBAppender, x: Story): void {
  a.appendVarchar(x.id);
  a.appendVarchar(x.municipality);
  a.appendVarchar(x.region);
  a.appendVarchar(x.topic);
  a.appendVarchar(x.kind);
  a.appendBigInt(BigInt(x.startMs));
  a.appendBigInt(BigInt(x.lastMs));
  a.appendInteger(x.messages);
  a.appendInteger(x.authors);
  a.appendVarchar(JSON.stringify(x.terms));
  a.appendVarchar(
    JSON.stringify(x.streets.map((s) => ({ key: s.key, label: s.label, messages: s.messages }))),
  );
  a.appendVarchar(x.label);
  a.appendBoolean(x.closed);
  a.appendList(
    x.places.map((p) => p.municipality),
    VARCHAR_LIST,
  );
  a.appendVarchar(JSON.stringify(x.places));
  if (x.lat === undefined || x.lon === undefined) {
    a.appendNull();
    a.appendNull();
    a.appendNull();
  } else {
    a.appendDouble(x.lat);
    a.appendDouble(x.lon);
    a.appendInteger(x.located ?? 0);
  }
  a.endRow();
}

function appendDeadLetter(a: DuckDBAppender, r: Rejected, nowMs: number): void {
  a.appendVarchar(r.reason);
  a.appendVarchar(r.stage);
  a.appendVarchar(r.detail);
  a.appendVarchar(r.raw);
  a.appendVarchar(JSON.stringify(r.origin));
  a.appendBigInt(BigInt(nowMs));
  a.endRow();
}

export async function replaceReference(
  conn: DuckDBConnection,
  queries: Queries,
  gazetteer: Gazetteer,
  topics: readonly Topic[],
): Promise<void> {
  await conn.run(queries.transaction_begin);
  try {
    await conn.run(queries.municipalities_delete);
    await conn.run(queries.topics_delete);
    await withAppender(conn, 'municipalities', null, (a) => {
      for (const m of gazetteer.all) {
        a.appendVarchar(m.code);
        a.appendVarchar(m.name);
        a.appendVarchar(m.region);
        a.appendVarchar(m.regionName);
        a.appendVarchar(m.federalDistrict);
        a.appendBigInt(BigInt(Math.round(m.population)));
        a.appendDouble(m.lat);
        a.appendDouble(m.lon);
        a.appendInteger(m.utcOffsetMin);
        a.endRow();
      }
    });
    await withAppender(conn, 'topics', null, (a) => {
      for (const t of topics) {
        a.appendVarchar(t.id);
        a.appendVarchar(t.nameRu);
        a.appendVarchar(t.department);
        a.endRow();
      }
    });
    await conn.run(queries.transaction_commit);
  } catch (cause) {
    await conn.run(queries.transaction_rollback).catch(() => undefined);
    throw cause;
  }
}
