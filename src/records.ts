/**
 * Shared shapes along the data's path (DESIGN.md). Every stage consumes and produces these; a stage never
 * imports from a stage downstream of it. Times are epoch milliseconds (UTC) unless a name says otherwise.
 */

/** Where a raw record came from, so a dead letter can be traced back to its bytes. */
export type Origin =
  | { kind: 'file'; file: string; line: number }
  | { kind: 'kafka'; topic: string; partition: number; offset: string }
  | { kind: 'generator'; seq: number };

/** One undecoded input unit: an NDJSON line or a Kafka record value. */
export interface RawRecord {
  raw: string;
  origin: Origin;
  /** Kafka key (municipality code) when known. */
  key?: string;
}

/** A message that passed the contract in DESIGN.md ("Input: one message"). */
export interface Message {
  id: string;
  source: string;
  /** created_at as given (ISO 8601 with offset). */
  createdAt: string;
  /** created_at as epoch ms: the event time. */
  eventTimeMs: number;
  text: string;
  municipality?: string;
  region?: string;
  lat?: number;
  lon?: number;
  author?: string;
  url?: string;
  parentId?: string;
}

/** Machine-readable reasons a record is dead-lettered. Codes are never reused once retired. */
export type RejectReason =
  | 'invalid_json'
  | 'invalid_utf8'
  | 'not_an_object'
  | `missing_field:${string}`
  | `bad_field:${string}`
  | 'bad_timestamp'
  | 'future_timestamp'
  | 'text_too_long'
  | 'text_empty'
  | 'binary_text'
  | 'record_too_large'
  | 'unknown_municipality'
  | 'misrouted'
  | 'duplicate_id';

/** Parse result for bad input: never thrown, always dead-lettered with the raw bytes. */
export interface Rejected {
  reason: RejectReason;
  stage: 'parse' | 'classify';
  /** Human-readable detail ("created_at '2026-13-01' is not ISO 8601"). */
  detail: string;
  raw: string;
  origin: Origin;
}

/** A message after Russian normalisation. */
export interface Doc extends Message {
  /** Lower-cased, ё→е, homoglyphs folded, whitespace collapsed. */
  normText: string;
  /** Content tokens (stop words removed), in order. */
  tokens: string[];
  /** Stems of `tokens`, same order and length. */
  stems: string[];
  /**
   * Ids of `stems` (normalise/stem-ids.ts), same order and length; set by the normaliser as a non-enumerable
   * property, so that it is neither stored nor hashed (ids are per process). Absent on a Doc built elsewhere.
   */
  stemIds?: Int32Array;
}

/** The topic taxonomy's ids (DESIGN.md), in the order fixtures/topics.json lists them. */
export const TOPIC_IDS = [
  'heating',
  'hot_water',
  'water_sewer',
  'electricity',
  'gas',
  'waste',
  'snow_ice',
  'roads',
  'transport',
  'landscaping',
  'lighting',
  'housing',
  'healthcare',
  'education',
  'social',
  'ecology',
  'animals',
  'communications',
  'construction',
  'safety',
  'culture_sport',
  'other',
] as const;

export type TopicId = (typeof TOPIC_IDS)[number];

export type GeoMethod = 'code' | 'coords' | 'text' | 'unknown';

/** The municipality code used when geography cannot be resolved: stored and counted, never dropped. */
export const UNKNOWN_MUNICIPALITY = 'unknown';

/** A normalised message with topic and geography resolved. */
export interface ClassifiedDoc extends Doc {
  topic: TopicId;
  department: string;
  /** 0..1 */
  topicConfidence: number;
  /** OKTMO code (8 digits) or UNKNOWN_MUNICIPALITY. */
  municipalityCode: string;
  regionCode: string;
  geoMethod: GeoMethod;
  /** The story (cluster/stories.ts) the message joined; absent for unknown places or with stories off. */
  storyId?: string;
  /**
   * OKTMO code of the district below the municipality its text names (geo/districts.ts: only the six cities whose
   * districts are known); absent when it names none.
   */
  district?: string;
}

/** Window sizes the pipeline keeps. `day` follows each municipality's local midnight. */
export type Bucket = '5m' | 'hour' | 'day';

export interface WindowKey {
  bucket: Bucket;
  municipality: string;
  topic: TopicId;
  /** Window start, epoch ms (for `day`: local midnight of the municipality, expressed in UTC ms). */
  startMs: number;
}

/** The value of one closed (or updated-late) window. Emitted as a full value: a replay is an upsert. */
export interface Aggregate extends WindowKey {
  endMs: number;
  count: number;
  uniqueAuthors: number;
  /** Messages per source ("vk" → 3). */
  sources: Record<string, number>;
  /** True when this emission revises a window that was already emitted (a late message arrived). */
  revision: boolean;
  /**
   * The window's named authors, for buckets whose detectors test spans of several windows (distinct authors
   * across windows, so one account posting every hour stays one voice). Only the detectors read it; the
   * processor drops it before results are stored or published.
   */
  authorIds?: readonly string[];
}

export type Severity = 'critical' | 'high' | 'normal';

/** One flagged window (a later issue turns these into incidents with a lifecycle). */
export interface Anomaly {
  /** Stable: `${bucket}:${municipality}:${topic}:${startMs}` so a replay upserts. */
  id: string;
  bucket: Bucket;
  municipality: string;
  topic: TopicId;
  startMs: number;
  endMs: number;
  observed: number;
  /** Baseline expectation for this window. */
  expected: number;
  /** Upper-tail probability P(X ≥ observed | expected). */
  pValue: number;
  /** 0..1, monotone in -log10(pValue). */
  score: number;
  severity: Severity;
  detector: string;
  detectedAtMs: number;
  /** How many times this window was flagged again (revisions) before this emission: 0 at first. */
  updates: number;
  /**
   * A window of one district of the municipality (its messages naming it: geo/districts.ts), OKTMO code; absent
   * for the whole municipality's windows.
   */
  district?: string;
}

/**
 * An emerging term: a word whose use by distinct authors jumped within one hour in a municipality or across a
 * region, beyond what the volumes of the topics it appeared under explain — a new problem or a new place even
 * when no topic of the taxonomy fits (detect/emerging-terms.ts). Emitted once, when its hour closes.
 */
export interface TermBurst {
  /** Stable: `term:${scope}:${place}:${stem}:${startMs}` (place: municipality code or region code). */
  id: string;
  scope: 'municipality' | 'region';
  /** Municipality code; '' for a region-wide burst. */
  municipality: string;
  region: string;
  /** The stem tested, and the word as residents most often wrote it (shown to analysts). */
  stem: string;
  term: string;
  /** The two-word phrase it was mostly written in (as written), when at least half its messages share one. */
  phrase?: string;
  /** The topic most of its messages were filed under. */
  topic: TopicId;
  /** The hour (UTC-aligned), epoch ms. */
  startMs: number;
  endMs: number;
  /** Distinct authors using it in the hour, and how many its topics' volumes and its history predicted. */
  observed: number;
  expected: number;
  pValue: number;
  /** 0..1, monotone in −log10(pValue) (as for anomalies). */
  score: number;
  /** Municipalities it came from (1 for a municipality's burst). */
  municipalities: number;
  /** Up to 5 messages using it, from distinct authors (ids, as stored). */
  messageIds: string[];
  detectedAtMs: number;
}

/**
 * A story: messages of one municipality about one thing (cluster/stories.ts), published as it grows and once
 * more when it closes; a later value of the same id supersedes.
 */
export interface Story {
  /** Stable: `story:${municipality}:${first message id}`. */
  id: string;
  municipality: string;
  region: string;
  /** The topic most of its messages were filed under. */
  topic: TopicId;
  /** `flood`: one or two accounts repeating a text; `campaign`: one text from many accounts. */
  kind: 'story' | 'flood' | 'campaign';
  startMs: number;
  lastMs: number;
  messages: number;
  /** Distinct authors (exact up to 64, then a lower bound). */
  authors: number;
  /** Its most characteristic words as residents wrote them (count × IDF), best first. */
  terms: string[];
  /** Streets named in it, most named first. */
  streets: { key: string; label: string; messages: number }[];
  /** A readable label: its first words and street. */
  label: string;
  /**
   * Its municipality and the neighbouring ones whose residents joined it (a fire's smoke over two towns), most
   * messages first.
   */
  places: { municipality: string; messages: number }[];
  /** The centre of its messages that carried coordinates, and how many did (absent: none). */
  lat?: number;
  lon?: number;
  located?: number;
  closed: boolean;
}

/** A known cause that explains a rise (detect/calendar.ts). */
export interface KnownCause {
  id: string;
  kind: string;
  label: string;
}

/** One incident as an analyst sees it: flagged windows of one key merged (detect/alerts.ts). */
export interface Alert {
  /** Stable: `${municipality}:${topic}:${startMs}` (its first flagged window). */
  id: string;
  /**
   * 'burst': an incident (flagged windows or emerging words); 'slow_wave': only the day CUSUM flagged it — a rise
   * over days to watch and explain, not one to answer within hours. A burst joining a slow wave makes it a burst.
   */
  kind: 'burst' | 'slow_wave';
  municipality: string;
  topic: TopicId;
  status: 'open' | 'closed';
  severity: Severity;
  respondWithinMin: number;
  /** Start of its first flagged window, end of its last. */
  startMs: number;
  endMs: number;
  firstDetectedAtMs: number;
  lastDetectedAtMs: number;
  /** Event time it closed at (end + quiet period), null while open. */
  closedAtMs: number | null;
  /** Flagged windows merged into it. */
  windows: number;
  /** The window with the most authors: observed, expected, and authors per 10,000 residents. */
  peakObserved: number;
  peakExpected: number;
  peakPer10k: number | null;
  minPValue: number;
  maxScore: number;
  /** Explained by a known event: an expected rise, not an incident. */
  cause: KnownCause | null;
  /**
   * Districts (OKTMO codes) whose own windows were flagged in it, first flagged first: where in the city it is.
   * Empty when only the whole city's windows were (or the city's districts are not known).
   */
  districts: string[];
  /**
   * Emerging words of its municipality while it lasted (detect/emerging-terms.ts), strongest first, at most 5:
   * what the story is about ("пыль", "набережная"). Empty: a diffuse rise with no particular story.
   */
  terms: string[];
  /**
   * Alerts of one municipality that overlap in time form one incident group — usually one story told under
   * several topics (its messages are split by the classifier): the id of the group's first alert.
   */
  groupId: string;
  /**
   * Alerts of one topic in several municipalities of a region that overlap in time (a cold snap, a regional
   * operator's outage) form one regional incident: the id of its first alert.
   */
  regionGroupId: string;
}

/** Counters every run reports and stores (and /metrics exposes). */
export interface RunStats {
  read: number;
  valid: number;
  deadLettered: number;
  deadByReason: Record<string, number>;
  late: number;
  duplicates: number;
  unknownMunicipality: number;
  windowsEmitted: number;
  anomalies: number;
}
