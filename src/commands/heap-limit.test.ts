import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { needsHeapRelaunch, relaunchNodeArgs, relaunchWithHeapLimit } from './heap-limit.ts';

const dir = mkdtempSync(join(tmpdir(), 'vsplesk-heap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('heap limit from a memory budget', () => {
  it('starts again only when the heap limit exceeds the share by more than the young generation', () => {
    expect(needsHeapRelaunch(4144, 596)).toBe(true); // Node's default on this 24 GB machine
    expect(needsHeapRelaunch(644, 596)).toBe(false); // node --max-old-space-size=596: 596 + 48
    expect(needsHeapRelaunch(560, 596)).toBe(false);
  });

  it("replaces any heap size among node's arguments, keeps the others", () => {
    expect(relaunchNodeArgs(['--expose-gc', '--max-old-space-size=4096', '--import', 'tsx'], 596)).toEqual([
      '--expose-gc',
      '--import',
      'tsx',
      '--max-old-space-size=596',
    ]);
  });

  it('runs the script in a child node with the limit and passes on its exit code and arguments', async () => {
    const script = join(dir, 'child.mjs');
    writeFileSync(
      script,
      `import { getHeapStatistics } from 'node:v8';
      const mb = Math.round(getHeapStatistics().heap_size_limit / 2 ** 20);
      process.exit(mb <= 256 + 64 && process.argv[2] === 'x' ? 7 : 1);\n`,
    );
    expect(await relaunchWithHeapLimit(256, script, ['x'])).toBe(7);
    // This process (vitest) already has room for 100 GB: nothing to do.
    expect(await relaunchWithHeapLimit(100_000, script, ['x'])).toBeUndefined();
  });
});
