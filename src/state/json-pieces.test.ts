import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonPieces } from './json-pieces.ts';

const joined = (v: unknown, targetChars: number) => [...jsonPieces(v, targetChars)].join('');

describe('jsonPieces', () => {
  it('joins to exactly JSON.stringify, whatever the piece size (reference: JSON.stringify itself)', () => {
    fc.assert(
      fc.property(
        fc.anything({ withNullPrototype: true, withDate: true, withMap: true }),
        fc.integer({ min: 1, max: 64 }),
        (v, target) => {
          if (typeof v !== 'object' || v === null) return;
          expect(joined(v, target)).toBe(JSON.stringify(v));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('writes what JSON leaves out as JSON does: skipped in objects, null in arrays, toJSON used', () => {
    const long = Array.from({ length: 40 }, (_, i) =>
      i % 3 === 0 ? undefined : i % 3 === 1 ? () => i : { i },
    );
    const v = {
      a: undefined,
      f: () => 1,
      d: new Date(0),
      m: new Map([[1, 2]]),
      long,
      short: [undefined, Symbol('s')],
    };
    expect(joined(v, 8)).toBe(JSON.stringify(v));
    expect(joined({}, 1)).toBe('{}');
    expect(joined([], 1)).toBe('[]');
  });

  it('cuts a long array into pieces near the target, and a large value never into one piece', () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => ({ key: `ремонт-${i}`, n: i }));
    const pieces = [...jsonPieces({ shard: 0, rows }, 4_000)];
    expect(pieces.join('')).toBe(JSON.stringify({ shard: 0, rows }));
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(2 * 4_000);
    expect(pieces.length).toBeGreaterThan(JSON.stringify(rows).length / 8_000);
  });
});
