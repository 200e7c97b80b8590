import { describe, expect, it } from 'vitest';
import { classifyStoreFailure, describeOpenFailure, describeWriteFailure } from './store-failure.ts';

// Messages as @duckdb/node-api 1.5 gave them (probed on damaged, locked and full-disk files; crash.test.ts
// provokes each for real).
const LOCKED =
  'IO Error: Could not set lock on file "/tmp/s.duckdb": Conflicting lock is held in /usr/bin/node (PID 17211). See also https://duckdb.org/docs/stable/connect/concurrency';
const NOT_DUCKDB = 'IO Error: The file "/tmp/s.duckdb" exists, but it is not a valid DuckDB database file!';
const CHECKSUM =
  'IO Error: Corrupt database file: computed checksum 11924067593587641768 does not match stored checksum 1357655078024853692 in block at location 4096';
const SHORT =
  'IO Error: Could not read enough bytes from file "/tmp/s.duckdb": attempted to read 192 bytes from location 8000';
const FULL =
  'TransactionContext Error: Failed to commit: Could not write file "/tmp/s.duckdb.wal": No space left on device';

describe('store failures', () => {
  it('classifies DuckDB messages', () => {
    expect(classifyStoreFailure(LOCKED)).toBe('locked');
    expect([NOT_DUCKDB, CHECKSUM, SHORT].map(classifyStoreFailure)).toEqual([
      'corrupt',
      'corrupt',
      'corrupt',
    ]);
    expect(classifyStoreFailure(FULL)).toBe('disk_full');
    expect(classifyStoreFailure('Catalog Error: Table with name x does not exist!')).toBe('other');
  });

  it('names the file, the holder and what to do, in one line without links', () => {
    const locked = describeOpenFailure('/tmp/s.duckdb', new Error(LOCKED));
    expect(locked).toMatch(/^\/tmp\/s\.duckdb is open read-write in another process \(PID 17211\)/);
    expect(locked).not.toContain('https://');
    expect(describeOpenFailure('/tmp/s.duckdb', new Error(CHECKSUM))).toMatch(
      /corrupt or truncated \(IO Error: Corrupt database file.*\); it was left as it is: restore it from a backup/,
    );
    const full = describeWriteFailure('/tmp/s.duckdb', new Error(FULL));
    expect(full).toMatch(/^the disk holding \/tmp\/s\.duckdb is full .*run the same command again/);
    for (const m of [locked, full]) expect(m).not.toContain('\n');
  });
});
