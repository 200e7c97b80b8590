/**
 * The per-key numbers of a Baseline (baseline.ts), five to a key, in one growing Float64Array: a key costs its id
 * in a Map and 40 bytes, where an object of five numbers cost ~150 (each double field boxed), and the collector
 * has one array to trace instead of tens of thousands of objects. Keys are never removed (a key is a
 * municipality × topic: the gazetteer bounds them); they keep the order they were added in, which snapshots keep.
 *
 * @example const k = levels.add('63701000\u0000roads', 1, 48, t, NaN, 0); levels.data[k + SUM] += 2;
 */

/** Offsets of a key's fields from its slot. */
export const SUM = 0;
export const EXPOSURE = 1;
export const AT_MS = 2;
export const LAST_START_MS = 3;
export const LAST_VALUE = 4;
const FIELDS = 5;

export class KeyLevels {
  readonly #slots = new Map<string, number>();
  #data = new Float64Array(FIELDS * 64);

  get size(): number {
    return this.#slots.size;
  }

  /** The numbers, a key's at `slot + field`; a new array after `add` grows it (do not hold it across one). */
  get data(): Float64Array {
    return this.#data;
  }

  /** The key's slot, or undefined when it has none. */
  slotOf(id: string): number | undefined {
    return this.#slots.get(id);
  }

  /** Adds a key (not already present) with its numbers; returns its slot. */
  add(
    id: string,
    sum: number,
    exposure: number,
    atMs: number,
    lastStartMs: number,
    lastValue: number,
  ): number {
    const slot = this.#slots.size * FIELDS;
    if (slot + FIELDS > this.#data.length) {
      const grown = new Float64Array(this.#data.length * 2);
      grown.set(this.#data);
      this.#data = grown;
    }
    const d = this.#data;
    d[slot + SUM] = sum;
    d[slot + EXPOSURE] = exposure;
    d[slot + AT_MS] = atMs;
    d[slot + LAST_START_MS] = lastStartMs;
    d[slot + LAST_VALUE] = lastValue;
    this.#slots.set(id, slot);
    return slot;
  }

  /** [id, slot] in the order the keys were added. */
  entries(): IterableIterator<[string, number]> {
    return this.#slots.entries();
  }
}
