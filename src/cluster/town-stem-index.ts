/**
 * A town's open stories by stem, as typed columns: stem id → its holders (the story's slot in the town, and how many
 * of the story's messages hold the stem). A message's dot product with every story sharing a word is then a walk
 * over Int32/Float64 arrays (`accumulate`) instead of a Map lookup and an object per holder.
 *
 * Layout: an open-addressing table (linear probing) from stem id to the first holder of a doubly linked list in a
 * pool of holders (slot, count, next, prev), freed holders chained for reuse. A stem whose last holder goes keeps
 * its key (no tombstones to probe past later): the table is rebuilt from the live keys when it is half full.
 *
 * @example
 *   const ix = new TownStemIndex();
 *   const h = ix.add(7, 0); ix.setCount(h, 2);          // story slot 0 holds stem 7 in two messages
 *   const dots = new Float64Array(1), marks = new Int32Array(1).fill(-1);
 *   ix.accumulate(7, 0.5, dots, marks, 1);              // dots[0] === 1, marks[0] === 1
 */
export class TownStemIndex {
  #keys = new Int32Array(16).fill(-1);
  #heads = new Int32Array(16);
  #mask = 15;
  /** Keys in the table, with or without holders. */
  #used = 0;

  #slot = new Int32Array(16);
  #count = new Float64Array(16);
  #next = new Int32Array(16);
  #prev = new Int32Array(16);
  /** Holders ever allocated (the pool's high-water mark). */
  #top = 0;
  /** First freed holder (chained by `#next`), -1 when none. */
  #free = -1;

  /** Adds a holder of `stem` for the story in `slot` (count 0); returns the holder, for `setCount` and `remove`. */
  add(stem: number, slot: number): number {
    let h = this.#free;
    if (h >= 0) this.#free = this.#next[h] as number;
    else {
      if (this.#top === this.#slot.length) this.#growPool();
      h = this.#top++;
    }
    this.#slot[h] = slot;
    this.#count[h] = 0;
    const at = this.#find(stem);
    let head: number;
    if (at >= 0) head = this.#heads[at] as number;
    else head = -1;
    this.#prev[h] = -1;
    this.#next[h] = head;
    if (head >= 0) this.#prev[head] = h;
    if (at >= 0) this.#heads[at] = h;
    else this.#insertKey(stem, h);
    return h;
  }

  setCount(holder: number, count: number): void {
    this.#count[holder] = count;
  }

  /** Drops a holder `add` gave for `stem`. */
  remove(stem: number, holder: number): void {
    const p = this.#prev[holder] as number;
    const n = this.#next[holder] as number;
    if (n >= 0) this.#prev[n] = p;
    if (p >= 0) this.#next[p] = n;
    else {
      const at = this.#find(stem);
      if (at >= 0) this.#heads[at] = n;
    }
    this.#next[holder] = this.#free;
    this.#free = holder;
  }

  /**
   * For each holder of `stem`: `dots[slot] += w2 × count`, first setting `dots[slot] = 0` when `marks[slot]` is not
   * `mark` (and marking it). Holders in no particular order: each slot gets one term per stem.
   */
  accumulate(stem: number, w2: number, dots: Float64Array, marks: Int32Array, mark: number): void {
    const keys = this.#keys;
    const mask = this.#mask;
    let i = hashId(stem) & mask;
    for (;;) {
      const k = keys[i] as number;
      if (k === stem) break;
      if (k === -1) return;
      i = (i + 1) & mask;
    }
    const slots = this.#slot;
    const counts = this.#count;
    const next = this.#next;
    for (let h = this.#heads[i] as number; h >= 0; h = next[h] as number) {
      const s = slots[h] as number;
      if (marks[s] !== mark) {
        marks[s] = mark;
        dots[s] = 0;
      }
      dots[s] = (dots[s] as number) + w2 * (counts[h] as number);
    }
  }

  /** Forgets every holder. */
  clear(): void {
    this.#keys = new Int32Array(16).fill(-1);
    this.#heads = new Int32Array(16);
    this.#mask = 15;
    this.#used = 0;
    this.#top = 0;
    this.#free = -1;
  }

  #find(stem: number): number {
    const keys = this.#keys;
    const mask = this.#mask;
    let i = hashId(stem) & mask;
    for (;;) {
      const k = keys[i] as number;
      if (k === stem) return i;
      if (k === -1) return -1;
      i = (i + 1) & mask;
    }
  }

  #insertKey(stem: number, head: number): void {
    if ((this.#used + 1) * 2 > this.#keys.length) this.#rebuild();
    const keys = this.#keys;
    const mask = this.#mask;
    let i = hashId(stem) & mask;
    while (keys[i] !== -1) i = (i + 1) & mask;
    keys[i] = stem;
    this.#heads[i] = head;
    this.#used++;
  }

  /** Keeps the keys that have holders, in a table at most a quarter full. */
  #rebuild(): void {
    const oldKeys = this.#keys;
    const oldHeads = this.#heads;
    let live = 0;
    for (let i = 0; i < oldKeys.length; i++) if (oldKeys[i] !== -1 && (oldHeads[i] as number) >= 0) live++;
    let cap = 16;
    while (cap < (live + 1) * 4) cap *= 2;
    const keys = new Int32Array(cap).fill(-1);
    const heads = new Int32Array(cap);
    const mask = cap - 1;
    for (let j = 0; j < oldKeys.length; j++) {
      const k = oldKeys[j] as number;
      if (k === -1 || (oldHeads[j] as number) < 0) continue;
      let i = hashId(k) & mask;
      while (keys[i] !== -1) i = (i + 1) & mask;
      keys[i] = k;
      heads[i] = oldHeads[j] as number;
    }
    this.#keys = keys;
    this.#heads = heads;
    this.#mask = mask;
    this.#used = live;
  }

  #growPool(): void {
    const n = this.#slot.length * 2;
    const slot = new Int32Array(n);
    slot.set(this.#slot);
    this.#slot = slot;
    const count = new Float64Array(n);
    count.set(this.#count);
    this.#count = count;
    const next = new Int32Array(n);
    next.set(this.#next);
    this.#next = next;
    const prev = new Int32Array(n);
    prev.set(this.#prev);
    this.#prev = prev;
  }
}

/** A stem id's table position before masking (Fibonacci hashing: ids are dense, neighbours spread). */
function hashId(id: number): number {
  const h = Math.imul(id, 0x9e3779b1);
  return h ^ (h >>> 15);
}
