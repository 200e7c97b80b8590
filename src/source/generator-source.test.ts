import { describe, expect, it } from 'vitest';
import { generateStream } from './generator/index.ts';
import { parseGeneratorSpec, readGeneratorSource } from './generator-source.ts';

describe('generator source', () => {
  it('parses a spec with defaults and names unknown keys', () => {
    expect(parseGeneratorSpec('days=3,seed=9,start=2025-06-01')).toEqual({
      days: 3,
      municipalities: 20,
      seed: 9,
      startDate: '2025-06-01',
    });
    expect(() => parseGeneratorSpec('dayz=3')).toThrow(/unknown generator option 'dayz'/);
  });

  it('parses real texts and big cities', () => {
    expect(parseGeneratorSpec('days=30,texts=real,largest=3,cap=0,include=38701000+36701000')).toEqual({
      days: 30,
      municipalities: 20,
      seed: 1,
      texts: 'real',
      largestCities: 3,
      populationCap: 0,
      include: ['38701000', '36701000'],
    });
  });

  it('streams exactly the generator lines, in batches', async () => {
    const opts = { days: 3, municipalities: 2, seed: 5 };
    const expected = [...generateStream(opts).records].map((r) => r.line);
    const got: string[] = [];
    let batches = 0;
    for await (const b of readGeneratorSource(opts, 100)) {
      batches++;
      expect(b.records.length).toBeLessThanOrEqual(100);
      got.push(...b.records.map((r) => r.raw));
    }
    expect(got).toEqual(expected);
    expect(batches).toBe(Math.ceil(expected.length / 100));
  });
});
