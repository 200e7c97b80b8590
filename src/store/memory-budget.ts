/**
 * One memory budget for a `vsplesk run` process (`--memory-limit 1GB`), split between the parts that can be
 * bounded: DuckDB's buffer manager (`memory_limit`, and with it the checkpoint threshold: duckdb-options.ts) and
 * V8's old generation (`--max-old-space-size`). The rest of the budget is what neither bounds: the code and
 * reference data outside the heap, V8's young generation, native buffers in flight (a batch's state as UTF-8 on its
 * way to DuckDB) and the allocator's retained pages.
 *
 * Shares measured at national scale (bench/national.ts --store, 1,090 municipalities, docs/performance.md
 * "National scale: where the memory goes"): the live heap once warm is ~260–310 MB and a batch adds its documents
 * and its state JSON (~50 MB of characters, two bytes each in V8: Cyrillic) while the previous batch is written;
 * DuckDB held ≤ ~120 MB under its limit with a checkpoint at each state commit; RSS before the first record is
 * ~175 MB (code, gazetteer, topic model).
 */
import { vspError } from '../errors.ts';
import { bytesOf } from './duckdb-options.ts';

export interface MemoryBudget {
  /** The whole budget, bytes. */
  totalBytes: number;
  /** DuckDB `memory_limit`, a quarter of the budget. */
  duckdbMemoryLimit: string;
  /** V8 `--max-old-space-size` in MiB, five eighths of the budget. */
  heapMb: number;
}

/** Below this the default pipeline's reference data and one national batch do not fit. */
export const MIN_MEMORY_LIMIT_BYTES = 512e6;

/**
 * The parts of a memory budget given as DuckDB writes memory ('1GB', '1536MB', '2 GiB').
 * @example memoryBudget('1GB') // → { totalBytes: 1e9, duckdbMemoryLimit: '250MB', heapMb: 596 }
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
    heapMb: Math.floor((totalBytes * 5) / 8 / 2 ** 20),
  };
}
