import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Rejected } from '../records.ts';
import { createFileDeadLetterSink } from './dead-letter.ts';

const dir = mkdtempSync(join(tmpdir(), 'vsplesk-dead-letters-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rejected = (i: number): Rejected => ({
  reason: 'invalid_json',
  stage: 'parse',
  detail: `line ${i}`,
  raw: `{"broken": ${'x'.repeat(40_000)}`,
  origin: { kind: 'file', file: 'in.ndjson', line: i },
});

describe('file dead-letter sink', () => {
  it('appends every batch, waiting on a full buffer without leaking listeners', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    const path = join(dir, 'dl.ndjson');
    const sink = createFileDeadLetterSink(path, () => 0);
    // Each batch is over the stream's 16 KiB buffer: every write waits for 'drain'.
    for (let i = 0; i < 30; i++) await sink.write([rejected(i)]);
    await sink.close();
    await new Promise((r) => setImmediate(r));
    process.off('warning', onWarning);
    expect(warnings).not.toContain('MaxListenersExceededWarning');
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(30);
    expect(JSON.parse(lines[29] as string)).toMatchObject({ reason: 'invalid_json', detail: 'line 29' });
  });
});
