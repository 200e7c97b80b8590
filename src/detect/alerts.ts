/**
 * Alert lifecycle: one incident = one alert. Flagged windows (anomalies, from the 5-minute and hourly detectors
 * alike) of one (municipality, topic) belong to the same alert while they come less than `quietMs` of event
 * time apart; the alert opens with the first, is updated as it grows, and closes once the shard's watermark is
 * `quietMs` past its last flagged window — so it cannot flap open and closed between two busy hours. A late
 * revision flagged within that gap reopens the alert it belongs to instead of starting another.
 *
 * Severity is the strongest of its windows' (the detector's size and probability rule), then weighed:
 * - life-support topics (heating, hot water, water, electricity, gas) are at least 'high';
 * - a burst of at least 10 authors that is also ≥ 3 per 10,000 residents in one window is 'critical'.
 * and mapped to the response it needs: critical within an hour, high within 4 hours, normal within a working day.
 * A known cause (a planned shut-off, the heating season's start: calendar.ts) covering the alert's start marks
 * it expected, with the cause, rather than an incident.
 *
 * Hierarchy: an alert that opens while the first alert of its municipality's incident group (the head) is open or
 * quiet, and at most `groupWithinMs` after the head opened, joins that group (`groupId` = the head's id), so one
 * incident reported under several topics is one incident for the analyst — one row of the list, its head the
 * headline. Only the head's own windows keep its group joinable (members do not chain a group on for days in a
 * city where some alert is always open), and only alerts of the same kind of explanation share one: an incident
 * nothing explains never hides under an expected one (a planned shut-off) or the reverse. Slow waves (day CUSUM
 * runs) are never heads of a group: a rise over days is not the onset a misfiled sibling shares. Along geography, an alert that opens while another
 * alert of the same topic in the same region is open (or quiet for less than the gap) joins its regional
 * incident (`regionGroupId`): "heating in 5 towns of the region" is one regional story, not five. Below the
 * municipality, a flagged window of one of its districts (Anomaly.district) raises the city's alert of the topic
 * like the city's own windows, and the alert lists the district: one incident fires once, at the city, saying where.
 *
 * State: the open alert and the last closed one per key (for late revisions); full values are emitted on every
 * change, so a replay upserts.
 */
import type { Alert, Anomaly, KnownCause, Severity, TermBurst, TopicId } from '../records.ts';
import { SLOW_RISE_DETECTOR } from './slow-rise.ts';

export type { Alert, KnownCause };

export const SEVERITY_RESPONSE_MIN: Readonly<Record<Severity, number>> = Object.freeze({
  critical: 60,
  high: 240,
  normal: 480,
});

const LIFE_SUPPORT: ReadonlySet<TopicId> = new Set<TopicId>([
  'heating',
  'hot_water',
  'water_sewer',
  'electricity',
  'gas',
]);

const RANK: Readonly<Record<Severity, number>> = { normal: 0, high: 1, critical: 2 };
const stronger = (a: Severity, b: Severity): Severity => (RANK[b] > RANK[a] ? b : a);

/**
 * Topics whose volume follows the weather: a snowfall or a cold snap raises them across the whole town. Without
 * an emerging word to tell a story (a street, "сосульки упали на машину"), such a rise is a seasonal wave.
 */
const WEATHER_TOPICS: ReadonlySet<TopicId> = new Set<TopicId>(['snow_ice', 'heating']);

export const SEASONAL_WAVE: Readonly<KnownCause> = Object.freeze({
  id: 'seasonal-wave',
  kind: 'seasonal_wave',
  label: 'сезонная волна: рост по всему городу без отдельного сюжета (погода)',
});

/**
 * The same wave read under a sibling topic: residents file a snowfall under roads, courtyards or «other» as often as
 * under snow. A rise there without a story of its own, while the town's weather topic rises as a wave, is that wave.
 * Life-support topics are never explained away by the weather (a cold snap is when a main bursts).
 */
export const SEASONAL_WAVE_SPILL: Readonly<KnownCause> = Object.freeze({
  id: 'seasonal-wave',
  kind: 'seasonal_wave',
  label: 'сезонная волна: рост вместе с погодной темой города, без отдельного сюжета',
});

/** How many emerging words an alert keeps. */
const ALERT_TERMS = 5;

export interface AlertConfig {
  /** Event time without a flagged window after which an alert closes. Default 2 h. */
  quietMs: number;
  /**
   * Emerging terms are tracked (`observeTerms` is fed): an alert of a weather topic that closes with none is
   * labelled a seasonal wave. Default false (no terms, no evidence either way).
   */
  labelWaves: boolean;
  /**
   * Longest time from a group's head opening to another alert of the town opening that may still join it. An
   * incident's messages split across topics rise together, so its sibling alerts open within its first hours.
   * Default 6 h.
   */
  groupWithinMs: number;
}

export const DEFAULT_ALERT_CONFIG: Readonly<AlertConfig> = Object.freeze({
  quietMs: 2 * 3_600_000,
  labelWaves: false,
  groupWithinMs: 6 * 3_600_000,
});

export interface AlertContext {
  /** Residents of the municipality (per-capita weight), when known. */
  population?: number;
  /** The municipality's region (regional incidents). */
  region?: string;
  /** A known event covering this key at the window's start. */
  cause?: KnownCause;
}

export interface AlertTrackerSnapshot {
  open: Alert[];
  lastClosed: Alert[];
  /**
   * Per municipality and explanation (key `${municipality}\u0000${expected ? 1 : 0}`), its latest incident group:
   * [key, head id, end of the head's latest window, head's start]. Older snapshots keyed by municipality alone
   * and had no start (read as: not joinable).
   */
  groups?: [string, string, number, number?][];
  /** Per region and topic, its latest regional incident: [region\u0000topic, group id, end]. */
  regionGroups?: [string, string, number][];
  /** Per open alert, its emerging words and their best scores. */
  termScores?: [string, [string, number][]][];
}

export class AlertTracker {
  readonly #quietMs: number;
  readonly #labelWaves: boolean;
  /** Per open alert id, its words' best scores (to rank them). */
  readonly #termScores = new Map<string, Map<string, number>>();
  readonly #open = new Map<string, Alert>();
  readonly #lastClosed = new Map<string, Alert>();
  readonly #groupWithinMs: number;
  /** Latest incident group per municipality and explanation (groupKey). */
  readonly #groups = new Map<string, { id: string; startMs: number; endMs: number }>();
  /** Latest regional incident per (region, topic). */
  readonly #regionGroups = new Map<string, { id: string; endMs: number }>();
  /** Earliest close deadline among open alerts (+∞ when none). */
  #nextCloseMs = Number.POSITIVE_INFINITY;

  constructor(config: Partial<AlertConfig> = {}, restoreFrom?: AlertTrackerSnapshot) {
    this.#quietMs = config.quietMs ?? DEFAULT_ALERT_CONFIG.quietMs;
    this.#labelWaves = config.labelWaves ?? DEFAULT_ALERT_CONFIG.labelWaves;
    this.#groupWithinMs = config.groupWithinMs ?? DEFAULT_ALERT_CONFIG.groupWithinMs;
    for (const [id, scores] of restoreFrom?.termScores ?? []) this.#termScores.set(id, new Map(scores));
    // `terms` and `districts` are absent in state saved before emerging terms and districts existed.
    const upgrade = (a: Alert): Alert => ({
      ...a,
      kind: a.kind ?? 'burst',
      terms: a.terms ?? [],
      districts: a.districts ?? [],
    });
    for (const a of restoreFrom?.open ?? []) this.#open.set(keyOf(a), upgrade(a));
    for (const a of restoreFrom?.lastClosed ?? []) this.#lastClosed.set(keyOf(a), upgrade(a));
    for (const [k, id, endMs, startMs] of restoreFrom?.groups ?? [])
      this.#groups.set(k, { id, endMs, startMs: startMs ?? Number.NEGATIVE_INFINITY });
    for (const [k, id, endMs] of restoreFrom?.regionGroups ?? []) this.#regionGroups.set(k, { id, endMs });
    this.#recomputeNextClose();
  }

  get openCount(): number {
    return this.#open.size;
  }

  /** Merge a flagged window into its alert (opening, reopening or updating it); returns the new full value. */
  observe(a: Anomaly, ctx: AlertContext = {}): Alert {
    const key = keyOf(a);
    let alert = this.#open.get(key);
    if (alert === undefined) {
      const closed = this.#lastClosed.get(key);
      // A late revision inside a closed alert's quiet gap reopens it (it will close again once past).
      if (closed && a.startMs <= closed.endMs + this.#quietMs && a.endMs >= closed.startMs - this.#quietMs) {
        alert = { ...closed, status: 'open', closedAtMs: null };
        this.#lastClosed.delete(key);
      } else {
        const id = `${a.municipality}:${a.topic}:${a.startMs}`;
        const group = this.#groups.get(groupKey(a.municipality, ctx.cause !== undefined));
        const joins =
          group !== undefined &&
          a.detector !== SLOW_RISE_DETECTOR &&
          a.startMs <= group.endMs + this.#quietMs &&
          a.startMs <= group.startMs + this.#groupWithinMs;
        const regional = this.#regionGroups.get(`${ctx.region ?? ''}\u0000${a.topic}`);
        const joinsRegion =
          ctx.region !== undefined && regional !== undefined && a.startMs <= regional.endMs + this.#quietMs;
        alert = {
          id,
          kind: 'slow_wave',
          municipality: a.municipality,
          topic: a.topic,
          status: 'open',
          severity: 'normal',
          respondWithinMin: SEVERITY_RESPONSE_MIN.normal,
          startMs: a.startMs,
          endMs: a.endMs,
          firstDetectedAtMs: a.detectedAtMs,
          lastDetectedAtMs: a.detectedAtMs,
          closedAtMs: null,
          windows: 0,
          peakObserved: 0,
          peakExpected: 0,
          peakPer10k: null,
          minPValue: 1,
          maxScore: 0,
          cause: ctx.cause ?? null,
          terms: [],
          districts: [],
          groupId: joins ? group.id : id,
          regionGroupId: joinsRegion ? regional.id : id,
        };
      }
      this.#open.set(key, alert);
    }
    if (a.detector !== SLOW_RISE_DETECTOR) alert.kind = 'burst';
    if (a.district !== undefined && !alert.districts.includes(a.district))
      alert.districts = [...alert.districts, a.district];
    alert.windows++;
    alert.startMs = Math.min(alert.startMs, a.startMs);
    alert.endMs = Math.max(alert.endMs, a.endMs);
    alert.firstDetectedAtMs = Math.min(alert.firstDetectedAtMs, a.detectedAtMs);
    alert.lastDetectedAtMs = Math.max(alert.lastDetectedAtMs, a.detectedAtMs);
    alert.minPValue = Math.min(alert.minPValue, a.pValue);
    alert.maxScore = Math.max(alert.maxScore, a.score);
    const per10k = ctx.population ? (a.observed * 10_000) / ctx.population : null;
    if (a.observed > alert.peakObserved) {
      alert.peakObserved = a.observed;
      alert.peakExpected = a.expected;
      alert.peakPer10k = per10k;
    }
    let severity = stronger(alert.severity, a.severity);
    if (LIFE_SUPPORT.has(a.topic)) severity = stronger(severity, 'high');
    if (per10k !== null && a.observed >= 10 && per10k >= 3) severity = 'critical';
    alert.severity = severity;
    alert.respondWithinMin = SEVERITY_RESPONSE_MIN[severity];
    // Only a head keeps its group joinable; a slow wave heads no group (see the header).
    if (alert.groupId === alert.id && a.detector !== SLOW_RISE_DETECTOR) {
      const gk = groupKey(a.municipality, alert.cause !== null);
      const group = this.#groups.get(gk);
      if (group?.id === alert.id) group.endMs = Math.max(group.endMs, alert.endMs);
      else this.#groups.set(gk, { id: alert.id, startMs: alert.startMs, endMs: alert.endMs });
    }
    if (ctx.region !== undefined) {
      const rk = `${ctx.region}\u0000${a.topic}`;
      const regional = this.#regionGroups.get(rk);
      if (regional?.id === alert.regionGroupId) regional.endMs = Math.max(regional.endMs, alert.endMs);
      else if (alert.regionGroupId === alert.id)
        this.#regionGroups.set(rk, { id: alert.id, endMs: alert.endMs });
    }
    this.#nextCloseMs = Math.min(this.#nextCloseMs, alert.endMs + this.#quietMs);
    return { ...alert };
  }

  /** Close the alerts whose quiet period the watermark has passed; returns their final values. */
  advance(watermarkMs: number): Alert[] {
    if (watermarkMs < this.#nextCloseMs) return [];
    const closed: Alert[] = [];
    for (const [key, alert] of this.#open) {
      const deadline = alert.endMs + this.#quietMs;
      if (deadline > watermarkMs) continue;
      alert.status = 'closed';
      alert.closedAtMs = deadline;
      if (this.#labelWaves && alert.cause === null && alert.terms.length === 0) {
        if (WEATHER_TOPICS.has(alert.topic)) alert.cause = { ...SEASONAL_WAVE };
        else if (!LIFE_SUPPORT.has(alert.topic) && this.#duringWave(alert)) alert.cause = { ...SEASONAL_WAVE_SPILL };
      }
      this.#termScores.delete(alert.id);
      this.#open.delete(key);
      this.#lastClosed.set(key, alert);
      closed.push({ ...alert });
    }
    this.#recomputeNextClose();
    return closed;
  }

  /**
   * Emerging words of the shard's hours that closed: each municipality's burst joins the open alerts of that
   * municipality (any topic: a story's words are often filed under a sibling topic) that it overlaps, from an
   * hour before the alert to its quiet end. Returns the alerts whose words changed (full values).
   */
  observeTerms(bursts: readonly TermBurst[]): Alert[] {
    const changed = new Map<string, Alert>();
    for (const b of bursts) {
      if (b.scope !== 'municipality') continue;
      for (const alert of this.#open.values()) {
        if (alert.municipality !== b.municipality) continue;
        if (b.endMs < alert.startMs - 3_600_000 || b.startMs > alert.endMs + this.#quietMs) continue;
        let scores = this.#termScores.get(alert.id);
        if (scores === undefined) {
          scores = new Map();
          this.#termScores.set(alert.id, scores);
        }
        if ((scores.get(b.term) ?? -1) >= b.score) continue;
        scores.set(b.term, b.score);
        const terms = [...scores]
          .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))
          .slice(0, ALERT_TERMS)
          .map(([w]) => w);
        if (terms.join('\u0000') === alert.terms.join('\u0000')) continue;
        alert.terms = terms;
        changed.set(alert.id, alert);
      }
    }
    return [...changed.values()].map((a) => ({ ...a, terms: [...a.terms] }));
  }

  snapshot(): AlertTrackerSnapshot {
    return {
      open: [...this.#open.values()].map((a) => ({ ...a })),
      lastClosed: [...this.#lastClosed.values()].map((a) => ({ ...a })),
      groups: [...this.#groups].map(([k, g]) => [k, g.id, g.endMs, g.startMs]),
      regionGroups: [...this.#regionGroups].map(([k, g]) => [k, g.id, g.endMs]),
      termScores: [...this.#termScores].map(([id, s]) => [id, [...s]]),
    };
  }

  /**
   * Whether a weather topic of the alert's town rises as a wave over the alert's time: its alert overlaps this one and
   * was labelled a wave, or is still open with no words (a wave so far).
   */
  #duringWave(alert: Alert): boolean {
    const overlapsWave = (w: Alert) =>
      w.municipality === alert.municipality &&
      WEATHER_TOPICS.has(w.topic) &&
      w.terms.length === 0 &&
      w.startMs <= alert.endMs &&
      w.endMs >= alert.startMs;
    for (const w of this.#open.values()) if (w.cause === null && overlapsWave(w)) return true;
    for (const w of this.#lastClosed.values()) if (w.cause?.kind === 'seasonal_wave' && overlapsWave(w)) return true;
    return false;
  }

  #recomputeNextClose(): void {
    let next = Number.POSITIVE_INFINITY;
    for (const a of this.#open.values()) next = Math.min(next, a.endMs + this.#quietMs);
    this.#nextCloseMs = next;
  }
}

function groupKey(municipality: string, expected: boolean): string {
  return `${municipality}\u0000${expected ? 1 : 0}`;
}

function keyOf(a: { municipality: string; topic: string }): string {
  return `${a.municipality}\u0000${a.topic}`;
}
