/**
 * The DuckDB instance's settings from the store's options. The one rule with a reason beyond passing a value on:
 * until a checkpoint, DuckDB keeps in memory what the WAL holds, so the WAL size that triggers a checkpoint must
 * leave room under a memory limit. Measured (bench/national.ts --store, 1,090 municipalities, ~65 MB of shard
 * state per batch): memory_limit 512MB with the 256MB threshold ran out of memory on the fifth simulated day
 * (WAL 257 MB, DuckDB's allocator at 310 MB and climbing ~50 MB a batch); checkpointing after every batch held
 * DuckDB at ~12 MB. So under a limit the threshold is an eighth of it (16MB … 256MB).
 *
 * And under a limit a batch that saved shard state is checkpointed at once. The state row is upserted (INSERT … ON
 * CONFLICT DO UPDATE); DuckDB keeps an updated string's versions in allocator memory, ~3.5× the new value, and
 * the automatic checkpoint at commit skips every other such commit: 4 shards × 12 MB of JSON held 256 MB after
 * each second commit, and at national scale (~50 MB of state a batch) a 238 MiB limit ran out on the fifth batch.
 * With a CHECKPOINT after the commit DuckDB held 1 MB and the file two versions (147 MB). (Delete + insert instead
 * of the upsert avoids the memory but the file grows by every version: the deleted rows' blocks are not reused.)
 */

const UNITS: Readonly<Record<string, number>> = {
  B: 1,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  TB: 1e12,
  KIB: 2 ** 10,
  MIB: 2 ** 20,
  GIB: 2 ** 30,
  TIB: 2 ** 40,
};

/**
 * Bytes of a DuckDB memory setting ('512MB', '1 GiB'; DuckDB's units: KB = 1,000 bytes, KiB = 1,024); undefined
 * for anything else (DuckDB then reports the bad value itself).
 * @example bytesOf('512MB') // → 512000000
 */
export function bytesOf(setting: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(setting);
  const unit = UNITS[(m?.[2] || 'B').toUpperCase()];
  return m && unit !== undefined ? Number(m[1]) * unit : undefined;
}

/** DuckDB's checkpoint_threshold: given, or 256MB, or under a memory limit an eighth of it within 16MB … 256MB. */
export function checkpointThresholdFor(o: { checkpointThreshold?: string; memoryLimit?: string }): string {
  if (o.checkpointThreshold !== undefined) return o.checkpointThreshold;
  const limit = o.memoryLimit === undefined ? undefined : bytesOf(o.memoryLimit);
  if (limit === undefined) return '256MB';
  return `${Math.min(256, Math.max(16, Math.floor(limit / 8 / 1e6)))}MB`;
}

/** Whether the store checkpoints after each batch that saved shard state: under a memory limit. */
export function checkpointAfterStateFor(o: { memoryLimit?: string }): boolean {
  return o.memoryLimit !== undefined;
}

export function duckdbOptions(o: {
  threads?: number;
  checkpointThreshold?: string;
  memoryLimit?: string;
}): Record<string, string> {
  const options: Record<string, string> = { checkpoint_threshold: checkpointThresholdFor(o) };
  if (o.threads !== undefined) options.threads = String(o.threads);
  if (o.memoryLimit !== undefined) options.memory_limit = o.memoryLimit;
  return options;
}
