/**
 * Shards: the unit of state and of scale-out. A message belongs to the shard of its *region* (all of a region's
 * municipalities share a shard, so region-level learning stays local), and every piece of state — open windows,
 * the dedupe set, the detectors' baselines and topic profiles, the watermark — is per shard. A shard's results are
 * then a function of its own messages in their order alone: neither batch boundaries, nor how shards are spread
 * over processes, nor the interleaving of other shards change them. On Kafka a shard is a partition of the input
 * topic, so N processors over P partitions answer exactly as one embedded process with P shards.
 */
import { createGeoResolver } from '../classify/geo.ts';
import { normaliseText } from '../normalise/index.ts';
import { UNKNOWN_MUNICIPALITY } from '../records.ts';
import type { Gazetteer } from '../reference/gazetteer.ts';
import { DEFAULT_PARSE_LIMITS, type ParseLimits, parseMessage } from '../source/parse.ts';

/** Default shard count of the embedded pipeline; equal to the partitions `scripts/kafka.sh topic` creates. */
export const DEFAULT_SHARDS = 4;

/** The shard (= Kafka partition) of a region: FNV-1a of the 2-digit region code ('' when unknown), mod `shards`. */
export function shardOf(regionCode: string, shards: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < regionCode.length; i++) {
    h ^= regionCode.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % shards;
}

/**
 * The shard of a resolved place. Messages of no known municipality all go to the shard of region '' whatever
 * region they name: their windows share one key (UNKNOWN_MUNICIPALITY, topic), which must live in one shard.
 */
export function shardOfPlace(municipalityCode: string, regionCode: string, shards: number): number {
  return shardOf(municipalityCode === UNKNOWN_MUNICIPALITY ? '' : regionCode, shards);
}

/**
 * The region of a raw NDJSON line, as the pipeline's geography will resolve it, without parsing the whole line
 * when it carries an OKTMO code the gazetteer knows (the common case). `undefined` when the line names no
 * known municipality: the caller falls back to the full geography (or to any partition for a broken line).
 * Only a code JSON.parse is sure to read as the top-level `municipality` is taken: one `"municipality"` in the
 * line, at depth 1, and no `\u` escape (which could spell the key a second time). A nested object's field or a
 * repeated key (JSON.parse keeps the last) must not pick the shard, or a worker would hold state of a shard it
 * does not own.
 */
export function regionOfLine(line: string, gazetteer: Gazetteer): string | undefined {
  const m = /"municipality"\s*:\s*"(\d{8,11})"/.exec(line);
  if (!m?.[1]) return undefined;
  if (line.indexOf('"municipality"', m.index + 1) !== -1 || line.includes('\\u')) return undefined;
  if (depthAt(line, m.index) !== 1) return undefined;
  return gazetteer.byCode(m[1].slice(0, 8))?.region;
}

/** Object/array nesting depth of JSON text at `end` (outside strings); only called where `end` is outside one. */
function depthAt(json: string, end: number): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < end; i++) {
    const c = json.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \\ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) depth++;
    else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
  return inString ? -1 : depth;
}

/**
 * The shard of a raw line exactly as the processor will place it: the OKTMO code when it has a known one, else
 * the full parse → normalise → geography path (coordinates, place names in the text). `undefined` for a line
 * the processor will dead-letter anyway (it may go to any partition). Give it the processor's `nowMs` and parse
 * limits when it must agree with the processor on a line near the future-timestamp or text-length limits.
 */
export function createLineRouter(
  gazetteer: Gazetteer,
  shards: number,
  limits: ParseLimits = DEFAULT_PARSE_LIMITS,
): (line: string, nowMs?: number) => number | undefined {
  const resolveGeo = createGeoResolver(gazetteer);
  return (line, nowMs = Date.now()) => {
    const region = regionOfLine(line, gazetteer);
    if (region !== undefined) return shardOf(region, shards);
    const parsed = parseMessage({ raw: line, origin: { kind: 'generator', seq: 0 } }, nowMs, limits);
    if (!parsed.ok) return undefined;
    // The geography reads the normalised text only (the normaliser's normText is normaliseText(text), tested in
    // normalise/hostile-text.test.ts): no tokens or stems, the costly part, for a line a worker normalises again.
    const geo = resolveGeo({ ...parsed.message, normText: normaliseText(parsed.message.text) });
    return geo.unknownCode ? undefined : shardOfPlace(geo.municipalityCode, geo.regionCode, shards);
  };
}
