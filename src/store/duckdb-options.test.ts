import { describe, expect, it } from 'vitest';
import { bytesOf, checkpointThresholdFor, duckdbOptions } from './duckdb-options.ts';

describe('duckdbOptions', () => {
  it('reads DuckDB memory settings in its units', () => {
    expect(bytesOf('512MB')).toBe(512e6);
    expect(bytesOf('1 GiB')).toBe(2 ** 30);
    expect(bytesOf('2gb')).toBe(2e9);
    expect(bytesOf('80%')).toBeUndefined();
  });

  it('keeps the WAL an eighth of a memory limit, 16MB … 256MB; 256MB without a limit; a given threshold as is', () => {
    expect(checkpointThresholdFor({})).toBe('256MB');
    expect(checkpointThresholdFor({ memoryLimit: '512MB' })).toBe('64MB');
    expect(checkpointThresholdFor({ memoryLimit: '64MB' })).toBe('16MB');
    expect(checkpointThresholdFor({ memoryLimit: '8GB' })).toBe('256MB');
    expect(checkpointThresholdFor({ memoryLimit: '512MB', checkpointThreshold: '1GB' })).toBe('1GB');
    expect(checkpointThresholdFor({ memoryLimit: 'lots' })).toBe('256MB');
  });

  it('passes threads and the memory limit on', () => {
    expect(duckdbOptions({ threads: 1, memoryLimit: '1GB' })).toEqual({
      checkpoint_threshold: '125MB',
      threads: '1',
      memory_limit: '1GB',
    });
  });
});
