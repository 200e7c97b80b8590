import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { ShardSnapshot } from './process.ts';
import { serialiseState } from './serialise-state.ts';

describe('serialiseState', () => {
  it('takes one shard snapshot at a time and gives each as its gzipped JSON', () => {
    const asked: number[][] = [];
    const fake = {
      snapshot(which: Iterable<number>): ShardSnapshot[] {
        const shards = [...which];
        asked.push(shards);
        // A shard without state yet gives none (as the processor's snapshot skips it).
        return shards
          .filter((i) => i !== 2)
          .map((i) => ({ shard: i, words: ['ремонт', i] }) as unknown as ShardSnapshot);
      },
    };
    const out = serialiseState(fake, [3, 0, 2]);
    expect(asked).toEqual([[3], [0], [2]]);
    expect(out.map((s) => s.shard)).toEqual([3, 0]);
    for (const s of out) {
      const json = JSON.stringify({ shard: s.shard, words: ['ремонт', s.shard] });
      expect(gunzipSync(s.gzip).toString('utf8')).toBe(json);
      expect(s.jsonChars).toBe(json.length);
    }
  });
});
