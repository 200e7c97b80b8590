/**
 * One memory budget for a `vsplesk run` process (`--memory-limit 1GB`), split between the parts that can be
 * bounded: DuckDB's buffer manager (`memory_limit`, and with it the checkpoint threshold: duckdb-options.ts) and
 * V8's old generation (`--max-old-space-size`). The rest of the budget is what neither bounds: the code and
 * reference data outside the heap, V8's young generation, native buffers in flight (a batch's state as UTF-8 on its
 * way to DuckDB) and the allocator's retained pages.
 *
 * Shares measured at national scale (bench/national.ts --store, 1,090 municipalities, docs/performance.md
 * "National scale: where the memory goes"): the live heap once warm is ~260–330 MB and a batch adds its documents
 * while the previous batch is written (the state is gzipped a shard and a chunk at a time: pipeline/serialise-state.ts,
 * no longer a whole-state string in the heap); V8 lets the old space fill towards its limit before collecting, so
 * its share is what RSS gets: at five eighths (596 MiB) the 8-day national run peaked at 1,07–1,18 GB, at a half
 * (476 MiB) at 0.94 GB, heap used ≤ ~400 MB at either. DuckDB held ≤ ~120 MB under its limit with a checkpoint at
 * each state commit; RSS before the first record is ~165 MB (code, gazetteer, topic model); the store's native
 * memory outside DuckDB's limit (~350 MB with the store against ~100 without) is the rest.
 */
import { vspError } from '../errors.ts';
import { bytesOf } from './duckdb-options.ts';

export interface MemoryBudget {
  /** The whole budget, bytes. */
  totalBytes: number;
  /** DuckDB `memory_limit`, a quarter of the budget. */
  duckdbMemoryLimit: string;
  /** V8 `--max-old-space-size` in MiB, half the budget. */
  heapMb: number;
}

/** Below this the default pipeline's reference data and one national batch do not fit. */
export const MIN_MEMORY_LIMIT_BYTES = 512e6;

/**
 * The parts of a memory budget given as DuckDB writes memory ('1GB', '1536MB', '2 GiB').
 * @example memoryBudget('1GB') // → { totalBytes: 1e9, duckdbMemoryLimit: '250MB', heapMb: 476 }
 */
export function memoryBudget(limit: string): MemoryBudget {
  const totalBytes = bytesOf(limit);
  if (totalBytes === undefined)
    throw vspError('VSP_CLI_USAGE', `--memory-limit '${limit}' is not a size such as 1GB or 1536MB`);
  if (totalBytes < MIN_MEMORY_LIMIT_BYTES)
    throw vspError(
      'VSP_CLI_USAGE',
      `--memory-limit ${limit} is below ${MIN_MEMORY_LIMIT_BYTES / 1e6}MB, what the reference data and one batch need`,
    );
  return {
    totalBytes,
    duckdbMemoryLimit: `${Math.floor(totalBytes / 4 / 1e6)}MB`,
    heapMb: Math.floor(totalBytes / 2 / 2 ** 20),
  };
}
