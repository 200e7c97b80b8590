/** Typed fetches of the vsplesk API (shapes mirror src/serve/schemas.ts). */

export interface Municipality {
  code: string;
  name: string;
  region: string;
  regionName: string;
  population: number;
  utcOffsetMin: number;
  messages: number;
}
export interface Region {
  code: string;
  name: string;
  municipalities: number;
  population: number;
  messages: number;
}
export interface Topic {
  id: string;
  nameRu: string;
  department: string;
}
export interface SeriesAnomaly {
  id: string;
  x: number;
  startMs: number;
  observed: number;
  expected: number;
  severity: string;
  municipality: string;
  topic: string;
}
export interface Series {
  bucket: '5m' | 'hour' | 'day';
  municipality: string;
  region: string;
  topic: string;
  from: string;
  to: string;
  utcOffsetMin: number;
  population: number | null;
  x: number[];
  count: number[];
  uniqueAuthors: number[];
  perCapita?: number[];
  anomalies: SeriesAnomaly[];
}
export interface TopRow {
  key: string;
  name: string;
  count: number;
  perCapita: number | null;
  anomalies: number;
  /**
   * Honest rates (by=municipality; absent from older servers): coordinates, the raw rate per 10,000 with its
   * exact 95% interval, and the empirical-Bayes rate shrunk toward the region (what to colour and rank by).
   */
  population?: number | null;
  lat?: number | null;
  lon?: number | null;
  per10k?: number | null;
  low?: number | null;
  high?: number | null;
  shrunk?: number | null;
  shrunkLow?: number | null;
  shrunkHigh?: number | null;
  weight?: number | null;
}
export interface AnomalyItem {
  id: string;
  bucket: string;
  municipality: string;
  municipalityName: string | null;
  topic: string;
  topicName: string | null;
  startMs: number;
  endMs: number;
  observed: number;
  expected: number;
  severity: string;
  utcOffsetMin?: number;
}
/** A stored message of a window or alert (its text is untrusted: show it through textContent only). */
export interface SampleMessage {
  id: string;
  source: string;
  createdAt: string;
  eventTimeMs: number;
  author: string | null;
  text: string;
  url: string | null;
  late: boolean;
  /** The cluster (story) it joined; null when none. */
  storyId: string | null;
  /** The district of the city its text names; null when none. */
  district: { code: string; name: string } | null;
}
/** 'flood': one or two accounts repeating a text; 'campaign': one text from many accounts. */
export type ClusterKind = 'story' | 'flood' | 'campaign';
/** Why a window or an alert spiked (cluster/explain.ts): texts are masked but untrusted (textContent only). */
export interface Explanation {
  messages: number;
  referenceMessages: number;
  /** Words and phrases that distinguish it, strongest first: messages using each in it and before it. */
  terms: { term: string; stem: string; target: number; reference: number; g2: number; logRatio: number }[];
  /** Streets named in it, most concentrated first; `share` of its messages, 0..1. */
  streets: { key: string; label: string; messages: number; share: number; reference: number }[];
  /** Districts of the city named in it (where known), most concentrated first. */
  districts: { code: string; name: string; messages: number; share: number; reference: number }[];
  /** The clusters most of its messages belong to; `inWindow` of its messages are in each. */
  clusters: {
    id: string;
    label: string;
    kind: ClusterKind;
    messages: number;
    authors: number;
    inWindow: number;
    terms: string[];
    streets: string[];
  }[];
  /** Representative messages, different from each other. */
  samples: { id: string; text: string; eventTimeMs: number; storyId: string | null }[];
}
export interface AnomalyDetail extends AnomalyItem {
  samples: SampleMessage[];
  /** Why it spiked. */
  explanation: Explanation;
}
/** A cluster (story): messages of one municipality about one thing (GET /api/clusters). */
export interface ClusterItem {
  id: string;
  municipality: string;
  municipalityName: string | null;
  region: string;
  regionName: string | null;
  topic: string;
  topicName: string | null;
  kind: ClusterKind;
  startMs: number;
  lastMs: number;
  start: string;
  last: string;
  messages: number;
  authors: number;
  terms: string[];
  streets: { key: string; label: string; messages: number }[];
  label: string;
  closed: boolean;
}
/** One cluster with a page of its messages, earliest first (GET /api/clusters/:id). */
export interface ClusterDetail extends Omit<ClusterItem, 'messages'> {
  messageCount: number;
  messages: Page<SampleMessage>;
}
export type Severity = 'critical' | 'high' | 'normal';
/** One incident: flagged windows of one (municipality, topic) merged (GET /api/alerts). */
export interface AlertItem {
  id: string;
  municipality: string;
  municipalityName: string | null;
  topic: string;
  topicName: string | null;
  status: 'open' | 'closed';
  severity: Severity;
  respondWithinMin: number;
  start: string;
  end: string;
  startMs: number;
  endMs: number;
  firstDetectedAt: string;
  windows: number;
  peakObserved: number;
  peakExpected: number;
  expected: boolean;
  cause: { id: string; kind: string; label: string } | null;
  groupId: string;
  regionGroupId: string;
  /** Emerging words of its municipality while it lasted (what the story is about). */
  terms: string[];
  /** 'slow_wave': a rise over days (the day CUSUM), not an incident to answer within hours. */
  kind: 'burst' | 'slow_wave';
  /** Districts of the city whose own windows were flagged in it (where it is). */
  districts: { code: string; name: string }[];
}
/** Another alert of an incident: the same story filed under another topic (GET /api/alerts?view=incidents). */
export interface IncidentMember {
  id: string;
  topic: string;
  topicName: string | null;
  severity: Severity;
  startMs: number;
  endMs: number;
  peakObserved: number;
  status: 'open' | 'closed';
}
/**
 * One incident (GET /api/alerts?view=incidents): its head alert, with the group's strongest severity and response
 * time, open while any of its alerts is, its latest end, and its other alerts.
 */
export interface IncidentItem extends AlertItem {
  /** Each topic once, the head's first. */
  topics: string[];
  /** The group's other alerts, by start. */
  members: IncidentMember[];
}
export type FeedbackLabel = 'real' | 'known_cause' | 'noise';
export interface AlertFeedback {
  label: FeedbackLabel;
  note: string | null;
  at: string;
}
export interface AlertDetail extends AlertItem {
  anomalies: AnomalyItem[];
  samples: SampleMessage[];
  /** Analysts' verdicts, oldest first. */
  feedback: AlertFeedback[];
  /** Why it spiked. */
  explanation: Explanation;
  /** A head's: the other alerts of its incident (a member has none; its groupId names the head). */
  members?: IncidentMember[];
}
/** An emerging term: a word whose use by distinct authors jumped in one hour (GET /api/terms). */
export interface TermItem {
  id: string;
  scope: 'municipality' | 'region';
  /** Municipality code; '' for a region-wide burst. */
  municipality: string;
  municipalityName: string | null;
  region: string;
  regionName: string | null;
  stem: string;
  /** The word as residents most often wrote it (untrusted: textContent only). */
  term: string;
  /** The two-word phrase at least half its messages used it in (untrusted). */
  phrase?: string;
  topic: string;
  topicName: string | null;
  /** Its hour. */
  startMs: number;
  endMs: number;
  start: string;
  end: string;
  /** Distinct authors using it in the hour, and how many were expected. */
  observed: number;
  expected: number;
  pValue: number;
  score: number;
  /** Municipalities it came from (1 for a municipality's burst). */
  municipalities: number;
  messageIds: string[];
  detectedAtMs: number;
}
export interface TermDetail extends TermItem {
  /** Its example messages, earliest first. */
  samples: SampleMessage[];
}
export interface Page<T> {
  total: number;
  limit: number;
  offset: number;
  items: T[];
}
/** GET /api/terms filters: the period (hour start) and place, as the other lists take them. */
export interface TermsQuery {
  from?: string;
  to?: string;
  municipality?: string;
  region?: string;
  topic?: string;
  scope?: 'municipality' | 'region';
  limit?: number;
  offset?: number;
}
/** The counters and times come only with a valid token (or with auth off). */
export interface Health {
  status: string;
  messages?: number;
  deadLetters?: number;
  lastEventTime?: string | null;
  dataTo?: string | null;
}

export class ApiError extends Error {}

/** Where the page keeps the API token between visits. */
export const TOKEN_KEY = 'vsplesk.token';
/** One prompt at a time: the page's parallel requests that meet a 401 all wait for the same answer. */
let asking: Promise<string | null> | null = null;

function storedToken(): string | null {
  try {
    return localStorage.getItem(TOKEN_KEY);
  } catch {
    return null; // storage disabled: ask each visit
  }
}

/** Asks for a token (once for all the requests waiting) and keeps it; null when the user cancels. */
function askToken(rejected: string | null): Promise<string | null> {
  asking ??= new Promise<string | null>((resolve) => {
    const again = rejected !== null ? 'Токен не принят. ' : '';
    const answer = window.prompt(`${again}Введите токен доступа к API (vsplesk token create):`, '');
    const token = answer?.trim() || null;
    try {
      if (token) localStorage.setItem(TOKEN_KEY, token);
      else localStorage.removeItem(TOKEN_KEY);
    } catch {
      // storage disabled: the token lives as long as the page
    }
    fallback = token;
    resolve(token);
  }).finally(() => {
    asking = null;
  });
  return asking;
}
/** The token when localStorage cannot keep it. */
let fallback: string | null = null;

/**
 * fetch with the stored token; on a 401 asks for a token once and retries once with it. A second 401 (a wrong
 * token) is an error: the page never loops on prompts.
 */
async function authFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const send = (token: string | null) =>
    fetch(path, {
      ...init,
      headers: {
        ...(init.headers as Record<string, string>),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
    });
  const token = storedToken() ?? fallback;
  const res = await send(token);
  if (res.status !== 401) return res;
  // Another request may already have a newer token than the one this one was sent with.
  const current = storedToken() ?? fallback;
  const next = current !== null && current !== token ? current : await askToken(token);
  return next === null ? res : send(next);
}

export async function getJson<T>(path: string, params: Record<string, string | undefined> = {}): Promise<T> {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, v);
  const qs = q.toString();
  return readJson<T>(await authFetch(qs ? `${path}?${qs}` : path));
}

/** POST a JSON body; resolves to the reply's JSON (any 2xx). */
export async function postJson<T>(path: string, body: unknown): Promise<T> {
  return readJson<T>(
    await authFetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  );
}

async function readJson<T>(res: Response): Promise<T> {
  const body = (await res.json()) as T & { error?: string; message?: string };
  if (!res.ok) throw new ApiError(body.message ?? `HTTP ${res.status}`);
  return body;
}

/** Emerging terms of a place and period, newest hour first (GET /api/terms). */
export function getTerms(q: TermsQuery = {}): Promise<Page<TermItem>> {
  return getJson<Page<TermItem>>('/api/terms', {
    ...q,
    limit: q.limit === undefined ? undefined : String(q.limit),
    offset: q.offset === undefined ? undefined : String(q.offset),
  });
}

/** One emerging term with its example messages (GET /api/terms/:id). */
export function getTerm(id: string): Promise<TermDetail> {
  return getJson<TermDetail>(`/api/terms/${encodeURIComponent(id)}`);
}

/** One cluster with `limit` of its messages from `offset`, earliest first (GET /api/clusters/:id). */
export function getCluster(id: string, page: { limit: number; offset: number }): Promise<ClusterDetail> {
  return getJson<ClusterDetail>(`/api/clusters/${encodeURIComponent(id)}`, {
    limit: String(page.limit),
    offset: String(page.offset),
  });
}

/**
 * A municipality's morning briefing (GET /api/briefings/:code) or a region's digest (GET
 * /api/briefings/regions/:region) as HTML text or a PDF blob, and the local day it is about (the x-briefing-date
 * header: the server's default when `date` is empty).
 */
export async function getBriefing(
  of: { municipality: string } | { region: string },
  date: string,
  format: 'html' | 'pdf',
): Promise<{ date: string; html: string | null; pdf: Blob | null }> {
  const q = new URLSearchParams({ format });
  if (date) q.set('date', date);
  const path =
    'municipality' in of
      ? `/api/briefings/${encodeURIComponent(of.municipality)}`
      : `/api/briefings/regions/${encodeURIComponent(of.region)}`;
  const res = await authFetch(`${path}?${q}`);
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { message?: string };
    throw new ApiError(body.message ?? `HTTP ${res.status}`);
  }
  const day = res.headers.get('x-briefing-date') ?? date;
  return format === 'pdf'
    ? { date: day, html: null, pdf: await res.blob() }
    : { date: day, html: await res.text(), pdf: null };
}

/** GET /api/seasonal (src/serve/routes/seasonal.ts): the fields the planner page reads. */
export interface SeasonalPlan {
  municipality: string;
  topic: string;
  population: number | null;
  historyFrom: string | null;
  historyTo: string | null;
  weeks: { season_start: string[]; first_monday: string[]; counts: (number | null)[][] };
  recurrence: { recurring: boolean; seasons: number; reason: string };
  forecast: {
    season_start: string;
    onset_week: { point: string; low: string; high: string };
    peak_week: { point: string; low: string; high: string };
    peak_weekly: { point: number; low: number; high: number };
    total: { point: number; low: number; high: number };
    campaign_start: string | null;
    note: string;
  } | null;
}
/** One row of GET /api/campaigns/recommended. */
export interface CampaignRecommendation {
  municipality: string;
  name: string;
  topic: string;
  start: string;
  onset_week: string;
  onset_low: string;
  onset_high: string;
  expected_per10k: number | null;
  peak_weekly_per10k: number | null;
  reason: string;
}
/** POST /api/campaigns's reply. */
export interface Campaign {
  id: string;
  municipality: string;
  topic: string;
  from: string;
  to: string;
  description: string;
}
/** GET /api/campaigns/:id/effect. */
export interface CampaignEffect {
  campaign: Campaign;
  season_start: string | null;
  window: { from: string; to: string } | null;
  effect: {
    method: 'controls' | 'history' | 'none';
    reported: boolean;
    change: number | null;
    low: number | null;
    high: number | null;
    level: number;
    observed: number | null;
    expected: number | null;
    controls: number;
    reason: string;
  };
}
