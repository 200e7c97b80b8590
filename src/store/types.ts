/**
 * The store's narrow interface (STYLE.md: storage behind a small interface so tests use an in-memory DuckDB).
 * Rows returned by the query methods are plain JSON-ready objects; times are epoch ms.
 */

import type { KnownEvent } from '../detect/calendar.ts';
import type {
  Aggregate,
  Alert,
  Anomaly,
  Bucket,
  ClassifiedDoc,
  Rejected,
  RunStats,
  Severity,
  Story,
  TermBurst,
  TopicId,
} from '../records.ts';
import type { ShardSnapshot } from '../state/shard-snapshot.ts';
import type { QueryName } from './queries.ts';

/** The next offset to read for one source partition, committed with the batch that consumed up to it. */
export interface SourceOffset {
  /** Kafka topic (or any source name). */
  source: string;
  partition: number;
  /** Decimal string (Kafka offsets are 64-bit). */
  offset: string;
}

/** An analyst's verdict on an alert: a real incident, a rise with a known cause, or noise. */
export interface AlertFeedback {
  alertId: string;
  municipality: string;
  topic: TopicId;
  label: 'real' | 'known_cause' | 'noise';
  note: string | null;
  atMs: number;
}

/** Where partitions of a source resume: the next offset to read and the shard state saved with it. */
export interface Resume {
  offsets: Map<number, string>;
  snapshots: ShardSnapshot[];
}

/** The fields of a classified message the store keeps (a ClassifiedDoc without its tokens and stems). */
export type StorableDoc = Pick<
  ClassifiedDoc,
  | 'id'
  | 'source'
  | 'eventTimeMs'
  | 'createdAt'
  | 'text'
  | 'author'
  | 'url'
  | 'parentId'
  | 'topic'
  | 'department'
  | 'topicConfidence'
  | 'municipalityCode'
  | 'regionCode'
  | 'geoMethod'
  | 'storyId'
  | 'district'
>;

/** Everything one pipeline step produced; written in ONE transaction. */
export interface WriteBatch {
  messages: readonly StorableDoc[];
  /** Stored with late = true (beyond the allowed lateness: counted, never dropped). */
  lateMessages: readonly StorableDoc[];
  /** Full window values; a re-emission of the same (bucket, municipality, topic, startMs) replaces the row. */
  aggregates: readonly Aggregate[];
  /** Upserted by id. */
  anomalies: readonly Anomaly[];
  /** Alerts (one incident each: detect/alerts.ts), full values upserted by id; a later one of an id wins. */
  alerts?: readonly Alert[];
  /** Emerging terms (emitted once, when their hour closes), full values upserted by id. */
  termBursts?: readonly TermBurst[];
  /** Stories opened, grown or closed (cluster/stories.ts), full values upserted by id; a later one of an id wins. */
  stories?: readonly Story[];
  deadLetters: readonly Rejected[];
  offsets?: readonly SourceOffset[];
  /**
   * Rows may repeat earlier batches (materialising published results, which a resuming processor publishes
   * again): keep only messages and dead letters not stored yet. Windows, anomalies, alerts, term bursts and
   * stories are upserts anyway.
   */
  dedupe?: boolean;
  /**
   * A batch a restarted run replays (its state was committed less often than its results): its rows were stored
   * before, so a window's values it sets again are not revisions.
   */
  replay?: boolean;
  /** State of the shards this batch changed, committed with its offsets (restart continues from it). */
  snapshots?: { source: string; shards: readonly ShardSnapshot[] };
  /**
   * Shard state serialised when the batch was made (the JSON of a ShardSnapshot, gzipped), written like
   * `snapshots`. The runner writes a batch while it processes the next one: bytes cannot change meanwhile.
   */
  serialisedSnapshots?: { source: string; shards: readonly SerialisedSnapshot[] };
  /** Retention enforced in the batch's transaction (pipeline/retention.ts): rows before the cutoffs are deleted. */
  retention?: RetentionCutoffs;
}

/** A shard's state as the JSON text of its ShardSnapshot, UTF-8, gzipped (state/gzip-json.ts). */
export interface SerialisedSnapshot {
  shard: number;
  gzip: Uint8Array;
  /** Characters of the JSON (what it would have cost as text; benches report it). */
  jsonChars: number;
}

/** Cutoffs of the personal-data retention (config `retention`): what is older goes. */
export interface RetentionCutoffs {
  /** Messages with an event time before this are deleted (their windows, anomalies and alerts stay). */
  messagesBeforeMs?: number;
  /** Dead letters stored before this are deleted (their raw bytes may hold a resident's text). */
  deadLettersBeforeMs?: number;
}

export interface StoreStats {
  messages: number;
  lateMessages: number;
  lastEventTimeMs: number | null;
  deadLetters: number;
  deadLettersByReason: Record<string, number>;
  anomalies: { severity: Severity; status: AnomalyStatus; count: number }[];
  windows: { bucket: Bucket; windows: number; revisions: number }[];
}

export type AnomalyStatus = 'open' | 'closed';

/** A selection of windows: omitted fields mean "all" (summed). */
export interface Selection {
  municipality?: string;
  topic?: TopicId;
  region?: string;
}

export interface SeriesQuery extends Selection {
  bucket: Bucket;
  /** For '5m'/'hour': window starts in [fromMs, toMs). Ignored for 'day'. */
  fromMs: number;
  toMs: number;
  /** For 'day': local calendar days (days since 1970-01-01) in [fromDay, toDay). */
  fromDay?: number;
  toDay?: number;
}

export interface SeriesPoint {
  /** Window start in ms ('5m'/'hour') or the local calendar day number ('day'). */
  at: number;
  count: number;
  uniqueAuthors: number;
}

export interface TopQuery {
  by: 'municipality' | 'topic';
  fromMs: number;
  toMs: number;
  region?: string;
  /** by=municipality: restrict to one topic. */
  topic?: TopicId;
  /** by=topic: restrict to one municipality. */
  municipality?: string;
  sort?: 'count' | 'perCapita';
  limit: number;
}

export interface TopRow {
  key: string;
  name: string | null;
  count: number;
  /** Per 100,000 residents (municipalities with a known population only). */
  perCapita: number | null;
  anomalies: number;
}

export interface AnomalyQuery extends Selection {
  fromMs?: number;
  toMs?: number;
  severity?: Severity;
  status?: AnomalyStatus;
  bucket?: Bucket;
  limit: number;
  offset: number;
}

/** A stored anomaly: the detector's value plus names for display and its lifecycle in the store. */
export interface AnomalyRow extends Anomaly {
  municipalityName: string | null;
  region: string | null;
  regionName: string | null;
  topicName: string | null;
  firstDetectedAtMs: number;
  status: AnomalyStatus;
  /** How many times the anomaly was re-emitted (upserted) after the first time. */
  updates: number;
}

export type AlertStatus = Alert['status'];

export interface AlertQuery extends Selection {
  /** Alerts overlapping [fromMs, toMs): end > fromMs and start < toMs. */
  fromMs?: number;
  toMs?: number;
  severity?: Severity;
  status?: AlertStatus;
  /** true: explained by a known cause; false: not (an incident); undefined: both. */
  expected?: boolean;
  limit: number;
  offset: number;
}

/** A stored alert: the tracker's full value plus names for display. */
export interface AlertRow extends Alert {
  municipalityName: string | null;
  region: string | null;
  regionName: string | null;
  topicName: string | null;
}

/** Another alert of an incident, as the incident lists it (GET /api/alerts?view=incidents). */
export interface IncidentMember {
  id: string;
  topic: TopicId;
  topicName: string | null;
  severity: Severity;
  startMs: number;
  endMs: number;
  peakObserved: number;
  status: AlertStatus;
}

/**
 * An incident: one municipality's alerts of one story filed under several topics (Alert.groupId), read as its head
 * alert, with the group's strongest severity and response time, open while any alert is, its latest end.
 */
export interface IncidentRow extends AlertRow {
  /** Each topic once: the head's first, then the members' by first start. */
  topics: TopicId[];
  /** The group's other alerts, by start. */
  members: IncidentMember[];
}

export type TermBurstScope = TermBurst['scope'];

export interface TermBurstQuery {
  /** Bursts whose hour starts in [fromMs, toMs). */
  fromMs?: number;
  toMs?: number;
  /** A municipality's own bursts (scope 'municipality'). */
  municipality?: string;
  /** A region's bursts: region-wide ones and those of its municipalities. */
  region?: string;
  topic?: TopicId;
  scope?: TermBurstScope;
  limit: number;
  offset: number;
}

/** A stored term burst: the detector's value plus names for display (no municipality name for a region's). */
export interface TermBurstRow extends TermBurst {
  municipalityName: string | null;
  regionName: string | null;
  topicName: string | null;
}

export interface StoryQuery {
  /** Stories whose [startMs, lastMs] overlaps [fromMs, toMs): lastMs ≥ fromMs and startMs < toMs. */
  fromMs?: number;
  toMs?: number;
  municipality?: string;
  /** A region's stories (those of its municipalities). */
  region?: string;
  topic?: TopicId;
  kind?: Story['kind'];
  /** Stories of at least this many messages. */
  minMessages?: number;
  limit: number;
  offset: number;
}

/** A stored story: the clusterer's full value plus names for display. */
export interface StoryRow extends Story {
  municipalityName: string | null;
  regionName: string | null;
  topicName: string | null;
}

/**
 * A message as an explanation reads it (the shape of cluster/explain.ts `ExplainMessage`): the original text,
 * never masked — the explanation masks what it shows.
 */
export interface ExplainInputMessage {
  id: string;
  text: string;
  author: string | null;
  eventTimeMs: number;
  storyId: string | null;
  /** The district its text names (OKTMO code), null when none. */
  district: string | null;
}

/** What explains a spike of one municipality and topic: its messages, and those of the weeks before it. */
export interface ExplainInputs {
  /** The window's messages, earliest first (at most EXPLAIN_TARGET_LIMIT). */
  target: ExplainInputMessage[];
  /**
   * The same municipality and topic in the EXPLAIN_REFERENCE_DAYS before the window, newest first (at most
   * EXPLAIN_REFERENCE_LIMIT); when it has fewer than EXPLAIN_REFERENCE_MIN, the region's other municipalities'
   * messages of the topic in those days fill it up to the limit.
   */
  reference: ExplainInputMessage[];
}

export interface StoredMessage {
  id: string;
  source: string;
  createdAt: string;
  eventTimeMs: number;
  municipality: string;
  topic: TopicId;
  topicConfidence: number;
  geoMethod: string;
  author: string | null;
  text: string;
  url: string | null;
  late: boolean;
  /** The story it joined; null when none (or stored before stories). */
  storyId: string | null;
  /** The district below the municipality its text names (OKTMO code); null when none. */
  district: string | null;
}

export interface MunicipalityRow {
  code: string;
  name: string;
  region: string;
  regionName: string;
  population: number;
  utcOffsetMin: number;
  messages: number;
}

export interface RegionRow {
  code: string;
  name: string;
  municipalities: number;
  population: number;
  messages: number;
}

export interface RunStatsRow extends RunStats {
  runId: string;
  atMs: number;
}

export interface Store {
  /**
   * A number that changes whenever a write of the store's own data has finished (a batch, a verdict, a known
   * cause, a runQuery 'write'): an answer computed while it held a value is current while it still holds it (the
   * API's response cache). runQuery's 'bookkeeping' writes (a token's last use) do not move it.
   */
  dataVersion(): number;
  /** Writes the whole batch in one transaction; on any failure nothing of it remains (VSP_STORE_FAILED). */
  writeBatch(b: WriteBatch): Promise<void>;
  writeRunStats(runId: string, stats: RunStats): Promise<void>;
  latestRunStats(limit?: number): Promise<RunStatsRow[]>;
  /** Committed offsets of one source, to seek to on start. */
  offsets(source: string): Promise<SourceOffset[]>;
  /** Store (or replace, same id) a known cause entered through the API. */
  addKnownEvent(event: KnownEvent, atMs: number): Promise<void>;
  /** Known causes entered after `afterMs` (all of them from −∞), oldest first. */
  knownEventsSince(afterMs: number): Promise<{ event: KnownEvent; atMs: number }[]>;
  /** Record an analyst's verdict on an alert (its key is copied so a pipeline can apply it). */
  addAlertFeedback(f: AlertFeedback): Promise<void>;
  /** Verdicts on one alert, oldest first. */
  alertFeedback(alertId: string): Promise<Omit<AlertFeedback, 'alertId' | 'municipality' | 'topic'>[]>;
  /** Verdicts recorded after `afterMs`, oldest first. */
  alertFeedbackSince(afterMs: number): Promise<Omit<AlertFeedback, 'alertId' | 'note'>[]>;
  /** Shard state committed with a source's offsets (restart). */
  shardSnapshots(source: string): Promise<ShardSnapshot[]>;
  /** Where these partitions of a source resume: their committed offsets and shard state. */
  resume(source: string, partitions: readonly number[]): Promise<Resume>;
  stats(): Promise<StoreStats>;
  /** Span of stored hourly windows, or null when there are none. */
  dataRange(): Promise<{ fromMs: number; toMs: number } | null>;
  /** Non-empty buckets only, ascending; the API fills the zeros. */
  series(q: SeriesQuery): Promise<SeriesPoint[]>;
  top(q: TopQuery): Promise<TopRow[]>;
  /** Texts of a municipality's messages in a period, newest first (at most `limit`). */
  textsOfPlace(q: {
    municipality: string;
    topic?: TopicId;
    fromMs: number;
    toMs: number;
    limit: number;
  }): Promise<string[]>;
  /**
   * The districts (geo/districts.ts) a municipality's messages named in a period, most named first (at most
   * `limit`), and how many messages the period had in all.
   */
  districtsOfPlace(q: {
    municipality: string;
    topic?: TopicId;
    fromMs: number;
    toMs: number;
    limit: number;
  }): Promise<{ messages: number; rows: { district: string; count: number; authors: number }[] }>;
  anomalies(q: AnomalyQuery): Promise<{ total: number; items: AnomalyRow[] }>;
  anomaly(id: string): Promise<AnomalyRow | undefined>;
  /** Most recently opened first (first detection time descending, then id). */
  alerts(q: AlertQuery): Promise<{ total: number; items: AlertRow[] }>;
  alert(id: string): Promise<AlertRow | undefined>;
  /**
   * Incidents (alert groups) with an alert matching every filter, most recently opened first; `total` counts
   * incidents.
   */
  incidents(q: AlertQuery): Promise<{ total: number; items: IncidentRow[] }>;
  /** The other alerts of the incident head `headId` leads, by start (none for a member or a lone alert). */
  incidentMembers(headId: string): Promise<IncidentMember[]>;
  /** Newest hour first (then score descending, then id). */
  termBursts(q: TermBurstQuery): Promise<{ total: number; items: TermBurstRow[] }>;
  termBurst(id: string): Promise<TermBurstRow | undefined>;
  sampleMessages(w: {
    municipality: string;
    topic: string;
    fromMs: number;
    toMs: number;
    limit: number;
  }): Promise<StoredMessage[]>;
  /** The stored messages of these ids (unknown ids are skipped), earliest first. */
  messagesByIds(ids: readonly string[]): Promise<StoredMessage[]>;
  /** Biggest first (messages descending, then the latest last message, then id). */
  stories(q: StoryQuery): Promise<{ total: number; items: StoryRow[] }>;
  storyById(id: string): Promise<StoryRow | undefined>;
  /** The stories of these ids (unknown ids are skipped), biggest first. */
  storiesByIds(ids: readonly string[]): Promise<StoryRow[]>;
  /**
   * One page of the messages that joined a story, earliest first, and how many there are; with `municipality`,
   * only that town's (a story neighbouring towns share).
   */
  messagesByStory(
    id: string,
    page: { limit: number; offset: number },
    municipality?: string,
  ): Promise<{ total: number; items: StoredMessage[] }>;
  /** The messages of a spike of one municipality and topic in [fromMs, toMs), and its reference (ExplainInputs). */
  explainInputs(municipality: string, topic: TopicId, fromMs: number, toMs: number): Promise<ExplainInputs>;
  municipalities(q: { region?: string; all: boolean }): Promise<MunicipalityRow[]>;
  regions(q: { all: boolean }): Promise<RegionRow[]>;
  /**
   * One named query of a module kept beside the store (store/tokens.ts owns the tokens table): 'read' on a
   * reader, 'write' on the write connection queued behind the batches. Rows as DuckDB returns them.
   */
  /**
   * One named query of queries/ for a module that owns its tables (tokens, campaigns, subscriptions…). 'write'
   * moves dataVersion (the API's cached answers may read what it wrote); 'bookkeeping' writes without moving it
   * (a token's last use: nothing the cached routes read).
   */
  runQuery(
    name: QueryName,
    params: Record<string, string | number | bigint | boolean | null>,
    mode: 'read' | 'write' | 'bookkeeping',
  ): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}
