import { describe, expect, it } from 'vitest';
import { gzipJson } from '../state/gzip-json.ts';
import { decodeSnapshot, encodeSnapshot, storedGzip } from './snapshot-text.ts';

describe('snapshot text', () => {
  const snapshot = {
    shard: 2,
    words: ['ремонт', 'дорога'],
    days: Array.from({ length: 999 }, (_, i) => ({ day: i % 7, n: 0 })),
  };
  const json = JSON.stringify(snapshot);

  it('round-trips, and reads plain JSON stored before state was compressed', () => {
    expect(decodeSnapshot(encodeSnapshot(snapshot))).toBe(json);
    expect(decodeSnapshot(storedGzip(gzipJson(snapshot, 100).gzip))).toBe(json);
    expect(decodeSnapshot(json)).toBe(json);
  });

  it('compresses: gzip in base64 behind a prefix, a fraction of the JSON, the same for the same state', () => {
    const stored = encodeSnapshot(snapshot);
    expect(stored.startsWith('gz1:')).toBe(true);
    expect(stored.length).toBeLessThan(json.length / 2);
    // Deterministic: a replayed run stores the same bytes (crash tests compare them).
    expect(encodeSnapshot(snapshot)).toBe(stored);
    expect(storedGzip(gzipJson(snapshot).gzip)).toBe(stored);
  });
});
