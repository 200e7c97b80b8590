/**
 * Which worker thread owns which shard for a run (pipeline/shard-workers.ts): the largest shards first, each to
 * the worker with the fewest lines so far (longest-processing-time-first), by the lines of the run's first batch.
 * Ownership never changes the output (a shard's results depend on its own lines only), only how evenly the
 * workers are busy.
 * @example assignShards([4290, 4968, 12586, 24988], 2) → [1, 1, 1, 0] (24,988 vs 21,844 lines; i mod 2: 29,956 vs 16,876)
 */
export function assignShards(linesPerShard: readonly number[], workers: number): number[] {
  const load = new Array<number>(workers).fill(0);
  // Ties on lines: the worker with fewer shards (shards with no lines yet are spread, not piled on worker 0).
  const held = new Array<number>(workers).fill(0);
  const owner = new Array<number>(linesPerShard.length).fill(0);
  const order = linesPerShard
    .map((n, shard) => ({ n, shard }))
    .sort((a, b) => b.n - a.n || a.shard - b.shard);
  const lighter = (i: number, w: number) =>
    (load[i] as number) < (load[w] as number) ||
    (load[i] === load[w] && (held[i] as number) < (held[w] as number));
  for (const { n, shard } of order) {
    let w = 0;
    for (let i = 1; i < workers; i++) if (lighter(i, w)) w = i;
    owner[shard] = w;
    load[w] = (load[w] as number) + n;
    held[w] = (held[w] as number) + 1;
  }
  return owner;
}
