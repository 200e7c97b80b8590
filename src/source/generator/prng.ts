/**
 * A small, fast, seeded PRNG: sfc32 (Chris Doty-Humphrey's "Small Fast Counting" generator, PractRand), seeded
 * through splitmix32 so that any 32-bit seed and a string salt give independent streams. Deterministic across
 * platforms: only 32-bit integer arithmetic (`Math.imul`, `>>> 0`).
 *
 * @example
 * const rng = createPrng(42);
 * rng.next(); // a float in [0, 1)
 */
export interface Prng {
  /** Uniform float in [0, 1), 32 bits of resolution. */
  next(): number;
  /** Uniform unsigned 32-bit integer. */
  nextUint32(): number;
  /** Uniform integer in [0, n) for 1 ≤ n ≤ 2^32. */
  int(n: number): number;
}

/** FNV-1a of a string, for turning salts ("stream", "plan") into seed material. */
export function hashString32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** One splitmix32 step: returns [output, nextState]. Used for seeding and for stateless hashing. */
export function splitmix32(state: number): [number, number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  z ^= z >>> 15;
  return [z >>> 0, next];
}

/** Stateless 32-bit mix of two integers (splitmix32 finaliser): stable ids from (seed, index). */
export function mix32(a: number, b: number): number {
  return splitmix32((Math.imul(a | 0, 0x85ebca6b) ^ (b | 0)) | 0)[0];
}

/** Raw sfc32 from four 32-bit words, exactly as published (no warm-up): for reference tests. */
export function sfc32(a0: number, b0: number, c0: number, d0: number): () => number {
  let a = a0 | 0;
  let b = b0 | 0;
  let c = c0 | 0;
  let d = d0 | 0;
  return () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
}

/** A PRNG for `seed` (any number; non-integers are truncated) and an optional salt naming the stream. */
export function createPrng(seed: number, salt = ''): Prng {
  let s = (Math.trunc(seed) ^ hashString32(salt)) | 0;
  const words: number[] = [];
  for (let i = 0; i < 4; i++) {
    const [out, next] = splitmix32(s);
    words.push(out);
    s = next;
  }
  const raw = sfc32(words[0] ?? 0, words[1] ?? 0, words[2] ?? 0, words[3] ?? 0);
  for (let i = 0; i < 12; i++) raw();
  return {
    next: () => raw() / 4294967296,
    nextUint32: raw,
    int: (n: number) => Math.floor((raw() / 4294967296) * n),
  };
}
