import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gzipJson } from './gzip-json.ts';

const state = {
  shard: 1,
  words: Array.from({ length: 5_000 }, (_, i) => [`ремонт дороги ${i}`, i]),
  detectors: [{ recent: Array.from({ length: 3_000 }, (_, i) => ({ t: i, n: i % 7 })) }],
};

describe('gzipJson', () => {
  it('gunzips to the JSON text, in one member or many (members concatenated are one gzip stream)', () => {
    const json = JSON.stringify(state);
    const one = gzipJson(state);
    const many = gzipJson(state, 10_000);
    expect(gunzipSync(one.gzip).toString('utf8')).toBe(json);
    expect(gunzipSync(many.gzip).toString('utf8')).toBe(json);
    expect(one.jsonChars).toBe(json.length);
    expect(many.jsonChars).toBe(json.length);
    // Many members: each starts with gzip's magic bytes (1f 8b).
    expect(many.gzip.toString('hex').split('1f8b08').length - 1).toBeGreaterThan(5);
    expect(many.gzip.length).toBeLessThan(Buffer.byteLength(json) / 3);
  });

  it('is deterministic: a replayed run stores the same bytes (crash tests compare them)', () => {
    expect(gzipJson(state, 10_000).gzip.equals(gzipJson(state, 10_000).gzip)).toBe(true);
  });

  it('makes valid gzip of an empty object', () => {
    expect(gunzipSync(gzipJson({}).gzip).toString()).toBe('{}');
  });
});
