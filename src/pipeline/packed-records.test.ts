import { describe, expect, it } from 'vitest';
import type { RawRecord } from '../records.ts';
import { packRecords, unpackRecords } from './packed-records.ts';

describe('packed records', () => {
  it('round-trip file, generator and mixed origins unchanged (the key, Kafka-only, is not carried)', () => {
    const file: RawRecord[] = [
      { raw: '{"a":1}', origin: { kind: 'file', file: '/x.ndjson', line: 7 } },
      { raw: 'broken', origin: { kind: 'file', file: '/x.ndjson', line: 9 } },
    ];
    const gen: RawRecord[] = [{ raw: 'x', origin: { kind: 'generator', seq: 2 ** 40 } }];
    const mixed: RawRecord[] = [...file, ...gen, { raw: 'y', origin: { kind: 'file', file: '/y', line: 1 } }];
    for (const records of [file, gen, mixed, []]) {
      const packed = structuredClone(packRecords(records));
      expect(unpackRecords(packed)).toEqual(records);
    }
    expect(packRecords(file).origins.kind).toBe('file');
    expect(packRecords(gen).origins.kind).toBe('generator');
    expect(packRecords(mixed).origins.kind).toBe('list');
  });
});
