import { describe, expect, it } from 'vitest';
import { TownStemIndex } from './town-stem-index.ts';

/** The dot products a Map of stem → [slot, count][] gives, in the same order of stems (the reference). */
function reference(
  index: Map<number, Map<number, number>>,
  query: [number, number][],
  slots: number,
): number[] {
  const dots = new Array<number>(slots).fill(0);
  for (const [stem, w2] of query)
    for (const [slot, count] of index.get(stem) ?? []) dots[slot] = (dots[slot] as number) + w2 * count;
  return dots;
}

describe('TownStemIndex', () => {
  it('accumulates w2 × count into each holder slot, and marks the slots it touched', () => {
    const ix = new TownStemIndex();
    ix.setCount(ix.add(7, 0), 2);
    ix.setCount(ix.add(7, 1), 1);
    ix.setCount(ix.add(9, 1), 3);
    const dots = new Float64Array(3).fill(99);
    const marks = new Int32Array(3).fill(-1);
    ix.accumulate(7, 0.5, dots, marks, 4);
    ix.accumulate(9, 2, dots, marks, 4);
    ix.accumulate(8, 1, dots, marks, 4); // no holder
    expect([...dots]).toEqual([1, 6.5, 99]);
    expect([...marks]).toEqual([4, 4, -1]);
  });

  it('gives the same sums as a Map of holders through adds, removes, reuse and rebuilds (seeded random)', () => {
    let seed = 12345;
    const rand = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    const ix = new TownStemIndex();
    const ref = new Map<number, Map<number, number>>();
    const holders = new Map<string, number>();
    const slots = 20;
    for (let round = 0; round < 3000; round++) {
      const stem = rand(400);
      const slot = rand(slots);
      const key = `${stem}:${slot}`;
      const h = holders.get(key);
      if (h === undefined) {
        const nh = ix.add(stem, slot);
        const c = 1 + rand(5);
        ix.setCount(nh, c);
        holders.set(key, nh);
        if (!ref.has(stem)) ref.set(stem, new Map());
        ref.get(stem)?.set(slot, c);
      } else if (rand(3) === 0) {
        ix.remove(stem, h);
        holders.delete(key);
        ref.get(stem)?.delete(slot);
      } else {
        const c = 1 + rand(5);
        ix.setCount(h, c);
        ref.get(stem)?.set(slot, c);
      }
      if (round % 100 === 99) {
        const query: [number, number][] = Array.from({ length: 30 }, () => [rand(400), 0.1 + rand(10)]);
        const dots = new Float64Array(slots);
        const marks = new Int32Array(slots).fill(-1);
        for (const [stem, w2] of query) ix.accumulate(stem, w2, dots, marks, round);
        const want = reference(ref, query, slots);
        expect(Array.from(dots, (d, s) => (marks[s] === round ? d : 0))).toEqual(want);
      }
    }
    ix.clear();
    const dots = new Float64Array(slots);
    const marks = new Int32Array(slots).fill(-1);
    ix.accumulate(3, 1, dots, marks, 0);
    expect(marks.every((m) => m === -1)).toBe(true);
  });
});
