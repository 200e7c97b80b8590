/**
 * An interning table for the hot path: token (read in place from the normalised text, no substring) → the
 * interned token string, its stem and the stem's id, or "stop word". Open addressing on a 32-bit FNV-1a hash of the token's
 * code units; a lookup that hits allocates nothing. Bounded: when it reaches `maxEntries` it is cleared.
 */
import type { Stemmer } from './stem.ts';
import type { StemIds } from './stem-ids.ts';

export interface TokenEntry {
  token: string;
  /** null for a stop word. */
  stem: string | null;
  /** The stem's id (stem-ids.ts); -1 for a stop word. */
  stemId: number;
}

export interface TokenTable {
  /** Entry for normText[start, end). */
  lookup(normText: string, start: number, end: number, hash: number): TokenEntry;
  readonly size: number;
}

export function createTokenTable(
  stem: Stemmer,
  stopwords: ReadonlySet<string>,
  maxEntries: number,
  stemIds: StemIds,
): TokenTable {
  // Starts small and doubles at half load, so the table stays as compact (cache-friendly) as the vocabulary.
  let capacity = 1024;
  let mask = capacity - 1;
  let hashes = new Int32Array(capacity);
  let entries: (TokenEntry | undefined)[] = new Array(capacity).fill(undefined);
  let size = 0;

  const insert = (entry: TokenEntry, hash: number): void => {
    let slot = hash & mask;
    while (entries[slot] !== undefined) slot = (slot + 1) & mask;
    entries[slot] = entry;
    hashes[slot] = hash;
    size++;
  };
  const resize = (newCapacity: number, keep: boolean): void => {
    const oldEntries = entries;
    const oldHashes = hashes;
    capacity = newCapacity;
    mask = capacity - 1;
    hashes = new Int32Array(capacity);
    entries = new Array(capacity).fill(undefined);
    size = 0;
    if (!keep) return;
    for (let i = 0; i < oldEntries.length; i++) {
      const e = oldEntries[i];
      if (e !== undefined) insert(e, oldHashes[i] as number);
    }
  };

  // Entries hold stem ids: a table reset (a compaction) empties this one too.
  let generation = stemIds.generation;
  const lookup = (text: string, start: number, end: number, hash: number): TokenEntry => {
    if (generation !== stemIds.generation) {
      generation = stemIds.generation;
      resize(1024, false);
    }
    const n = end - start;
    let slot = hash & mask;
    for (;;) {
      const e = entries[slot];
      if (e === undefined) break;
      if (hashes[slot] === hash && e.token.length === n) {
        const key = e.token;
        let i = 0;
        while (i < n && key.charCodeAt(i) === text.charCodeAt(start + i)) i++;
        if (i === n) return e;
      }
      slot = (slot + 1) & mask;
    }
    const token = text.slice(start, end);
    const st = stopwords.has(token) ? null : stem(token);
    const entry: TokenEntry = { token, stem: st, stemId: st === null ? -1 : stemIds.idOf(st) };
    if (size >= maxEntries) resize(1024, false);
    else if (size * 2 >= capacity) resize(capacity * 2, true);
    insert(entry, hash);
    return entry;
  };
  return {
    lookup,
    get size() {
      return size;
    },
  };
}
