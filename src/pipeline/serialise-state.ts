import { gzipJson } from '../state/gzip-json.ts';
import type { SerialisedSnapshot } from '../store/types.ts';
import type { Processor } from './process.ts';

/**
 * The given shards' state, serialised now: the batch is written while the next one is processed, and a snapshot
 * may share objects with the live state, which must not leak into the state committed with this batch. One shard
 * at a time, gzipped as its JSON is made (state/gzip-json.ts): what is alive at once is one shard's snapshot and a
 * chunk of its text, not every shard's JSON (~50 MB at national scale, two bytes a character) and its UTF-8 copy.
 */
export function serialiseState(
  processor: Pick<Processor, 'snapshot'>,
  shards: Iterable<number>,
): SerialisedSnapshot[] {
  const out: SerialisedSnapshot[] = [];
  for (const i of shards)
    for (const s of processor.snapshot([i])) {
      const { gzip, jsonChars } = gzipJson(s);
      out.push({ shard: s.shard, gzip, jsonChars });
    }
  return out;
}
