/**
 * Groups of items keyed by an end time, taken out in ascending order of that time: a binary min-heap of the
 * distinct end times plus one array per end time. Windows of many keys share an end time, so the heap stays
 * small (distinct ends), and closing a watermark step costs O(closed + log distinct ends).
 */
export class EndQueue<T> {
  readonly #heap: number[] = [];
  readonly #groups = new Map<number, T[]>();
  #size = 0;

  get size(): number {
    return this.#size;
  }

  push(endMs: number, item: T): void {
    let group = this.#groups.get(endMs);
    if (group === undefined) {
      group = [];
      this.#groups.set(endMs, group);
      this.#heapPush(endMs);
    }
    group.push(item);
    this.#size++;
  }

  /** Smallest end time held, or +∞ when empty. */
  peekEndMs(): number {
    return this.#heap.length > 0 ? (this.#heap[0] as number) : Number.POSITIVE_INFINITY;
  }

  /** Remove and return the group with the smallest end time (caller checks `peekEndMs` first). */
  popGroup(): { endMs: number; items: T[] } | undefined {
    if (this.#heap.length === 0) return undefined;
    const endMs = this.#heapPop();
    const items = this.#groups.get(endMs) as T[];
    this.#groups.delete(endMs);
    this.#size -= items.length;
    return { endMs, items };
  }

  /** Every item in the order `popGroup` would return them (ascending end, insertion order within an end). */
  *items(): Generator<T> {
    for (const end of [...this.#heap].sort((a, b) => a - b)) yield* this.#groups.get(end) as T[];
  }

  #heapPush(x: number): void {
    const h = this.#heap;
    let i = h.length;
    h.push(x);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = h[parent] as number;
      if (p <= x) break;
      h[i] = p;
      i = parent;
    }
    h[i] = x;
  }

  #heapPop(): number {
    const h = this.#heap;
    const top = h[0] as number;
    const last = h.pop() as number;
    const n = h.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && (h[r] as number) < (h[l] as number) ? r : l;
        if ((h[c] as number) >= last) break;
        h[i] = h[c] as number;
        i = c;
      }
      h[i] = last;
    }
    return top;
  }
}
