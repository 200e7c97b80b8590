/**
 * A shard's state: one instance of each stateful stage (dedupe, voices, windows, detectors, alerts, terms, slow
 * rise, stories), built fresh, restored from a snapshot, or saved as one. Nothing crosses shards.
 */

import { Deduper } from '../classify/dedupe.ts';
import { NearDuplicates } from '../classify/near-duplicates.ts';
import { type NeighboursOf, Stories } from '../cluster/stories.ts';
import type { PipelineConfig } from '../config.ts';
import { AlertTracker } from '../detect/alerts.ts';
import { EmergingTerms } from '../detect/emerging-terms.ts';
import { createDetector, type Detector } from '../detect/index.ts';
import { SlowRise } from '../detect/slow-rise.ts';
import { VspError } from '../errors.ts';
import type { Bucket } from '../records.ts';
import type { ShardSnapshot } from '../state/shard-snapshot.ts';
import { Windower, type WindowerOptions } from '../window/windower.ts';

export interface Shard {
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

export interface ShardStates {
  fresh(): Shard;
  /** Throws VSP_CONFIG_INVALID when the snapshot was taken under another shard count or detector list. */
  restore(s: ShardSnapshot): Shard;
  snapshot(shardNo: number, s: Shard): ShardSnapshot;
}

const SNAPSHOT_VERSION = 1;

export function shardStates(
  cfg: PipelineConfig,
  shardCount: number,
  neighbours: NeighboursOf,
  detectDistricts: boolean,
): ShardStates {
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
  const districtDetectorConfigs = cfg.detect.map((d) => ({
    ...d,
    pValue: d.pValue * cfg.districts.pValueScale,
  }));
  const alertOptions = { labelWaves: cfg.terms.enabled };

  return {
    fresh: () => ({
      deduper: new Deduper(dedupeHorizonMs),
      voices: new NearDuplicates(),
      windower: new Windower(windowerOptions),
      detectors: cfg.detect.map((d) => ({ bucket: d.bucket, detector: createDetector({ ...d }) })),
      districtDetectors: detectDistricts
        ? districtDetectorConfigs.map((d) => ({ bucket: d.bucket, detector: createDetector({ ...d }) }))
        : null,
      alerts: new AlertTracker(alertOptions),
      terms: cfg.terms.enabled ? new EmergingTerms(termOptions) : null,
      slowRise: slowRiseOn ? new SlowRise() : null,
      stories: cfg.stories.enabled ? new Stories({}, undefined, neighbours) : null,
    }),
    restore(s) {
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
        alerts: new AlertTracker(alertOptions, s.alerts),
        terms: cfg.terms.enabled ? new EmergingTerms(termOptions, s.terms) : null,
        slowRise: slowRiseOn ? new SlowRise({}, s.slowRise) : null,
        stories: cfg.stories.enabled ? new Stories({}, s.stories, neighbours) : null,
      };
    },
    snapshot: (shardNo, s) => ({
      version: SNAPSHOT_VERSION,
      shard: shardNo,
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
    }),
  };
}
