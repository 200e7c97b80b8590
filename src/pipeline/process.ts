/**
 * The stages in order, for one batch: parse → normalise → classify (topic, geography) → shard → dedupe → window →
 * detect. No I/O: it turns raw records into what the store writes in one transaction (`StoreBatch`) and keeps
 * only bounded state (open windows, per-key baselines, a time-bounded id set) per shard (shard.ts). The runner
 * (run.ts) owns I/O.
 *
 * Windows are emitted — and tested by the detectors — at the message that closes them (or revises them), not at
 * the end of the batch, so a shard's output depends on its messages and their order only: a restart from a
 * snapshot (`snapshot`/`restore`, committed with the source offsets) continues exactly as if never stopped.
 */

import { Deduper } from '../classify/dedupe.ts';
import { createGeoResolver } from '../classify/geo.ts';
import { NearDuplicates } from '../classify/near-duplicates.ts';
import { createTopicClassifier } from '../classify/topic.ts';
import type { Clock } from '../clock.ts';
import { Stories } from '../cluster/stories.ts';
import { extractStreets, formatStreet } from '../cluster/streets.ts';
import type { PipelineConfig } from '../config.ts';
import { AlertTracker } from '../detect/alerts.ts';
import { type Calendar, createCalendar, type KnownEvent } from '../detect/calendar.ts';
import { EmergingTerms } from '../detect/emerging-terms.ts';
import { createDetector, type Detector, type FeedbackLabel } from '../detect/index.ts';
import { SLOW_RISE_DETECTOR, SlowRise } from '../detect/slow-rise.ts';
import { VspError } from '../errors.ts';
import type { DistrictMatcher } from '../geo/districts.ts';
import { neighboursWithin } from '../geo/neighbours.ts';
import { createNormaliser } from '../normalise/index.ts';
import {
  type Aggregate,
  type Alert,
  type Anomaly,
  type Bucket,
  type ClassifiedDoc,
  type RawRecord,
  type Rejected,
  type RunStats,
  type Story,
  type TermBurst,
  type TopicId,
  UNKNOWN_MUNICIPALITY,
} from '../records.ts';
import type { Gazetteer } from '../reference/gazetteer.ts';
import { DEFAULT_PARSE_LIMITS, parseMessage } from '../source/parse.ts';
import type { ShardSnapshot } from '../state/shard-snapshot.ts';
import { Windower, type WindowerOptions } from '../window/windower.ts';
import { shardOfPlace } from './shard.ts';

export type { ShardSnapshot };

import { emptyStats } from './stats.ts';

/** What one batch produced: written by the store in one transaction. */
export interface StoreBatch {
  messages: ClassifiedDoc[];
  lateMessages: ClassifiedDoc[];
  aggregates: Aggregate[];
  anomalies: Anomaly[];
  /** Alerts opened, updated or closed (full values; a later one of the same id supersedes). */
  alerts: Alert[];
  /** Emerging terms of the hours that closed (detect/emerging-terms.ts). */
  termBursts: TermBurst[];
  /** Stories opened, grown or closed (full values; a later one of the same id supersedes). */
  stories: Story[];
  deadLetters: Rejected[];
  /** Source offsets this batch completes (Kafka): committed in the same transaction. */
  offsets?: { source: string; partition: number; offset: string }[];
  /** State of the shards this batch changed, committed with the offsets: where a restart resumes. */
  snapshots?: { source: string; shards: ShardSnapshot[] };
}

/** A batch with nothing in it yet (what a batch starts from; a commit of state alone). */
export function emptyStoreBatch(): StoreBatch {
  return {
    messages: [],
    lateMessages: [],
    aggregates: [],
    anomalies: [],
    alerts: [],
    termBursts: [],
    stories: [],
    deadLetters: [],
  };
}

/** A town's emerging word as a flagged window for the alert tracker (not stored as an anomaly: it is a term burst). */
function termAnomaly(b: TermBurst): Anomaly {
  return {
    id: b.id,
    bucket: 'hour',
    municipality: b.municipality,
    topic: b.topic,
    startMs: b.startMs,
    endMs: b.endMs,
    observed: b.observed,
    expected: b.expected,
    pValue: b.pValue,
    score: b.score,
    severity: 'normal',
    detector: 'emerging-term',
    detectedAtMs: b.detectedAtMs,
    updates: 0,
  };
}

/** Complaints per resident per hour (DESIGN.md: ~0.13 per 1,000 a day), spread over ~20 topics: a cold-start prior. */
const PRIOR_PER_RESIDENT_HOUR = 0.13 / 1000 / 24 / 20;

export interface Processor {
  /** Number of shards (Kafka: partitions of the input topic). */
  readonly shards: number;
  /** Continue from snapshots (after a restart, before the first `process`). Emits nothing. */
  restore(snapshots: readonly ShardSnapshot[]): void;
  /**
   * Analysts' verdicts on alerts, applied to the keys' detectors (their sensitivity, detect/poisson-burst.ts);
   * saved with the shard state. Each detector skips verdicts no newer than the last it applied. `held`: the
   * shards this processor owns (Kafka); verdicts for others are left to their owners.
   */
  feedback(
    items: readonly { municipality: string; topic: TopicId; label: FeedbackLabel; atMs?: number }[],
    held?: ReadonlySet<number>,
  ): void;
  /** Known causes added while running (API): alerts opening from now on are labelled by them too. */
  addKnownEvents(events: readonly KnownEvent[]): void;
  /** Forget the given shards' state (their partitions went to another processor). */
  drop(shards: Iterable<number>): void;
  /** State of the given shards (those with none yet are skipped). */
  snapshot(shards: Iterable<number>): ShardSnapshot[];
  /** Shards that took a message since the last call. */
  takeTouched(): number[];
  /** The lowest watermark over the shards with state (−∞ before any). */
  readonly watermarkMs: number;
  /** How many shards have state here (0: `watermarkMs` is −∞ for want of any). */
  readonly heldShards: number;
  /**
   * `outcomes`, when given (length ≥ records), receives what became of each record (RECORD_OUTCOME): how a
   * caller that split a batch over processors puts their messages and dead letters back in input order.
   */
  process(
    records: readonly RawRecord[],
    sourceRejected?: readonly Rejected[],
    outcomes?: Uint8Array,
  ): StoreBatch;
  /** End of a finite stream: closes every window. */
  finish(): StoreBatch;
  readonly stats: RunStats;
}

interface Shard {
  readonly deduper: Deduper;
  /** Copy-paste campaigns speak with one voice (classify/near-duplicates.ts). */
  readonly voices: NearDuplicates;
  readonly windower: Windower;
  readonly detectors: { bucket: Bucket; detector: Detector }[];
  /**
   * The same detectors over the windows of districts (their own state: district series never tune the cities'
   * dispersion); null when districts are not detected.
   */
  readonly districtDetectors: { bucket: Bucket; detector: Detector }[] | null;
  readonly alerts: AlertTracker;
  /** Null when `terms.enabled` is off. */
  readonly terms: EmergingTerms | null;
  /** Null when `slowRise.enabled` is off (or the pipeline keeps no day windows). */
  readonly slowRise: SlowRise | null;
  /** Null when `stories.enabled` is off. */
  readonly stories: Stories | null;
}

const SNAPSHOT_VERSION = 1;

/** What became of a record in `process` (its entry in `outcomes`). */
export const RECORD_OUTCOME = { dropped: 0, message: 1, late: 2, deadLetter: 3 } as const;

export function createProcessor(
  cfg: PipelineConfig,
  deps: {
    gazetteer: Gazetteer;
    clock: Clock;
    /** Shard count; default `cfg.shards`. */
    shards?: number;
    /** Records come from a partitioned source whose partition is their shard (Kafka): checked, not computed. */
    partitioned?: boolean;
    /** Known causes (planned shut-offs, heating season…): alerts they explain are labelled expected. */
    calendar?: Calendar;
    /** Finds the district a message names within its municipality (absent: messages carry none). */
    districts?: DistrictMatcher;
    /**
     * The shards this processor may hold (a worker thread's share, pipeline/shard-workers.ts); a record of another
     * shard means the router and the processor disagree — a bug that would split a shard's state — and throws.
     */
    owns?: ReadonlySet<number>;
  },
): Processor {
  const { gazetteer, clock } = deps;
  const shardCount = deps.shards ?? cfg.shards;
  const normalise = createNormaliser();
  const classifyTopic = createTopicClassifier();
  const resolveGeo = createGeoResolver(gazetteer);
  const dedupeHorizonMs = cfg.window.allowedLatenessMs + cfg.window.allowedDelayMs + 3_600_000;
  const windowerOptions: WindowerOptions = {
    buckets: [...cfg.window.buckets],
    allowedDelayMs: cfg.window.allowedDelayMs,
    allowedLatenessMs: cfg.window.allowedLatenessMs,
    // Span tests need the windows' authors (distinct across windows).
    authorsFor: cfg.detect.filter((d) => (d.spanWindows ?? 0) > 1).map((d) => d.bucket),
  };
  const { enabled: _, ...termOptions } = cfg.terms;
  const slowRiseOn = cfg.slowRise.enabled && cfg.window.buckets.includes('day');
  const neighbours = neighboursWithin(deps.gazetteer, cfg.stories.neighbourKm ?? 30);
  const districts = deps.districts;
  const detectDistricts = cfg.districts.detect && districts !== undefined;
  const districtDetectorConfigs = cfg.detect.map((d) => ({
    ...d,
    pValue: d.pValue * cfg.districts.pValueScale,
  }));
  const newShard = (): Shard => ({
    deduper: new Deduper(dedupeHorizonMs),
    voices: new NearDuplicates(),
    windower: new Windower(windowerOptions),
    detectors: cfg.detect.map((d) => ({ bucket: d.bucket, detector: createDetector({ ...d }) })),
    districtDetectors: detectDistricts
      ? districtDetectorConfigs.map((d) => ({ bucket: d.bucket, detector: createDetector({ ...d }) }))
      : null,
    alerts: new AlertTracker({ labelWaves: cfg.terms.enabled }),
    terms: cfg.terms.enabled ? new EmergingTerms(termOptions) : null,
    slowRise: slowRiseOn ? new SlowRise() : null,
    stories: cfg.stories.enabled ? new Stories({}, undefined, neighbours) : null,
  });
  const calendar = deps.calendar ?? createCalendar([]);
  const shards = new Map<number, Shard>();
  const shardAt = (i: number): Shard => {
    let s = shards.get(i);
    if (s === undefined) {
      s = newShard();
      shards.set(i, s);
    }
    return s;
  };
  let touched = new Set<number>();
  const stats = emptyStats();
  const parseLimits = { ...DEFAULT_PARSE_LIMITS, ...cfg.parse };

  const deadLetter = (out: Rejected[], r: Rejected) => {
    out.push(r);
    stats.deadLettered++;
    stats.deadByReason[r.reason] = (stats.deadByReason[r.reason] ?? 0) + 1;
  };

  /**
   * Emit closed/revised windows of a shard and test them with its detectors, in emission order; merge what they
   * flag into alerts, and close the alerts the shard's watermark has left quiet long enough.
   */
  const emit = (shard: Shard, aggregates: Aggregate[], out: StoreBatch) => {
    for (const agg of aggregates) {
      const district = shard.districtDetectors ? districts?.byCode(agg.municipality) : undefined;
      if (district !== undefined) {
        observeDistrict(shard, agg, district.code, district.municipality, out);
        continue;
      }
      out.aggregates.push(agg);
      stats.windowsEmitted++;
      if (agg.municipality === UNKNOWN_MUNICIPALITY) {
        delete agg.authorIds;
        continue; // a mixed bag of places: no baseline means anything
      }
      const m = gazetteer.byCode(agg.municipality);
      const ctx = {
        utcOffsetMin: m?.utcOffsetMin ?? 180,
        ...(m ? { priorPerHour: m.population * PRIOR_PER_RESIDENT_HOUR } : {}),
      };
      const found: Anomaly[] = [];
      for (const d of shard.detectors) {
        if (d.bucket !== agg.bucket) continue;
        const a = d.detector.observe(agg, ctx);
        if (a) found.push(a);
      }
      const slow = agg.bucket === 'day' ? shard.slowRise?.observe(agg) : null;
      if (slow) found.push(slow);
      for (const a of found) {
        out.anomalies.push(a);
        stats.anomalies++;
        // A slow wave is explained by what covers the day it tripped on (its run may begin days before).
        raise(shard, a, a.detector === SLOW_RISE_DETECTOR ? a.endMs - 1 : a.startMs, out);
      }
      // Authors are the detectors' business: never stored or published.
      if (agg.authorIds !== undefined) delete agg.authorIds;
    }
    // Words of the hours that closed join the open alerts of their town before quiet alerts close.
    if (shard.terms) addTerms(shard, shard.terms.advance(shard.windower.watermarkMs), out);
    out.alerts.push(...shard.alerts.advance(shard.windower.watermarkMs));
  };
  /**
   * A district's window (not stored: the city's windows are the series served): tested by the district detectors;
   * what they flag is the city's flagged window of that district, and raises the city's alert.
   */
  const observeDistrict = (shard: Shard, agg: Aggregate, code: string, city: string, out: StoreBatch) => {
    const m = gazetteer.byCode(city);
    const ctx = { utcOffsetMin: m?.utcOffsetMin ?? 180 };
    for (const d of shard.districtDetectors ?? []) {
      if (d.bucket !== agg.bucket) continue;
      const found = d.detector.observe(agg, ctx);
      if (found === null) continue;
      const a: Anomaly = { ...found, id: `${found.id}:${city}`, municipality: city, district: code };
      out.anomalies.push(a);
      stats.anomalies++;
      raise(shard, a, a.startMs, out);
    }
  };
  /** Merge a flagged window into its alert, labelled with the known cause covering `atMs` if one does. */
  const raise = (shard: Shard, a: Anomaly, atMs: number, out: StoreBatch) => {
    const m = gazetteer.byCode(a.municipality);
    const cause = calendar.lookup(a.municipality, m?.region ?? '', a.topic, atMs, m?.utcOffsetMin ?? 180);
    out.alerts.push(
      shard.alerts.observe(a, {
        ...(m ? { population: m.population, region: m.region } : {}),
        ...(cause ? { cause } : {}),
      }),
    );
  };
  const addTerms = (shard: Shard, bursts: TermBurst[], out: StoreBatch) => {
    out.termBursts.push(...bursts);
    // A town's new word is an incident signal of its own (a story the counts of its topic did not betray):
    // it opens or grows the alert of the topic its messages had, then every open alert of the town takes it.
    for (const b of bursts) if (b.scope === 'municipality') raise(shard, termAnomaly(b), b.startMs, out);
    out.alerts.push(...shard.alerts.observeTerms(bursts));
  };

  const restoreShard = (s: ShardSnapshot): Shard => {
    if (s.version !== SNAPSHOT_VERSION || s.shards !== shardCount)
      throw new VspError(
        'VSP_CONFIG_INVALID',
        `saved state of shard ${s.shard} is version ${s.version} over ${s.shards} shards; this run has ${shardCount} shards (a topic's partition count cannot change under saved state)`,
      );
    if (s.detectors.length !== cfg.detect.length)
      throw new VspError(
        'VSP_CONFIG_INVALID',
        `saved state of shard ${s.shard} has ${s.detectors.length} detectors, the pipeline ${cfg.detect.length}`,
      );
    return {
      deduper: Deduper.restore(dedupeHorizonMs, s.deduper),
      voices: new NearDuplicates({}, s.voices),
      windower: Windower.restore(windowerOptions, s.windower),
      detectors: cfg.detect.map((d, i) => ({
        bucket: d.bucket,
        detector: createDetector({ ...d }, undefined, s.detectors[i]),
      })),
      districtDetectors: detectDistricts
        ? districtDetectorConfigs.map((d, i) => ({
            bucket: d.bucket,
            detector: createDetector({ ...d }, undefined, s.districtDetectors?.[i]),
          }))
        : null,
      alerts: new AlertTracker({ labelWaves: cfg.terms.enabled }, s.alerts),
      terms: cfg.terms.enabled ? new EmergingTerms(termOptions, s.terms) : null,
      slowRise: slowRiseOn ? new SlowRise({}, s.slowRise) : null,
      stories: cfg.stories.enabled ? new Stories({}, s.stories, neighbours) : null,
    };
  };

  return {
    stats,
    shards: shardCount,
    get watermarkMs() {
      let wm = Number.POSITIVE_INFINITY;
      for (const s of shards.values()) wm = Math.min(wm, s.windower.watermarkMs);
      return shards.size === 0 ? Number.NEGATIVE_INFINITY : wm;
    },
    get heldShards() {
      return shards.size;
    },
    restore(snapshots) {
      for (const s of snapshots) shards.set(s.shard, restoreShard(s));
    },
    feedback(items, held) {
      for (const f of items) {
        const m = gazetteer.byCode(f.municipality);
        const i = shardOfPlace(f.municipality, m?.region ?? '', shardCount);
        if (held && !held.has(i)) continue;
        // A shard not seen yet starts here (its first messages will find the verdict applied).
        const shard = shardAt(i);
        for (const d of shard.detectors) d.detector.feedback(f.municipality, f.topic, f.label, f.atMs);
        // A verdict on a city's alert tunes its districts' series too (the alert may have been raised by one).
        for (const d of shard.districtDetectors ?? [])
          for (const district of districts?.of(f.municipality) ?? [])
            d.detector.feedback(district.code, f.topic, f.label, f.atMs);
        touched.add(i);
      }
    },
    addKnownEvents(events) {
      calendar.add(events);
    },
    drop(which) {
      for (const i of which) {
        shards.delete(i);
        touched.delete(i);
      }
    },
    snapshot(which) {
      const out: ShardSnapshot[] = [];
      for (const i of which) {
        const s = shards.get(i);
        if (s === undefined) continue;
        out.push({
          version: SNAPSHOT_VERSION,
          shard: i,
          shards: shardCount,
          windower: s.windower.snapshot(),
          deduper: s.deduper.snapshot(),
          voices: s.voices.snapshot(),
          detectors: s.detectors.map((d) => d.detector.snapshot()),
          ...(s.districtDetectors
            ? { districtDetectors: s.districtDetectors.map((d) => d.detector.snapshot()) }
            : {}),
          alerts: s.alerts.snapshot(),
          ...(s.terms ? { terms: s.terms.snapshot() } : {}),
          ...(s.slowRise ? { slowRise: s.slowRise.snapshot() } : {}),
          ...(s.stories ? { stories: s.stories.snapshot() } : {}),
        });
      }
      return out;
    },
    takeTouched() {
      const t = [...touched].sort((a, b) => a - b);
      touched = new Set();
      return t;
    },
    process(records, sourceRejected = [], outcomes) {
      const nowMs = clock.nowMs();
      const out = emptyStoreBatch();
      stats.read += records.length + sourceRejected.length;
      for (const r of sourceRejected) deadLetter(out.deadLetters, r);
      const batchShards = new Set<number>();
      for (let r = 0; r < records.length; r++) {
        const rec = records[r] as RawRecord;
        // Dead letter unless it gets further (set again below).
        if (outcomes) outcomes[r] = RECORD_OUTCOME.deadLetter;
        const parsed = parseMessage(rec, nowMs, parseLimits);
        if (!parsed.ok) {
          deadLetter(out.deadLetters, parsed.rejected);
          continue;
        }
        const doc = normalise(parsed.message);
        const geo = resolveGeo(doc);
        if (geo.unknownCode) {
          deadLetter(out.deadLetters, {
            reason: 'unknown_municipality',
            stage: 'classify',
            detail: `municipality '${doc.municipality}' is not in the gazetteer`,
            raw: rec.raw,
            origin: rec.origin,
          });
          continue;
        }
        const shardNo = shardOfPlace(geo.municipalityCode, geo.regionCode, shardCount);
        if (deps.partitioned && rec.origin.kind === 'kafka' && rec.origin.partition !== shardNo) {
          deadLetter(out.deadLetters, {
            reason: 'misrouted',
            stage: 'classify',
            detail: `region '${geo.regionCode}' belongs to partition ${shardNo} of ${shardCount}, the record came on ${rec.origin.partition}: produce with \`vsplesk produce\` (it routes by region)`,
            raw: rec.raw,
            origin: rec.origin,
          });
          continue;
        }
        if (deps.owns && !deps.owns.has(shardNo))
          throw new VspError(
            'VSP_PIPELINE_WORKER_FAILED',
            `record ${JSON.stringify(rec.origin)} belongs to shard ${shardNo}, which this worker does not own (the line router and the processor disagree)`,
          );
        const shard = shardAt(shardNo);
        batchShards.add(shardNo);
        if (outcomes) outcomes[r] = RECORD_OUTCOME.dropped;
        if (!shard.deduper.firstSeen(doc.source, doc.id, doc.eventTimeMs)) {
          stats.duplicates++;
          continue;
        }
        const topic = classifyTopic(doc);
        // The normaliser returns a fresh Doc: complete it in place rather than copy ~20 fields per message.
        const cdoc = doc as ClassifiedDoc;
        cdoc.topic = topic.topic;
        cdoc.department = topic.department;
        cdoc.topicConfidence = topic.confidence;
        cdoc.municipalityCode = geo.municipalityCode;
        cdoc.regionCode = geo.regionCode;
        cdoc.geoMethod = geo.geoMethod;
        const district = deps.districts?.matchNormalised(geo.municipalityCode, cdoc.normText);
        if (district !== undefined) cdoc.district = district;
        stats.valid++;
        if (geo.municipalityCode === UNKNOWN_MUNICIPALITY) stats.unknownMunicipality++;
        // Who is counted: the author, or the voice of the campaign text this message repeats.
        const own = cdoc.author ?? `\u0000${cdoc.id}`;
        const voice = shard.voices.voiceOf({
          municipality: cdoc.municipalityCode,
          eventTimeMs: cdoc.eventTimeMs,
          author: own,
          stems: cdoc.stems,
        });
        const counted = voice === own ? cdoc.author : voice;
        const placed = shard.windower.add({
          eventTimeMs: cdoc.eventTimeMs,
          municipality: cdoc.municipalityCode,
          topic: cdoc.topic,
          source: cdoc.source,
          utcOffsetMin: geo.utcOffsetMin,
          ...(counted !== undefined ? { author: counted } : {}),
        });
        // Its district's windows too (tested for spikes of their own; they are not stored).
        if (cdoc.district !== undefined && detectDistricts)
          shard.windower.add({
            eventTimeMs: cdoc.eventTimeMs,
            municipality: cdoc.district,
            topic: cdoc.topic,
            source: cdoc.source,
            utcOffsetMin: geo.utcOffsetMin,
            ...(counted !== undefined ? { author: counted } : {}),
          });
        if (placed === 'late') {
          stats.late++;
          out.lateMessages.push(cdoc);
        } else out.messages.push(cdoc);
        if (outcomes) outcomes[r] = placed === 'late' ? RECORD_OUTCOME.late : RECORD_OUTCOME.message;
        if (shard.terms && cdoc.municipalityCode !== UNKNOWN_MUNICIPALITY)
          shard.terms.add({
            id: cdoc.id,
            municipality: cdoc.municipalityCode,
            region: cdoc.regionCode,
            topic: cdoc.topic,
            eventTimeMs: cdoc.eventTimeMs,
            ...(counted !== undefined ? { author: counted } : {}),
            tokens: cdoc.tokens,
            stems: cdoc.stems,
            stemIds: cdoc.stemIds,
          });
        if (shard.stories && cdoc.municipalityCode !== UNKNOWN_MUNICIPALITY)
          cdoc.storyId = shard.stories.add({
            id: cdoc.id,
            municipality: cdoc.municipalityCode,
            region: cdoc.regionCode,
            topic: cdoc.topic,
            eventTimeMs: cdoc.eventTimeMs,
            // Stories count accounts; a campaign's copies are flagged, and the story is flagged for them.
            ...(cdoc.author !== undefined ? { author: cdoc.author } : {}),
            copy: voice !== own,
            stems: cdoc.stems,
            stemIds: cdoc.stemIds,
            tokens: cdoc.tokens,
            streets: extractStreets(cdoc.text).map((m) => ({
              key: m.key,
              label: formatStreet({ kind: m.kind, name: m.name }),
            })),
            ...(cdoc.lat !== undefined && cdoc.lon !== undefined ? { lat: cdoc.lat, lon: cdoc.lon } : {}),
          });
        if (shard.windower.hasDue) emit(shard, shard.windower.advance(), out);
      }
      // Nothing is due any more; this only evicts windows past the allowed lateness.
      for (const i of batchShards) {
        const shard = shardAt(i);
        emit(shard, shard.windower.advance(), out);
        if (shard.stories) {
          shard.stories.advance(shard.windower.watermarkMs);
          out.stories.push(...shard.stories.take());
        }
        touched.add(i);
      }
      return out;
    },
    finish() {
      const out = emptyStoreBatch();
      for (const [i, shard] of [...shards].sort((a, b) => a[0] - b[0])) {
        emit(shard, shard.windower.flush(), out);
        if (shard.terms) addTerms(shard, shard.terms.flush(), out);
        if (shard.stories) {
          shard.stories.flush();
          out.stories.push(...shard.stories.take());
        }
        touched.add(i);
      }
      return out;
    },
  };
}
