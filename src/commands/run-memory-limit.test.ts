import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './test-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'vsplesk-memlimit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = runCli;
const events = (stderr: string) =>
  stderr
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('vsplesk run --memory-limit', () => {
  it('runs with DuckDB at a quarter of the budget (checkpoint at an eighth of that) and the heap at half', async () => {
    const db = join(dir, 'a.duckdb');
    const source = 'generator:days=2,municipalities=3,seed=1';
    const r = await cli([
      'run',
      '--source',
      source,
      '--db',
      db,
      '--progress',
      'off',
      '--memory-limit',
      '1GB',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const memory = events(r.stderr).find((e) => e.event === 'memory');
    expect(memory).toMatchObject({
      memoryLimit: '1GB',
      duckdbMemoryLimit: '238.4 MiB', // 250MB as DuckDB prints it
      checkpointThreshold: '29.5 MiB', // 31MB
    });
    // --max-old-space-size=476 plus V8's young generation.
    expect(memory?.heapLimitMb).toBeGreaterThan(476);
    expect(memory?.heapLimitMb).toBeLessThanOrEqual(476 + 64);
    expect(events(r.stderr).find((e) => e.event === 'done')).toMatchObject({ deadLettered: 0 });
  }, 120_000);

  it('refuses a budget below 512MB and a value that is not a size, before doing anything', async () => {
    for (const limit of ['256MB', 'lots']) {
      const r = await cli([
        'run',
        '--source',
        'generator:days=1',
        '--db',
        join(dir, 'b.duckdb'),
        '--memory-limit',
        limit,
      ]);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/--memory-limit/);
    }
  }, 60_000);
});
