import { describe, expect, it } from 'vitest';
import type { RawRecord, Rejected } from '../records.ts';
import type { SourceBatch } from '../source/file.ts';
import { positionAfter, positionAfterBatch, skipBefore } from './source-position.ts';

const line = (n: number): RawRecord => ({ raw: `{"n":${n}}`, origin: { kind: 'file', file: 'f', line: n } });
const bad = (n: number): Rejected => ({
  reason: 'invalid_utf8',
  stage: 'parse',
  detail: '',
  raw: '',
  origin: { kind: 'file', file: 'f', line: n },
});

async function collect(it: AsyncIterable<SourceBatch>): Promise<number[][]> {
  const out: number[][] = [];
  for await (const b of it)
    out.push(
      [...b.records, ...b.rejected].map((r) => (r.origin.kind === 'file' ? r.origin.line : -1)).sort(),
    );
  return out;
}

async function* from(batches: SourceBatch[]): AsyncGenerator<SourceBatch> {
  yield* batches;
}

describe('source positions', () => {
  it('is the next line of a file, the next record of the generator, none for Kafka (offsets of its own)', () => {
    expect(positionAfter({ kind: 'file', file: 'f', line: 7 })).toBe(8);
    expect(positionAfter({ kind: 'generator', seq: 0 })).toBe(1);
    expect(positionAfter({ kind: 'kafka', topic: 't', partition: 0, offset: '5' })).toBeUndefined();
  });

  it('a batch ends past its furthest record, dead letters included (empty lines are counted, not yielded)', () => {
    expect(positionAfterBatch({ records: [line(1), line(3)], rejected: [bad(5)] }, 0)).toBe(6);
    expect(positionAfterBatch({ records: [], rejected: [] }, 42)).toBe(42);
  });

  it('skips what was committed, also inside a batch cut differently by a new batch size', async () => {
    const batches = [
      { records: [line(1), line(2)], rejected: [bad(3)] },
      { records: [line(4), line(6)], rejected: [bad(5)] },
      { records: [line(7)], rejected: [] },
    ];
    expect(await collect(skipBefore(from(batches), 0))).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    expect(await collect(skipBefore(from(batches), 4))).toEqual([[4, 5, 6], [7]]);
    expect(await collect(skipBefore(from(batches), 6))).toEqual([[6], [7]]);
    expect(await collect(skipBefore(from(batches), 8))).toEqual([]);
  });
});
