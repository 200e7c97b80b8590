/** Result rows of the store's reads as the typed rows of types.ts (BIGINT → number, lists, JSON columns). */
import type { DuckDBResultReader, DuckDBValue } from '@duckdb/node-api';
import type {
  AlertQuery,
  AlertRow,
  AnomalyRow,
  ExplainInputMessage,
  IncidentMember,
  IncidentRow,
  StoredMessage,
  StoryRow,
  TermBurstRow,
} from './types.ts';
import { formatWithOffset } from './utc-offset.ts';

export type Params = Record<string, DuckDBValue>;
export type Row = Record<string, unknown>;

/** Result rows as plain objects; BIGINT/HUGEINT become numbers (all our integers fit in 2^53). */
export function rowsOf(reader: DuckDBResultReader): Row[] {
  const rows = reader.getRowObjectsJS() as Row[];
  for (const r of rows) {
    for (const k of Object.keys(r)) {
      const v = r[k];
      if (typeof v === 'bigint') r[k] = Number(v);
    }
  }
  return rows;
}

export function toAnomalyRow(r: Row): AnomalyRow {
  const s = (v: unknown) => (v == null ? null : String(v));
  return {
    id: String(r.id),
    bucket: r.bucket as AnomalyRow['bucket'],
    municipality: String(r.municipality),
    municipalityName: s(r.municipality_name),
    region: s(r.region),
    regionName: s(r.region_name),
    topic: r.topic as AnomalyRow['topic'],
    topicName: s(r.topic_name),
    startMs: Number(r.start_ms),
    endMs: Number(r.end_ms),
    observed: Number(r.observed),
    expected: Number(r.expected),
    pValue: Number(r.p_value),
    score: Number(r.score),
    severity: r.severity as AnomalyRow['severity'],
    detector: String(r.detector),
    detectedAtMs: Number(r.detected_at_ms),
    firstDetectedAtMs: Number(r.first_detected_at_ms),
    status: r.status as AnomalyRow['status'],
    updates: Number(r.updates),
    ...(r.district == null ? {} : { district: String(r.district) }),
  };
}

/** The filters anomalies and alerts share, as query parameters (NULL = any). */
export function listFilter(q: Omit<AlertQuery, 'expected' | 'limit' | 'offset'>): Params {
  return {
    from_ms: q.fromMs ?? null,
    to_ms: q.toMs ?? null,
    municipality: q.municipality ?? null,
    topic: q.topic ?? null,
    severity: q.severity ?? null,
    status: q.status ?? null,
    region: q.region ?? null,
  };
}

export function toTermBurstRow(r: Row): TermBurstRow {
  const s = (v: unknown) => (v == null ? null : String(v));
  return {
    id: String(r.id),
    scope: r.scope as TermBurstRow['scope'],
    municipality: String(r.municipality),
    municipalityName: s(r.municipality_name),
    region: String(r.region),
    regionName: s(r.region_name),
    stem: String(r.stem),
    term: String(r.term),
    topic: r.topic as TermBurstRow['topic'],
    topicName: s(r.topic_name),
    startMs: Number(r.start_ms),
    endMs: Number(r.end_ms),
    observed: Number(r.observed),
    expected: Number(r.expected),
    pValue: Number(r.p_value),
    score: Number(r.score),
    municipalities: Number(r.municipalities),
    messageIds: listOfText(r.message_ids),
    detectedAtMs: Number(r.detected_at_ms),
    ...(r.phrase == null ? {} : { phrase: String(r.phrase) }),
  };
}

export function toStoredMessage(r: Row): StoredMessage {
  return {
    id: String(r.id),
    source: String(r.source),
    createdAt: formatWithOffset(
      Number(r.event_time_ms),
      r.created_offset_min == null ? 0 : Number(r.created_offset_min),
    ),
    eventTimeMs: Number(r.event_time_ms),
    municipality: String(r.municipality),
    topic: r.topic as StoredMessage['topic'],
    topicConfidence: Number(r.topic_confidence),
    geoMethod: String(r.geo_method),
    author: r.author == null ? null : String(r.author),
    text: String(r.text),
    url: r.url == null ? null : String(r.url),
    late: Boolean(r.late),
    storyId: r.story_id == null ? null : String(r.story_id),
    district: r.district == null ? null : String(r.district),
  };
}

export function toExplainInput(r: Row): ExplainInputMessage {
  return {
    id: String(r.id),
    text: String(r.text),
    author: r.author == null ? null : String(r.author),
    eventTimeMs: Number(r.event_time_ms),
    storyId: r.story_id == null ? null : String(r.story_id),
    district: r.district == null ? null : String(r.district),
  };
}

export function toStoryRow(r: Row): StoryRow {
  const s = (v: unknown) => (v == null ? null : String(v));
  return {
    id: String(r.id),
    municipality: String(r.municipality),
    municipalityName: s(r.municipality_name),
    region: String(r.region),
    regionName: s(r.region_name),
    topic: r.topic as StoryRow['topic'],
    topicName: s(r.topic_name),
    kind: r.kind as StoryRow['kind'],
    startMs: Number(r.start_ms),
    lastMs: Number(r.last_ms),
    messages: Number(r.messages),
    authors: Number(r.authors),
    terms: JSON.parse(String(r.terms)) as string[],
    streets: JSON.parse(String(r.streets)) as StoryRow['streets'],
    label: String(r.label),
    places: r.places == null ? [] : (JSON.parse(String(r.places)) as StoryRow['places']),
    ...(r.lat == null || r.lon == null
      ? {}
      : { lat: Number(r.lat), lon: Number(r.lon), located: Number(r.located ?? 0) }),
    closed: Boolean(r.closed),
  };
}

/** A VARCHAR[] column as strings (NULL: none). */
function listOfText(v: unknown): string[] {
  return v == null ? [] : (v as unknown[]).map(String);
}

export function toAlertRow(r: Row): AlertRow {
  const s = (v: unknown) => (v == null ? null : String(v));
  return {
    id: String(r.id),
    municipality: String(r.municipality),
    municipalityName: s(r.municipality_name),
    region: s(r.region),
    regionName: s(r.region_name),
    topic: r.topic as AlertRow['topic'],
    topicName: s(r.topic_name),
    status: r.status as AlertRow['status'],
    severity: r.severity as AlertRow['severity'],
    respondWithinMin: Number(r.respond_within_min),
    startMs: Number(r.start_ms),
    endMs: Number(r.end_ms),
    firstDetectedAtMs: Number(r.first_detected_at_ms),
    lastDetectedAtMs: Number(r.last_detected_at_ms),
    closedAtMs: r.closed_at_ms == null ? null : Number(r.closed_at_ms),
    windows: Number(r.windows),
    peakObserved: Number(r.peak_observed),
    peakExpected: Number(r.peak_expected),
    peakPer10k: r.peak_per_10k == null ? null : Number(r.peak_per_10k),
    minPValue: Number(r.min_p_value),
    maxScore: Number(r.max_score),
    // The three cause columns are written together (appendAlert), so cause_id alone decides.
    cause:
      r.cause_id == null
        ? null
        : { id: String(r.cause_id), kind: String(r.cause_kind), label: String(r.cause_label) },
    groupId: String(r.group_id),
    regionGroupId: String(r.region_group_id),
    terms: listOfText(r.terms),
    kind: r.kind === 'slow_wave' ? 'slow_wave' : 'burst',
    districts: listOfText(r.districts),
  };
}

/** An incident: its head's row (the group's severity, status and end: incidents_list), topics and members. */
export function toIncidentRow(r: Row): IncidentRow {
  const members = JSON.parse(String(r.members)) as Row[];
  return {
    ...toAlertRow(r),
    topics: listOfText(r.topics) as IncidentRow['topics'],
    members: members.map(toIncidentMember),
  };
}

export function toIncidentMember(r: Row): IncidentMember {
  return {
    id: String(r.id),
    topic: r.topic as IncidentMember['topic'],
    topicName: r.topic_name == null ? null : String(r.topic_name),
    severity: r.severity as IncidentMember['severity'],
    startMs: Number(r.start_ms),
    endMs: Number(r.end_ms),
    peakObserved: Number(r.peak_observed),
    status: r.status as IncidentMember['status'],
  };
}
