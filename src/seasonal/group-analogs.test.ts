import { describe, expect, it } from 'vitest';
import { groupAnalogs } from './group-analogs.ts';
import type { Season } from './split-seasons.ts';

const season = (startDay: number, totals: number[], complete = true): Season => ({
  startDay,
  nextStartDay: startDay + 365,
  firstMonday: startDay,
  weeks: totals.map((total, index) => ({ monday: startDay + 7 * index, total, index })),
  complete,
});

describe('groupAnalogs', () => {
  it('sums the towns’ weeks per season and divides by their summed scale (hand-computed)', () => {
    const a = groupAnalogs([
      { seasons: [season(0, [1, 2])], scale: 1 },
      { seasons: [season(0, [3, 6])], scale: 3 },
    ]);
    expect(a).toEqual([{ startDay: 0, firstMonday: 0, rate: [1, 2] }]); // (1 + 3)/4, (2 + 6)/4
  });

  it('divides each season by the scale of the towns present in it, and skips incomplete seasons', () => {
    const a = groupAnalogs([
      { seasons: [season(0, [2, 4]), season(365, [4, 8])], scale: 2 },
      { seasons: [season(365, [1, 2]), season(730, [9, 9], false)], scale: 1 },
    ]);
    expect(a.map((x) => x.startDay)).toEqual([0, 365]);
    expect(a[0]?.rate).toEqual([1, 2]); // the first town alone
    expect(a[1]?.rate).toEqual([5 / 3, 10 / 3]);
  });

  it('leaves out towns without a scale', () => {
    expect(groupAnalogs([{ seasons: [season(0, [5])], scale: 0 }])).toEqual([]);
  });
});
