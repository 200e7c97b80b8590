import { describe, expect, it } from 'vitest';
import { assignShards } from './assign-shards.ts';

describe('assignShards', () => {
  it('deals the largest shards first to the least busy worker (bench:throughput --days 60 --municipalities 15 --seed 4)', () => {
    // Lines per shard counted with createLineRouter on that stream.
    expect(assignShards([4290, 4968, 12586, 24988], 2)).toEqual([1, 1, 1, 0]);
  });

  it('gives every worker a shard when there are enough, whatever the counts (an empty first batch: i mod N)', () => {
    expect(assignShards([0, 0, 0, 0], 2)).toEqual([0, 1, 0, 1]);
    expect(new Set(assignShards([9, 0, 0, 0, 0, 0], 3))).toEqual(new Set([0, 1, 2]));
    expect(assignShards([5], 1)).toEqual([0]);
  });
});
