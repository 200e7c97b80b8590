import { describe, expect, it } from 'vitest';
import { fillSeriesColumns } from './series-columns.ts';
import { bucketGrid } from './time-range.ts';

const H = 3_600_000;
const T0 = Date.UTC(2026, 0, 10);

describe('fillSeriesColumns', () => {
  it('puts every bucket on the x axis, zeros included, and rates per 100k', () => {
    const grid = bucketGrid({ fromMs: T0, toMs: T0 + 4 * H }, 'hour', 0);
    const cols = fillSeriesColumns(
      grid,
      'hour',
      [
        { at: T0 + H, count: 3, uniqueAuthors: 2 },
        { at: T0 + 3 * H, count: 1, uniqueAuthors: 1 },
      ],
      200_000,
    );
    expect(cols.x).toEqual([0, 1, 2, 3].map((h) => (T0 + h * H) / 1000));
    expect(cols.count).toEqual([0, 3, 0, 1]);
    expect(cols.uniqueAuthors).toEqual([0, 2, 0, 1]);
    expect(cols.perCapita).toEqual([0, 1.5, 0, 0.5]);
  });
});
