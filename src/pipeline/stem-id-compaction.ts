/**
 * Keeps the process's stem ids (normalise/stem-ids.ts) bounded. Every stem ever met gets an id, and the stages
 * keep arrays sized to the ids (the stories' document frequencies, the near-duplicate hashes), so a long run over
 * real text — typos, names, numbers: new stems every day — would grow them without end. Past a limit, at the end
 * of a batch, the processor saves its shards (their state holds stems as strings), resets the ids and restores
 * the shards: only the stems still in state get ids again. Restore is exact (bench/output-hash.ts), so the output
 * is as without the compaction; the holders that can rebuild their ids from strings do so when they see the ids'
 * generation change.
 *
 * The limit grows to twice the live ids after a compaction, so that a state holding many stems is not compacted
 * at every batch: the table stays below max(limit, 2 × live stems) + one batch's new stems.
 */
import { STEM_IDS } from '../normalise/stem-ids.ts';
import type { ShardSnapshot } from '../state/shard-snapshot.ts';

/** Ids (≈ 60 bytes each in the table, and 12 per shard's stories and the near-duplicate hashes): ~40 MB here. */
export const DEFAULT_STEM_ID_LIMIT = 500_000;

export interface StemIdCompaction {
  /** After a batch: compacts when the ids are past the limit; whether it did. */
  afterBatch(): boolean;
  readonly compactions: number;
}

export function stemIdCompaction(
  shards: {
    /** Every shard's state (strings, through JSON: nothing shared with the live state). */
    save(): ShardSnapshot[];
    restore(saved: readonly ShardSnapshot[]): void;
  },
  limit = DEFAULT_STEM_ID_LIMIT,
): StemIdCompaction {
  let next = limit;
  let compactions = 0;
  return {
    afterBatch() {
      if (STEM_IDS.size <= next) return false;
      const saved = JSON.parse(JSON.stringify(shards.save())) as ShardSnapshot[];
      STEM_IDS.reset();
      shards.restore(saved);
      next = Math.max(limit, 2 * STEM_IDS.size);
      compactions++;
      return true;
    },
    get compactions() {
      return compactions;
    },
  };
}
