/**
 * One voice per copy-paste campaign. A text posted with small edits by dozens of fresh accounts is one appeal, not
 * dozens of residents: counting distinct authors (the detectors' unit) does not see it. So each message of at
 * least `minStems` distinct content stems gets a MinHash signature (16 minima of seeded hashes over its stem set);
 * messages of one municipality sharing a band of 4 minima within `horizonMs`, and agreeing on at least
 * `minAgreement` of the 16 (an estimate of their Jaccard similarity), speak with one voice: the first one's author.
 * Windows, span tests and emerging terms then count that voice once.
 *
 * Short messages are left alone: two residents writing «Нет горячей воды на Ленина» is an incident, not a
 * campaign. The thresholds (10 stems, 14 of 16) are strict because residents of one street describing one
 * incident do write alike: at 8 stems and 12 of 16, similar reports of one incident merged (incidents named by
 * their words on bench:detect's year: 87.7 % → 87.2 %); at 10 and 14 it is 87.5 %, incident recall is unchanged,
 * and 19 of 20 generated campaigns still collapse. The raw author stays on the stored message;
 * only the counting changes.
 *
 * State: the signatures' bands seen within the horizon (evicted as the newest event time moves on; a message's
 * bands share one entry); deterministic for a given message order.
 */

import { STEM_IDS } from '../normalise/stem-ids.ts';

const HASHES = 16;
const ROWS = 4;
const BANDS = HASHES / ROWS;
/** Seeds of the hash family (odd constants). */
const SEEDS = Array.from({ length: HASHES }, (_, i) => (0x9e3779b1 * (i + 1)) | 1);

export interface NearDuplicateOptions {
  /** Messages with fewer distinct stems are never merged. */
  minStems: number;
  /** Signature minima that must agree (of 16) — an estimated Jaccard similarity of the stem sets. */
  minAgreement: number;
  /** How long a text keeps its voice. */
  horizonMs: number;
}

export const DEFAULT_NEAR_DUPLICATES: Readonly<NearDuplicateOptions> = Object.freeze({
  minStems: 10,
  minAgreement: 14,
  horizonMs: 24 * 3_600_000,
});

/** A band's owner: [voice, signature, event time]. */
type Entry = [string, number[], number];

export interface NearDuplicatesSnapshot {
  entries: [string, ...Entry][];
  newestMs: number;
  merged: number;
}

export interface NearDuplicateDoc {
  municipality: string;
  eventTimeMs: number;
  /** The author as counted (anonymous messages: their own id). */
  author: string;
  stems: readonly string[];
  /** Ids of `stems` (STEM_IDS), when the normaliser gave them: the distinct stems are found without a Set. */
  stemIds?: Int32Array;
}

export class NearDuplicates {
  readonly #o: NearDuplicateOptions;
  /** Band key (municipality, band, its minima) → the first message that had it. */
  readonly #bands: Map<string, Entry>;
  #newestMs: number;
  #merged: number;
  /** Scratch of `voiceOf`: the message's distinct stems (cleared after each). */
  readonly #stems = new Set<string>();
  /** Scratch of `voiceOf`: the message's band keys. */
  readonly #keys: string[] = new Array<string>(BANDS).fill('');

  constructor(options: Partial<NearDuplicateOptions> = {}, s?: NearDuplicatesSnapshot) {
    this.#o = { ...DEFAULT_NEAR_DUPLICATES, ...options };
    this.#bands = new Map();
    // A message's bands share one entry (as when it was added): consecutive equal ones are one again.
    let prev: Entry | undefined;
    for (const [k, voice, sig, atMs] of s?.entries ?? []) {
      if (prev === undefined || prev[0] !== voice || prev[2] !== atMs || agreement(prev[1], sig) !== HASHES)
        prev = [voice, sig, atMs];
      this.#bands.set(k, prev);
    }
    this.#newestMs = s?.newestMs ?? Number.NEGATIVE_INFINITY;
    this.#merged = s?.merged ?? 0;
  }

  /** Messages given another author's voice so far. */
  get merged(): number {
    return this.#merged;
  }

  /** The author this message counts as: its own, or the voice of the campaign text it repeats. */
  voiceOf(doc: NearDuplicateDoc): string {
    const sig =
      doc.stemIds !== undefined
        ? signatureOfIds(doc.stemIds, this.#o.minStems)
        : this.#signatureOf(doc.stems);
    if (sig === null) return doc.author;
    this.#evict(doc.eventTimeMs);
    const keys = this.#keys;
    let voice: string | undefined;
    for (let b = 0; b < BANDS; b++) {
      const key = bandKey(doc.municipality, b, sig);
      keys[b] = key;
      if (voice !== undefined) continue;
      const e = this.#bands.get(key);
      if (
        e &&
        Math.abs(doc.eventTimeMs - e[2]) <= this.#o.horizonMs &&
        agreement(sig, e[1]) >= this.#o.minAgreement
      )
        voice = e[0];
    }
    const as = voice ?? doc.author;
    if (as !== doc.author) this.#merged++;
    // One entry for the message's bands (never changed once set): a band costs its key and a map slot.
    const entry: Entry = [as, sig, doc.eventTimeMs];
    for (const key of keys) if (!this.#bands.has(key)) this.#bands.set(key, entry);
    return as;
  }

  /** The signature of a message's distinct stems, or null below `minStems` of them. */
  #signatureOf(docStems: readonly string[]): number[] | null {
    const stems = this.#stems;
    for (const s of docStems) stems.add(s);
    const sig = stems.size < this.#o.minStems ? null : signature(stems);
    stems.clear();
    return sig;
  }

  snapshot(): NearDuplicatesSnapshot {
    return {
      entries: [...this.#bands].map(([k, e]) => [k, ...e]),
      newestMs: this.#newestMs,
      merged: this.#merged,
    };
  }

  /** Forget bands older than the horizon behind the newest message (amortised: every half horizon). */
  #evict(atMs: number): void {
    if (atMs <= this.#newestMs) return;
    const before = this.#newestMs;
    this.#newestMs = atMs;
    if (Math.floor(atMs / (this.#o.horizonMs / 2)) === Math.floor(before / (this.#o.horizonMs / 2))) return;
    const oldest = atMs - this.#o.horizonMs;
    for (const [k, e] of this.#bands) if (e[2] < oldest) this.#bands.delete(k);
  }
}

/** A band's key: municipality, band number and its minima — the same text as `${m}\0${b}\0${minima.join(',')}`. */
function bandKey(municipality: string, b: number, sig: readonly number[]): string {
  const at = b * ROWS;
  let key = `${municipality}\u0000${b}\u0000${sig[at] as number}`;
  for (let i = at + 1; i < at + ROWS; i++) key += `,${sig[i] as number}`;
  return key;
}

/** MinHash: per seeded hash, the minimum over the stems. */
function signature(stems: Iterable<string>): number[] {
  const sig = new Array<number>(HASHES).fill(0xffffffff);
  for (const s of stems) {
    const h = fnv1a(s);
    for (let i = 0; i < HASHES; i++) {
      const v = mix(h, SEEDS[i] as number);
      if (v < (sig[i] as number)) sig[i] = v;
    }
  }
  return sig;
}

/** Each stem id's FNV-1a hash (NaN: not yet computed), and the last message (stamp) that counted the id. */
let idHash = new Float64Array(0);
let idStamp = new Int32Array(0);
let stamp = 0;
/** STEM_IDS's generation the tables are for (a reset of it empties them). */
let idGeneration = -1;

/**
 * `signature` of the stems of `ids` (repeats counted once) — the same minima, since a minimum does not depend on the
 * order — or null when fewer than `minStems` are distinct. Hashes are kept per id: a stem is hashed once.
 */
function signatureOfIds(ids: Int32Array, minStems: number): number[] | null {
  growIdTables(ids);
  stamp = stamp === 0x7fffffff ? 1 : stamp + 1;
  if (stamp === 1) idStamp.fill(0);
  const sig = new Array<number>(HASHES).fill(0xffffffff);
  let distinct = 0;
  for (let j = 0; j < ids.length; j++) {
    const id = ids[j] as number;
    if (idStamp[id] === stamp) continue;
    idStamp[id] = stamp;
    distinct++;
    let h = idHash[id] as number;
    if (Number.isNaN(h)) {
      h = fnv1a(STEM_IDS.stemOf(id));
      idHash[id] = h;
    }
    for (let i = 0; i < HASHES; i++) {
      const v = mix(h, SEEDS[i] as number);
      if (v < (sig[i] as number)) sig[i] = v;
    }
  }
  return distinct < minStems ? null : sig;
}

function growIdTables(ids: Int32Array): void {
  if (idGeneration !== STEM_IDS.generation) {
    idGeneration = STEM_IDS.generation;
    idHash = new Float64Array(0);
    idStamp = new Int32Array(0);
  }
  let max = -1;
  for (let j = 0; j < ids.length; j++) if ((ids[j] as number) > max) max = ids[j] as number;
  if (max < idHash.length) return;
  const size = Math.max(1024, 2 * (max + 1));
  const hash = new Float64Array(size).fill(Number.NaN);
  hash.set(idHash);
  idHash = hash;
  const stamps = new Int32Array(size);
  stamps.set(idStamp);
  idStamp = stamps;
}

function agreement(a: readonly number[], b: readonly number[]): number {
  let n = 0;
  for (let i = 0; i < HASHES; i++) if (a[i] === b[i]) n++;
  return n;
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A 32-bit avalanche of h under a seed (murmur3's finaliser). */
function mix(h: number, seed: number): number {
  let x = (h ^ seed) >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}
