import { describe, expect, it } from 'vitest';
import { bytesOf, checkpointThresholdFor } from './duckdb-options.ts';
import { memoryBudget } from './memory-budget.ts';

describe('memoryBudget', () => {
  it('gives DuckDB a quarter and the V8 old space half (MiB) of the budget', () => {
    expect(memoryBudget('1GB')).toEqual({ totalBytes: 1e9, duckdbMemoryLimit: '250MB', heapMb: 476 });
    expect(memoryBudget('2 GiB')).toEqual({ totalBytes: 2 ** 31, duckdbMemoryLimit: '536MB', heapMb: 1024 });
    // Under the limit DuckDB checkpoints at an eighth of it (duckdb-options.ts).
    expect(checkpointThresholdFor({ memoryLimit: memoryBudget('1GB').duckdbMemoryLimit })).toBe('31MB');
  });

  it('leaves room for what neither part bounds (a quarter), whatever the budget', () => {
    for (const limit of ['512MB', '1GB', '1536MB', '8GB']) {
      const b = memoryBudget(limit);
      const parts = (bytesOf(b.duckdbMemoryLimit) as number) + b.heapMb * 2 ** 20;
      expect(b.totalBytes - parts).toBeGreaterThanOrEqual(b.totalBytes / 4 - 2 ** 20);
    }
  });

  it('refuses what is not a size, and a budget below 512MB, as usage errors', () => {
    expect(() => memoryBudget('lots')).toThrow(expect.objectContaining({ code: 'VSP_CLI_USAGE' }));
    expect(() => memoryBudget('80%')).toThrow(/is not a size/);
    expect(() => memoryBudget('256MB')).toThrow(expect.objectContaining({ code: 'VSP_CLI_USAGE' }));
  });
});
