import { describe, expect, it } from 'vitest';
import { decodeSnapshot, encodeSnapshot } from './snapshot-text.ts';

describe('snapshot text', () => {
  const json = JSON.stringify({
    shard: 2,
    words: ['ремонт', 'дорога'],
    days: Array.from({ length: 999 }, (_, i) => ({ day: i % 7, n: 0 })),
  });

  it('round-trips compressed and plain, and reads plain JSON stored before compression', () => {
    expect(decodeSnapshot(encodeSnapshot(json, true))).toBe(json);
    expect(encodeSnapshot(json, false)).toBe(json);
    expect(decodeSnapshot(json)).toBe(json);
  });

  it('compresses: gzip in base64 behind a prefix, a fraction of the JSON', () => {
    const stored = encodeSnapshot(json, true);
    expect(stored.startsWith('gz1:')).toBe(true);
    expect(stored.length).toBeLessThan(json.length / 2);
    // Deterministic: a replayed run stores the same bytes (crash tests compare them).
    expect(encodeSnapshot(json, true)).toBe(stored);
  });
});
