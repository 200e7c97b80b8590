/**
 * The DuckDB store: the module that owns the store's connections (export-source.ts alone opens another, read-only,
 * for `vsplesk export`). One write connection (a serial queue, one transaction per batch, TEMP staging tables) and
 * a small pool of read connections (MVCC: readers never see a half-written batch). All SQL comes from
 * queries/*.sql through the loader.
 */
import { type DuckDBConnection, DuckDBInstance, listValue } from '@duckdb/node-api';
import { type Clock, systemClock } from '../clock.ts';
import type { KnownEvent } from '../detect/calendar.ts';
import { vspError } from '../errors.ts';
import type { RunStats, TopicId } from '../records.ts';
import type { Gazetteer } from '../reference/gazetteer.ts';
import type { Topic } from '../reference/topics.ts';
import type { ShardSnapshot } from '../state/shard-snapshot.ts';
import { type MessageKeyFields, MessageKeys } from './message-keys.ts';
import { loadQueries, type QueryName } from './queries.ts';
import { createSerialQueue, type SerialQueue } from './serial-queue.ts';
import { checkpointAfterStateFor, duckdbOptions } from './duckdb-options.ts';
import { decodeSnapshot } from './snapshot-text.ts';
import { describeOpenFailure, describeWriteFailure } from './store-failure.ts';
import type {
  AlertFeedback,
  AlertQuery,
  AnomalyQuery,
  ExplainInputs,
  MunicipalityRow,
  RegionRow,
  Resume,
  RunStatsRow,
  SeriesPoint,
  SeriesQuery,
  SourceOffset,
  Store,
  StoredMessage,
  StoreStats,
  StoryQuery,
  TermBurstQuery,
  TopQuery,
  TopRow,
  WriteBatch,
} from './types.ts';
import {
  listFilter,
  type Params,
  type Row,
  rowsOf,
  toAlertRow,
  toAnomalyRow,
  toExplainInput,
  toIncidentMember,
  toIncidentRow,
  toStoredMessage,
  toStoryRow,
  toTermBurstRow,
} from './rows.ts';
import { isEmptyBatch, replaceReference, writeBatchInTransaction, writesState } from './write-batch.ts';

export interface StoreDeps {
  gazetteer: Gazetteer;
  topics: readonly Topic[];
  /** Stamps dead letters and offsets (default: system clock). */
  clock?: Clock;
  /** Directory of the .sql files (default: <repo>/queries). */
  queriesDir?: string;
  /** Read connections in the pool (default 2). */
  readers?: number;
  /** DuckDB worker threads (default: DuckDB's, one per core). 1 is fastest for writeBatch on a 2-core box. */
  threads?: number;
  /**
   * WAL size that triggers an automatic checkpoint (DuckDB `checkpoint_threshold`; default '256MB' here instead
   * of DuckDB's 16MB, which checkpoints every few batches and doubles commit time; under `memoryLimit` an eighth
   * of it: duckdb-options.ts).
   */
  checkpointThreshold?: string;
  /** DuckDB `memory_limit` (e.g. '512MB'; default DuckDB's, 80% of RAM). Beyond it DuckDB spills or evicts. */
  memoryLimit?: string;
}

/** Most messages of a spike an explanation reads (explainInputs: the earliest of its window). */
export const EXPLAIN_TARGET_LIMIT = 2_000;
/** Most reference messages (the newest before the spike). */
export const EXPLAIN_REFERENCE_LIMIT = 3_000;
/** Days before the spike the reference is read from. */
export const EXPLAIN_REFERENCE_DAYS = 28;
/**
 * Fewer reference messages than this of the topic in the municipality: all its topics are read; fewer still, its
 * weeks after the spike as well.
 */
export const EXPLAIN_REFERENCE_MIN = 200;

interface Conn {
  conn: DuckDBConnection;
  queue: SerialQueue;
}

/** Opens (creating if needed) a store at `path` (a file or ':memory:') and loads the reference tables. */
export async function openStore(path: string, deps: StoreDeps): Promise<Store> {
  const queries = loadQueries(deps.queriesDir);
  const clock = deps.clock ?? systemClock;
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(path, duckdbOptions(deps));
  } catch (cause) {
    throw vspError('VSP_STORE_FAILED', describeOpenFailure(path, cause), cause);
  }
  const checkpointAfterState = checkpointAfterStateFor(deps);
  const writer: Conn = { conn: await instance.connect(), queue: createSerialQueue() };
  let keyRows: Row[];
  try {
    await writer.conn.run(queries.schema);
    await replaceReference(writer.conn, queries, deps.gazetteer, deps.topics);
    keyRows = rowsOf(await writer.conn.runAndReadAll(queries.message_keys_list));
  } catch (cause) {
    // A damaged file may open and fail only when its blocks are read.
    closeQuietly(() => writer.conn.closeSync());
    closeQuietly(() => instance.closeSync());
    throw vspError('VSP_STORE_FAILED', describeOpenFailure(path, cause), cause);
  }
  const keys = new MessageKeys(
    keyRows.map((r) => ({
      keyId: Number(r.key_id),
      fields: [
        String(r.source),
        String(r.municipality),
        String(r.region),
        String(r.topic),
        r.department == null ? '' : String(r.department),
        String(r.geo_method),
      ] as MessageKeyFields,
    })),
  );
  const readers: Conn[] = [];
  for (let i = 0; i < Math.max(1, deps.readers ?? 2); i++) {
    readers.push({ conn: await instance.connect(), queue: createSerialQueue() });
  }
  let nextReader = 0;
  let closed = false;
  /** Bumped after every write settles (committed or not: a failed one may have written before it failed). */
  let version = 0;
  const write = <T>(work: () => Promise<T>): Promise<T> =>
    writer.queue.run(work).finally(() => {
      version++;
    });

  const read = async (name: QueryName, params?: Params): Promise<Row[]> => {
    if (closed) throw vspError('VSP_STORE_FAILED', 'store is closed');
    const r = readers[nextReader++ % readers.length] as Conn;
    try {
      return await r.queue.run(async () => rowsOf(await r.conn.runAndReadAll(queries[name], params)));
    } catch (cause) {
      throw vspError('VSP_STORE_FAILED', `query ${name} failed: ${(cause as Error).message}`, cause);
    }
  };
  const exec = (name: QueryName, params?: Params) => writer.conn.run(queries[name], params);
  /** One statement outside a batch, in its own (implicit) transaction, queued behind the batches. */
  const execAlone = (name: QueryName, params: Params) =>
    write(async () => {
      try {
        await exec(name, params);
      } catch (cause) {
        throw vspError('VSP_STORE_FAILED', `${name} failed: ${(cause as Error).message}`, cause);
      }
    });

  /** One page of a filtered list and the total it is a page of (…_count and …_list take the same filter). */
  const readPage = async (
    countQuery: QueryName,
    listQuery: QueryName,
    filter: Params,
    page: { limit: number; offset: number },
  ) => {
    const [c] = await read(countQuery, filter);
    const rows = await read(listQuery, { ...filter, limit: page.limit, offset: page.offset });
    return { total: Number(c?.total ?? 0), rows };
  };

  const store: Store = {
    dataVersion: () => version,

    writeBatch(b: WriteBatch) {
      if (closed) return Promise.reject(vspError('VSP_STORE_FAILED', 'store is closed'));
      if (isEmptyBatch(b)) return Promise.resolve();
      return write(async () => {
        await exec('transaction_begin');
        try {
          await writeBatchInTransaction(writer.conn, exec, keys, b, clock.nowMs());
          await exec('transaction_commit');
          keys.commit();
        } catch (cause) {
          keys.rollback();
          try {
            await exec('transaction_rollback');
          } catch {
            // The transaction is already aborted (DuckDB aborts on a failed statement); nothing more to undo.
          }
          throw vspError('VSP_STORE_FAILED', describeWriteFailure(path, cause), cause);
        }
        // Committed. Under a memory limit, shard state is checkpointed at once (duckdb-options.ts says why); a
        // failure here leaves the batch stored and stops the run, which resumes after it.
        if (checkpointAfterState && writesState(b))
          await exec('checkpoint').catch((cause: unknown) => {
            throw vspError(
              'VSP_STORE_FAILED',
              `checkpoint after a batch failed: ${(cause as Error).message}`,
              cause,
            );
          });
      });
    },

    writeRunStats(runId: string, s: RunStats) {
      return write(async () => {
        try {
          await exec('run_stats_upsert', {
            run_id: runId,
            at_ms: clock.nowMs(),
            read: s.read,
            valid: s.valid,
            dead_lettered: s.deadLettered,
            dead_by_reason: JSON.stringify(s.deadByReason),
            late: s.late,
            duplicates: s.duplicates,
            unknown_municipality: s.unknownMunicipality,
            windows_emitted: s.windowsEmitted,
            anomalies: s.anomalies,
          });
        } catch (cause) {
          throw vspError('VSP_STORE_FAILED', `run_stats_upsert failed: ${(cause as Error).message}`, cause);
        }
      });
    },

    async latestRunStats(limit = 10): Promise<RunStatsRow[]> {
      const rows = await read('run_stats_latest', { limit });
      return rows.map((r) => ({
        runId: String(r.run_id),
        atMs: Number(r.at_ms),
        read: Number(r.read),
        valid: Number(r.valid),
        deadLettered: Number(r.dead_lettered),
        deadByReason: JSON.parse(String(r.dead_by_reason)) as Record<string, number>,
        late: Number(r.late),
        duplicates: Number(r.duplicates),
        unknownMunicipality: Number(r.unknown_municipality),
        windowsEmitted: Number(r.windows_emitted),
        anomalies: Number(r.anomalies),
      }));
    },

    async offsets(source: string): Promise<SourceOffset[]> {
      const rows = await read('offsets_by_source', { source });
      return rows.map((r) => ({ source, partition: Number(r.partition), offset: String(r.offset) }));
    },

    addKnownEvent(event: KnownEvent, atMs: number) {
      return execAlone('known_events_upsert', {
        id: event.id,
        event: JSON.stringify(event),
        at_ms: BigInt(atMs),
      });
    },

    async knownEventsSince(afterMs: number) {
      const after = Number.isFinite(afterMs) ? BigInt(Math.floor(afterMs)) : -1n;
      const rows = await read('known_events_since', { after_ms: after });
      return rows.map((r) => ({ event: JSON.parse(String(r.event)) as KnownEvent, atMs: Number(r.at_ms) }));
    },

    addAlertFeedback(f: AlertFeedback) {
      return execAlone('alert_feedback_insert', {
        alert_id: f.alertId,
        municipality: f.municipality,
        topic: f.topic,
        label: f.label,
        note: f.note,
        at_ms: BigInt(f.atMs),
      });
    },

    async alertFeedback(alertId: string) {
      const rows = await read('alert_feedback_by_alert', { alert_id: alertId });
      return rows.map((r) => ({
        label: r.label as AlertFeedback['label'],
        note: r.note == null ? null : String(r.note),
        atMs: Number(r.at_ms),
      }));
    },

    async alertFeedbackSince(afterMs: number) {
      const after = Number.isFinite(afterMs) ? BigInt(Math.floor(afterMs)) : -1n;
      const rows = await read('alert_feedback_since', { after_ms: after });
      return rows.map((r) => ({
        municipality: String(r.municipality),
        topic: r.topic as AlertFeedback['topic'],
        label: r.label as AlertFeedback['label'],
        atMs: Number(r.at_ms),
      }));
    },

    async shardSnapshots(source: string): Promise<ShardSnapshot[]> {
      const rows = await read('shard_snapshots_by_source', { source });
      return rows.map((r) => JSON.parse(decodeSnapshot(String(r.snapshot))) as ShardSnapshot);
    },

    async resume(source: string, partitions: readonly number[]): Promise<Resume> {
      const wanted = new Set(partitions);
      const offsets = (await store.offsets(source)).filter((o) => wanted.has(o.partition));
      const snapshots = (await store.shardSnapshots(source)).filter((s) => wanted.has(s.shard));
      return { offsets: new Map(offsets.map((o) => [o.partition, o.offset])), snapshots };
    },

    async stats(): Promise<StoreStats> {
      const [m] = await read('messages_stats');
      const dl = await read('dead_letters_count_by_reason');
      const an = await read('anomalies_count_by_severity');
      const w = await read('counts_summarise');
      const deadLettersByReason: Record<string, number> = {};
      for (const r of dl) deadLettersByReason[String(r.reason)] = Number(r.n);
      return {
        messages: Number(m?.messages ?? 0),
        lateMessages: Number(m?.late ?? 0),
        lastEventTimeMs: m?.last_event_time_ms == null ? null : Number(m.last_event_time_ms),
        deadLetters: Object.values(deadLettersByReason).reduce((a, b) => a + b, 0),
        deadLettersByReason,
        anomalies: an.map((r) => ({
          severity: r.severity as StoreStats['anomalies'][number]['severity'],
          status: r.status as StoreStats['anomalies'][number]['status'],
          count: Number(r.n),
        })),
        windows: w.map((r) => ({
          bucket: r.bucket as StoreStats['windows'][number]['bucket'],
          windows: Number(r.windows),
          revisions: Number(r.revisions),
        })),
      };
    },

    async dataRange() {
      const [r] = await read('counts_hourly_time_range');
      if (!r || r.from_ms == null || r.to_ms == null) return null;
      return { fromMs: Number(r.from_ms), toMs: Number(r.to_ms) };
    },

    async series(q: SeriesQuery): Promise<SeriesPoint[]> {
      const sel = {
        municipality: q.municipality ?? null,
        topic: q.topic ?? null,
        region: q.region ?? null,
      };
      if (q.bucket === 'day') {
        const fromDay = q.fromDay ?? Math.floor(q.fromMs / DAY_MS);
        const toDay = q.toDay ?? Math.ceil(q.toMs / DAY_MS);
        const rows = await read('counts_daily_series', { ...sel, from_day: fromDay, to_day: toDay });
        return rows.map((r) => ({
          at: Number(r.day),
          count: Number(r.count),
          uniqueAuthors: Number(r.unique_authors),
        }));
      }
      const name = q.bucket === '5m' ? 'counts_5m_series' : 'counts_hourly_series';
      const rows = await read(name, { ...sel, from_ms: q.fromMs, to_ms: q.toMs });
      return rows.map((r) => ({
        at: Number(r.start_ms),
        count: Number(r.count),
        uniqueAuthors: Number(r.unique_authors),
      }));
    },

    async textsOfPlace(q) {
      const rows = await read('messages_texts_by_place', {
        municipality: q.municipality,
        topic: q.topic ?? null,
        from_ms: q.fromMs,
        to_ms: q.toMs,
        limit: q.limit,
      });
      return rows.map((r) => String(r.text));
    },

    async districtsOfPlace(q) {
      const rows = await read('messages_districts_by_place', {
        municipality: q.municipality,
        topic: q.topic ?? null,
        from_ms: q.fromMs,
        to_ms: q.toMs,
        limit: q.limit,
      });
      return {
        messages: Number(rows[0]?.messages ?? 0),
        rows: rows
          .filter((r) => r.district != null)
          .map((r) => ({ district: String(r.district), count: Number(r.count), authors: Number(r.authors) })),
      };
    },

    async top(q: TopQuery): Promise<TopRow[]> {
      if (q.by === 'municipality') {
        const rows = await read('counts_hourly_top_municipalities', {
          from_ms: q.fromMs,
          to_ms: q.toMs,
          region: q.region ?? null,
          topic: q.topic ?? null,
          sort: q.sort ?? 'count',
          limit: q.limit,
        });
        return rows.map((r) => ({
          key: String(r.key),
          name: r.name == null ? null : String(r.name),
          count: Number(r.count),
          perCapita: r.per_capita == null ? null : Number(r.per_capita),
          anomalies: Number(r.anomalies),
        }));
      }
      const rows = await read('counts_hourly_top_topics', {
        from_ms: q.fromMs,
        to_ms: q.toMs,
        region: q.region ?? null,
        municipality: q.municipality ?? null,
        limit: q.limit,
      });
      return rows.map((r) => ({
        key: String(r.key),
        name: r.name == null ? null : String(r.name),
        count: Number(r.count),
        perCapita: null,
        anomalies: Number(r.anomalies),
      }));
    },

    async anomalies(q: AnomalyQuery) {
      const page = await readPage(
        'anomalies_count',
        'anomalies_list',
        { ...listFilter(q), bucket: q.bucket ?? null },
        q,
      );
      return { total: page.total, items: page.rows.map(toAnomalyRow) };
    },

    async anomaly(id: string) {
      const [r] = await read('anomalies_by_id', { id });
      return r ? toAnomalyRow(r) : undefined;
    },

    async alerts(q: AlertQuery) {
      const page = await readPage(
        'alerts_count',
        'alerts_list',
        { ...listFilter(q), expected: q.expected ?? null },
        q,
      );
      return { total: page.total, items: page.rows.map(toAlertRow) };
    },

    async alert(id: string) {
      const [r] = await read('alerts_by_id', { id });
      return r ? toAlertRow(r) : undefined;
    },

    async incidents(q: AlertQuery) {
      const page = await readPage(
        'incidents_count',
        'incidents_list',
        { ...listFilter(q), expected: q.expected ?? null },
        q,
      );
      return { total: page.total, items: page.rows.map(toIncidentRow) };
    },

    async incidentMembers(headId: string) {
      const rows = await read('incidents_members', { head_id: headId });
      return rows.map(toIncidentMember);
    },

    async termBursts(q: TermBurstQuery) {
      const filter = {
        from_ms: q.fromMs ?? null,
        to_ms: q.toMs ?? null,
        municipality: q.municipality ?? null,
        region: q.region ?? null,
        topic: q.topic ?? null,
        scope: q.scope ?? null,
      };
      const page = await readPage('term_bursts_count', 'term_bursts_list', filter, q);
      return { total: page.total, items: page.rows.map(toTermBurstRow) };
    },

    async termBurst(id: string) {
      const [r] = await read('term_bursts_by_id', { id });
      return r ? toTermBurstRow(r) : undefined;
    },

    async sampleMessages(w): Promise<StoredMessage[]> {
      const rows = await read('messages_by_window', {
        municipality: w.municipality,
        topic: w.topic,
        from_ms: w.fromMs,
        to_ms: w.toMs,
        limit: w.limit,
      });
      return rows.map(toStoredMessage);
    },

    async messagesByIds(ids: readonly string[]): Promise<StoredMessage[]> {
      // An empty list has no item type to bind: nothing to look up anyway.
      if (ids.length === 0) return [];
      const rows = await read('messages_by_ids', { ids: listValue([...ids]) });
      return rows.map(toStoredMessage);
    },

    async stories(q: StoryQuery) {
      const filter = {
        from_ms: q.fromMs ?? null,
        to_ms: q.toMs ?? null,
        municipality: q.municipality ?? null,
        region: q.region ?? null,
        topic: q.topic ?? null,
        kind: q.kind ?? null,
        min_messages: q.minMessages ?? null,
      };
      const page = await readPage('stories_count', 'stories_list', filter, q);
      return { total: page.total, items: page.rows.map(toStoryRow) };
    },

    async storyById(id: string) {
      const [r] = await read('stories_by_ids', { ids: listValue([id]) });
      return r ? toStoryRow(r) : undefined;
    },

    async storiesByIds(ids: readonly string[]) {
      if (ids.length === 0) return [];
      const rows = await read('stories_by_ids', { ids: listValue([...ids]) });
      return rows.map(toStoryRow);
    },

    async messagesByStory(id: string, page: { limit: number; offset: number }, municipality?: string) {
      const { total, rows } = await readPage(
        'messages_by_story_count',
        'messages_by_story',
        { story_id: id, municipality: municipality ?? null },
        page,
      );
      return { total, items: rows.map(toStoredMessage) };
    },

    async explainInputs(municipality: string, topic: TopicId, fromMs: number, toMs: number) {
      const target = await read('messages_by_window', {
        municipality,
        topic,
        from_ms: fromMs,
        to_ms: toMs,
        limit: EXPLAIN_TARGET_LIMIT,
      });
      const before = {
        topic,
        from_ms: fromMs - EXPLAIN_REFERENCE_DAYS * DAY_MS,
        to_ms: fromMs,
      };
      const reference = await read('messages_newest_by_place', {
        ...before,
        municipality,
        region: null,
        except_municipality: null,
        limit: EXPLAIN_REFERENCE_LIMIT,
      });
      // A quiet topic: the place's other topics say what is ordinary there. (Not the region's same topic: other
      // towns' incidents of that topic share its words — bench:cluster's term hits fell from 0.98 to 0.67 with it.)
      if (reference.length < EXPLAIN_REFERENCE_MIN) {
        const more = await read('messages_newest_by_place', {
          ...before,
          topic: null,
          municipality,
          region: null,
          except_municipality: null,
          limit: EXPLAIN_REFERENCE_LIMIT,
        });
        reference.length = 0;
        reference.push(...more);
      }
      // Early in a stream there is no before: the place's weeks after the spike stand in for it (from a day after
      // its window, so that the rest of the spike is not its own reference).
      if (reference.length < EXPLAIN_REFERENCE_MIN) {
        const after = await read('messages_newest_by_place', {
          topic,
          from_ms: toMs + DAY_MS,
          to_ms: toMs + (EXPLAIN_REFERENCE_DAYS + 1) * DAY_MS,
          municipality,
          region: null,
          except_municipality: null,
          limit: EXPLAIN_REFERENCE_LIMIT - reference.length,
        });
        reference.push(...after);
      }
      return {
        target: target.map(toExplainInput),
        reference: reference.map(toExplainInput),
      } satisfies ExplainInputs;
    },

    async municipalities(q): Promise<MunicipalityRow[]> {
      const rows = await read('municipalities_list', { region: q.region ?? null, all: q.all });
      return rows.map((r) => ({
        code: String(r.code),
        name: String(r.name),
        region: String(r.region),
        regionName: String(r.region_name),
        population: Number(r.population),
        utcOffsetMin: Number(r.utc_offset_min),
        messages: Number(r.messages),
      }));
    },

    async regions(q): Promise<RegionRow[]> {
      const rows = await read('regions_list', { all: q.all });
      return rows.map((r) => ({
        code: String(r.code),
        name: String(r.name),
        municipalities: Number(r.municipalities),
        population: Number(r.population),
        messages: Number(r.messages),
      }));
    },

    runQuery(name, params, mode) {
      if (mode === 'read') return read(name, params);
      // Bookkeeping (a token's last use, every few minutes per token) must not empty the API's cache.
      return (mode === 'write' ? write : writer.queue.run.bind(writer.queue))(async () => {
        if (closed) throw vspError('VSP_STORE_FAILED', 'store is closed');
        try {
          return rowsOf(await writer.conn.runAndReadAll(queries[name], params));
        } catch (cause) {
          throw vspError('VSP_STORE_FAILED', `${name} failed: ${(cause as Error).message}`, cause);
        }
      });
    },

    async close() {
      if (closed) return;
      closed = true;
      // Let queued work finish before the connections go away.
      await writer.queue.run(async () => undefined); // close: drains, writes nothing
      await Promise.all(readers.map((r) => r.queue.run(async () => undefined)));
      // After a failed write (a full disk) DuckDB may refuse to close cleanly: what was committed is in its WAL
      // already, and the error that stopped the run is the one worth reporting.
      for (const r of readers) closeQuietly(() => r.conn.closeSync());
      closeQuietly(() => writer.conn.closeSync());
      closeQuietly(() => instance.closeSync());
    },
  };
  return Object.freeze(store);
}

const DAY_MS = 86_400_000;

function closeQuietly(close: () => void): void {
  try {
    close();
  } catch {
    // Closing after a failure: nothing more to save, and the failure itself is reported by the caller.
  }
}
