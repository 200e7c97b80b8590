import { describe, expect, it } from 'vitest';
import { assignFolds, shuffledIndices } from './cross-validate.ts';

describe('assignFolds', () => {
  it('without groups, puts shuffled position i in fold i % k', () => {
    const order = shuffledIndices(23, 7);
    const fold = assignFolds(23, 5, 7);
    for (const [i, ex] of order.entries()) expect(fold[ex]).toBe(i % 5);
  });

  it('holds out examples of one group together', () => {
    const groups = Array.from({ length: 40 }, (_, i) => (i % 10 === 3 ? 'same text' : `text ${i}`));
    const fold = assignFolds(40, 4, 7, groups);
    const dupFolds = new Set([3, 13, 23, 33].map((i) => fold[i]));
    expect(dupFolds.size).toBe(1);
    expect(new Set(fold).size).toBe(4);
  });
});
