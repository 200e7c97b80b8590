import { describe, expect, it } from 'vitest';
import { averageShapes, meanSeasonShape } from './mean-season-shape.ts';
import { splitSeasons } from './split-seasons.ts';

describe('meanSeasonShape', () => {
  it('averages √ weekly totals over complete seasons and scales to mean 1', () => {
    // Two seasons from 2023-07-01 (day 19539): each day 1 → every week 7, √7 each; shape all 1.
    const s = { firstDay: 19539, values: Array(2 * 366 + 40).fill(1) };
    const shape = meanSeasonShape(splitSeasons(s, 6));
    expect(shape).toHaveLength(52);
    for (const x of shape ?? []) expect(x).toBeCloseTo(1, 12);
    expect(meanSeasonShape(splitSeasons({ firstDay: 19539, values: Array(400).fill(0) }, 6))).toBeUndefined();
  });
  it('averages shapes', () => {
    expect(averageShapes([Array(52).fill(1), undefined, Array(52).fill(3)])?.[0]).toBe(2);
    expect(averageShapes([undefined])).toBeUndefined();
  });
});
