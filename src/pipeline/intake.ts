/**
 * The pure per-message stages of a batch: parse → normalise → geography → shard → topic → district → streets.
 * Nothing here depends on what came before in the stream (no shard state), so the whole batch goes through first
 * and the stateful stages (shard-stages.ts) take the result in record order: one typed batch between the two.
 */

import { createGeoResolver } from '../classify/geo.ts';
import { createTopicClassifier } from '../classify/topic.ts';
import { extractStreets, formatStreet } from '../cluster/streets.ts';
import type { PipelineConfig } from '../config.ts';
import { VspError } from '../errors.ts';
import type { DistrictMatcher } from '../geo/districts.ts';
import { createNormaliser } from '../normalise/index.ts';
import { type ClassifiedDoc, type RawRecord, type Rejected, UNKNOWN_MUNICIPALITY } from '../records.ts';
import type { Gazetteer } from '../reference/gazetteer.ts';
import { DEFAULT_PARSE_LIMITS, parseMessage } from '../source/parse.ts';
import { RECORD_OUTCOME } from './record-outcome.ts';
import { shardOfPlace } from './shard.ts';

/** A street a message names, as the stories keep it. */
export interface NamedStreet {
  key: string;
  label: string;
}

/** The messages of a batch that reached a shard, in record order (column i is message i). */
export interface IntakeBatch {
  docs: ClassifiedDoc[];
  /** The shard each message belongs to. */
  shard: Int32Array;
  /** The record each message came from (its index in the batch's records). */
  record: Int32Array;
  /** The municipality's UTC offset (local-day windows). */
  utcOffsetMin: Int32Array;
  /** Streets each message names (empty when stories are off). */
  streets: (readonly NamedStreet[])[];
}

export interface IntakeDeps {
  gazetteer: Gazetteer;
  shards: number;
  /** Records come from a partitioned source whose partition is their shard (Kafka): checked, not computed. */
  partitioned?: boolean;
  districts?: DistrictMatcher;
  /** The shards this processor may hold; a record of another one throws (the router and the processor disagree). */
  owns?: ReadonlySet<number>;
}

export type Intake = (
  records: readonly RawRecord[],
  nowMs: number,
  deadLetter: (r: Rejected) => void,
  outcomes?: Uint8Array,
) => IntakeBatch;

const NO_STREETS: readonly NamedStreet[] = Object.freeze([]);

export function createIntake(cfg: PipelineConfig, deps: IntakeDeps): Intake {
  const normalise = createNormaliser();
  const classifyTopic = createTopicClassifier();
  const resolveGeo = createGeoResolver(deps.gazetteer);
  const parseLimits = { ...DEFAULT_PARSE_LIMITS, ...cfg.parse };
  const storiesOn = cfg.stories.enabled;

  return (records, nowMs, deadLetter, outcomes) => {
    const docs: ClassifiedDoc[] = [];
    const shard = new Int32Array(records.length);
    const record = new Int32Array(records.length);
    const utcOffsetMin = new Int32Array(records.length);
    const streets: (readonly NamedStreet[])[] = [];
    for (let r = 0; r < records.length; r++) {
      const rec = records[r] as RawRecord;
      // Dead letter unless it gets further (set again below and by the shard stages).
      if (outcomes) outcomes[r] = RECORD_OUTCOME.deadLetter;
      const parsed = parseMessage(rec, nowMs, parseLimits);
      if (!parsed.ok) {
        deadLetter(parsed.rejected);
        continue;
      }
      const doc = normalise(parsed.message);
      const geo = resolveGeo(doc);
      if (geo.unknownCode) {
        deadLetter({
          reason: 'unknown_municipality',
          stage: 'classify',
          detail: `municipality '${doc.municipality}' is not in the gazetteer`,
          raw: rec.raw,
          origin: rec.origin,
        });
        continue;
      }
      const shardNo = shardOfPlace(geo.municipalityCode, geo.regionCode, deps.shards);
      if (deps.partitioned && rec.origin.kind === 'kafka' && rec.origin.partition !== shardNo) {
        deadLetter({
          reason: 'misrouted',
          stage: 'classify',
          detail: `region '${geo.regionCode}' belongs to partition ${shardNo} of ${deps.shards}, the record came on ${rec.origin.partition}: produce with \`vsplesk produce\` (it routes by region)`,
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
      if (outcomes) outcomes[r] = RECORD_OUTCOME.dropped;
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
      const i = docs.length;
      docs.push(cdoc);
      shard[i] = shardNo;
      record[i] = r;
      utcOffsetMin[i] = geo.utcOffsetMin;
      // Stories take the streets (they gather no messages of an unknown place).
      streets.push(
        storiesOn && geo.municipalityCode !== UNKNOWN_MUNICIPALITY ? namedStreets(cdoc.text) : NO_STREETS,
      );
    }
    const n = docs.length;
    return {
      docs,
      shard: shard.subarray(0, n),
      record: record.subarray(0, n),
      utcOffsetMin: utcOffsetMin.subarray(0, n),
      streets,
    };
  };
}

function namedStreets(text: string): readonly NamedStreet[] {
  const found = extractStreets(text);
  return found.length === 0
    ? NO_STREETS
    : found.map((m) => ({ key: m.key, label: formatStreet({ kind: m.kind, name: m.name }) }));
}
