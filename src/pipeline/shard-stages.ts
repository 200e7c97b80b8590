/**
 * The stateful per-message stages, in record order, each message in its shard: dedupe → near-duplicate voices →
 * windows (and its district's) → emerging terms → stories; windows that close are emitted and tested at the
 * message that closes them (detect-stage.ts).
 */

import { type ClassifiedDoc, type RunStats, UNKNOWN_MUNICIPALITY } from '../records.ts';
import type { DetectStage } from './detect-stage.ts';
import type { IntakeBatch } from './intake.ts';
import type { StoreBatch } from './process.ts';
import { RECORD_OUTCOME } from './record-outcome.ts';
import type { Shard } from './shard-state.ts';

export interface ShardStagesDeps {
  shardAt: (i: number) => Shard;
  detect: DetectStage;
  stats: RunStats;
  /** District windows are kept (and tested) beside their city's. */
  detectDistricts: boolean;
}

/** Runs a batch's messages through their shards' stages; returns the shards it touched. */
export function runShardStages(
  deps: ShardStagesDeps,
  batch: IntakeBatch,
  out: StoreBatch,
  outcomes?: Uint8Array,
): Set<number> {
  const { shardAt, detect, stats } = deps;
  const batchShards = new Set<number>();
  for (let i = 0; i < batch.docs.length; i++) {
    const cdoc = batch.docs[i] as ClassifiedDoc;
    const shardNo = batch.shard[i] as number;
    const shard = shardAt(shardNo);
    batchShards.add(shardNo);
    if (!shard.deduper.firstSeen(cdoc.source, cdoc.id, cdoc.eventTimeMs)) {
      stats.duplicates++;
      continue;
    }
    stats.valid++;
    if (cdoc.municipalityCode === UNKNOWN_MUNICIPALITY) stats.unknownMunicipality++;
    const placed = placeMessage(deps, shard, cdoc, batch.utcOffsetMin[i] as number, batch.streets[i] ?? []);
    if (placed === 'late') {
      stats.late++;
      out.lateMessages.push(cdoc);
    } else out.messages.push(cdoc);
    if (outcomes)
      outcomes[batch.record[i] as number] = placed === 'late' ? RECORD_OUTCOME.late : RECORD_OUTCOME.message;
    if (shard.windower.hasDue) detect.emit(shard, shard.windower.advance(), out);
  }
  return batchShards;
}

/** One message into its shard's voices, windows, terms and stories; whether its windows took it or it was late. */
function placeMessage(
  deps: ShardStagesDeps,
  shard: Shard,
  cdoc: ClassifiedDoc,
  utcOffsetMin: number,
  streets: IntakeBatch['streets'][number],
): 'placed' | 'late' {
  // Who is counted: the author, or the voice of the campaign text this message repeats.
  const own = cdoc.author ?? `\u0000${cdoc.id}`;
  const voice = shard.voices.voiceOf({
    municipality: cdoc.municipalityCode,
    eventTimeMs: cdoc.eventTimeMs,
    author: own,
    stems: cdoc.stems,
    stemIds: cdoc.stemIds,
  });
  const counted = voice === own ? cdoc.author : voice;
  const placed = shard.windower.add({
    eventTimeMs: cdoc.eventTimeMs,
    municipality: cdoc.municipalityCode,
    topic: cdoc.topic,
    source: cdoc.source,
    utcOffsetMin,
    ...(counted !== undefined ? { author: counted } : {}),
  });
  // Its district's windows too (tested for spikes of their own; they are not stored).
  if (cdoc.district !== undefined && deps.detectDistricts)
    shard.windower.add({
      eventTimeMs: cdoc.eventTimeMs,
      municipality: cdoc.district,
      topic: cdoc.topic,
      source: cdoc.source,
      utcOffsetMin,
      ...(counted !== undefined ? { author: counted } : {}),
    });
  if (cdoc.municipalityCode === UNKNOWN_MUNICIPALITY) return placed === 'late' ? 'late' : 'placed';
  shard.terms?.add({
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
  if (shard.stories)
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
      streets,
      ...(cdoc.lat !== undefined && cdoc.lon !== undefined ? { lat: cdoc.lat, lon: cdoc.lon } : {}),
    });
  return placed === 'late' ? 'late' : 'placed';
}
