/**
 * The stages in order, for one batch: parse → normalise → classify (topic, geography) → dedupe → window →
 * detect. No I/O: it turns raw records into what the store writes in one transaction (`StoreBatch`) and keeps
 * only bounded state (open windows, per-key baselines, a time-bounded id set). The runner (run.ts) owns I/O.
 */

import { Deduper } from '../classify/dedupe.ts';
import { createGeoResolver, createUtcOffsetLookup } from '../classify/geo.ts';
import { createTopicClassifier } from '../classify/topic.ts';
import type { Clock } from '../clock.ts';
import type { PipelineConfig } from '../config.ts';
import { createDetector } from '../detect/index.ts';
import { createNormaliser } from '../normalise/index.ts';
import {
  type Aggregate,
  type Anomaly,
  type Bucket,
  type ClassifiedDoc,
  type RawRecord,
  type Rejected,
  type ReplayMessage,
  type ReplayWindow,
  type RunStats,
  UNKNOWN_MUNICIPALITY,
} from '../records.ts';
import type { Gazetteer } from '../reference/gazetteer.ts';
import { DEFAULT_PARSE_LIMITS, parseMessage } from '../source/parse.ts';
import { Windower } from '../window/windower.ts';
import { emptyStats } from './stats.ts';

/** What one batch produced: written by the store in one transaction. */
export interface StoreBatch {
  messages: ClassifiedDoc[];
  lateMessages: ClassifiedDoc[];
  aggregates: Aggregate[];
  anomalies: Anomaly[];
  deadLetters: Rejected[];
  /** Source offsets this batch completes (Kafka): committed in the same transaction. */
  offsets?: { source: string; partition: number; offset: string }[];
  /** The source's watermark after this batch, committed with the offsets (restart rebuild). */
  watermark?: { source: string; watermarkMs: number };
}

/** Complaints per resident per hour (DESIGN.md: ~0.13 per 1,000 a day), spread over ~20 topics: a cold-start prior. */
const PRIOR_PER_RESIDENT_HOUR = 0.13 / 1000 / 24 / 20;

/**
 * Source progress for a partitioned source (Kafka): the watermark is the minimum, over the partitions that
 * still have data to deliver, of the newest event time read from each, minus the allowed delay. A partition
 * read ahead of the others therefore does not make their messages late.
 */
export interface PartitionProgress {
  /** Partitions ("topic:partition") assigned and not yet caught up with their end. */
  pending: readonly string[];
}

/** A stored closed window of a bucket. */
export type RestoredWindow = ReplayWindow & { bucket: Bucket };

/**
 * What a restarted processor needs to continue exactly where the last committed batch left off: the watermark
 * committed with the offsets, every stored message the open and retained windows hold (event time ≥
 * watermark − lateness − one day), and recent closed windows for the detectors, in closing order.
 */
export interface RestoreInput {
  watermarkMs: number;
  messages: Iterable<ReplayMessage>;
  windows: Iterable<RestoredWindow>;
}

export interface Processor {
  /** Rebuild state after a restart, before the first `process` (see RestoreInput). Emits nothing. */
  restore(input: RestoreInput): void;
  /** The event-time watermark (−∞ before any progress). */
  readonly watermarkMs: number;
  process(
    records: readonly RawRecord[],
    sourceRejected?: readonly Rejected[],
    progress?: PartitionProgress,
  ): StoreBatch;
  /** End of a finite stream: closes every window. */
  finish(): StoreBatch;
  readonly stats: RunStats;
}

export function createProcessor(
  cfg: PipelineConfig,
  deps: { gazetteer: Gazetteer; clock: Clock; partitioned?: boolean },
): Processor {
  const { gazetteer, clock } = deps;
  const normalise = createNormaliser();
  const classifyTopic = createTopicClassifier();
  const resolveGeo = createGeoResolver(gazetteer);
  const deduper = new Deduper(cfg.window.allowedLatenessMs + cfg.window.allowedDelayMs + 3_600_000);
  const windower = new Windower({
    buckets: [...cfg.window.buckets],
    allowedDelayMs: cfg.window.allowedDelayMs,
    allowedLatenessMs: cfg.window.allowedLatenessMs,
    watermark: deps.partitioned ? 'external' : 'max-event-time',
  });
  /** Newest event time read per partition (partitioned sources only). */
  const partitionMaxMs = new Map<string, number>();
  const partitionedWatermark = (progress: PartitionProgress | undefined): number | undefined => {
    const pending = progress?.pending ?? [];
    // Caught up everywhere: what was read is complete up to the newest event of any partition.
    let eventMs = pending.length === 0 ? Math.max(...partitionMaxMs.values()) : Number.POSITIVE_INFINITY;
    for (const p of pending) eventMs = Math.min(eventMs, partitionMaxMs.get(p) ?? Number.NEGATIVE_INFINITY);
    const wm = eventMs - cfg.window.allowedDelayMs;
    return Number.isFinite(wm) && wm > windower.watermarkMs ? wm : undefined;
  };
  const detectors = cfg.detect.map((d) => ({ bucket: d.bucket, detector: createDetector({ ...d }) }));
  const stats = emptyStats();
  const parseLimits = { ...DEFAULT_PARSE_LIMITS, ...cfg.parse };

  const deadLetter = (out: Rejected[], r: Rejected) => {
    out.push(r);
    stats.deadLettered++;
    stats.deadByReason[r.reason] = (stats.deadByReason[r.reason] ?? 0) + 1;
  };

  const detect = (aggregates: Aggregate[]): Anomaly[] => {
    const found: Anomaly[] = [];
    for (const agg of aggregates) {
      if (agg.municipality === UNKNOWN_MUNICIPALITY) continue; // a mixed bag of places: no baseline means anything
      const m = gazetteer.byCode(agg.municipality);
      const ctx = {
        utcOffsetMin: m?.utcOffsetMin ?? 180,
        ...(m ? { priorPerHour: m.population * PRIOR_PER_RESIDENT_HOUR } : {}),
      };
      for (const d of detectors) {
        if (d.bucket !== agg.bucket) continue;
        const a = d.detector.observe(agg, ctx);
        if (a) found.push(a);
      }
    }
    stats.windowsEmitted += aggregates.length;
    stats.anomalies += found.length;
    return found;
  };

  const offsetOf = createUtcOffsetLookup(gazetteer);
  return {
    stats,
    get watermarkMs() {
      return windower.watermarkMs;
    },
    restore(input) {
      for (const m of input.messages) {
        deduper.firstSeen(m.source, m.id, m.eventTimeMs);
        if (m.late) continue;
        windower.add({
          eventTimeMs: m.eventTimeMs,
          municipality: m.municipality,
          topic: m.topic,
          source: m.source,
          utcOffsetMin: offsetOf(m.municipality, m.region),
          ...(m.author !== null ? { author: m.author } : {}),
        });
      }
      for (const w of input.windows) {
        if (w.municipality === UNKNOWN_MUNICIPALITY) continue;
        const agg: Aggregate = { ...w, sources: {}, revision: false };
        const m = gazetteer.byCode(w.municipality);
        const ctx = {
          utcOffsetMin: m?.utcOffsetMin ?? 180,
          ...(m ? { priorPerHour: m.population * PRIOR_PER_RESIDENT_HOUR } : {}),
        };
        for (const d of detectors) if (d.bucket === w.bucket) d.detector.observe(agg, ctx);
      }
      // Windows the watermark had closed were stored (and emitted) before the restart: close them again
      // silently, so that a late message re-emits them as revisions and open ones carry on.
      if (input.watermarkMs > windower.watermarkMs) windower.advance(input.watermarkMs);
    },
    process(records, sourceRejected = [], progress) {
      const nowMs = clock.nowMs();
      const out: StoreBatch = {
        messages: [],
        lateMessages: [],
        aggregates: [],
        anomalies: [],
        deadLetters: [],
      };
      stats.read += records.length + sourceRejected.length;
      for (const r of sourceRejected) deadLetter(out.deadLetters, r);
      for (const rec of records) {
        const parsed = parseMessage(rec, nowMs, parseLimits);
        if (!parsed.ok) {
          deadLetter(out.deadLetters, parsed.rejected);
          continue;
        }
        if (rec.origin.kind === 'kafka') {
          const p = `${rec.origin.topic}:${rec.origin.partition}`;
          if (parsed.message.eventTimeMs > (partitionMaxMs.get(p) ?? Number.NEGATIVE_INFINITY))
            partitionMaxMs.set(p, parsed.message.eventTimeMs);
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
        if (!deduper.firstSeen(doc.source, doc.id, doc.eventTimeMs)) {
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
        stats.valid++;
        if (geo.municipalityCode === UNKNOWN_MUNICIPALITY) stats.unknownMunicipality++;
        const placed = windower.add({
          eventTimeMs: cdoc.eventTimeMs,
          municipality: cdoc.municipalityCode,
          topic: cdoc.topic,
          source: cdoc.source,
          utcOffsetMin: geo.utcOffsetMin,
          ...(cdoc.author !== undefined ? { author: cdoc.author } : {}),
        });
        if (placed === 'late') {
          stats.late++;
          out.lateMessages.push(cdoc);
        } else out.messages.push(cdoc);
      }
      out.aggregates = deps.partitioned
        ? windower.advance(partitionedWatermark(progress))
        : windower.advance();
      out.anomalies = detect(out.aggregates);
      return out;
    },
    finish() {
      const aggregates = windower.flush();
      return { messages: [], lateMessages: [], aggregates, anomalies: detect(aggregates), deadLetters: [] };
    },
  };
}
