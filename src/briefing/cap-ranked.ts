import { type Capped, MAX_ITEMS } from './types.ts';

/**
 * The first `max` items of a list by `compare` (a stable sort: equal items keep their order) and how many more.
 * @example capRanked([3, 1, 2], (a, b) => b - a, 2) → { items: [3, 2], more: 1 }
 */
export function capRanked<T>(
  items: readonly T[],
  compare: (a: T, b: T) => number,
  max = MAX_ITEMS,
): Capped<T> {
  const sorted = [...items].sort(compare);
  return { items: sorted.slice(0, max), more: Math.max(0, sorted.length - max) };
}
