/**
 * Median absolute value of the last `capacity` numbers pushed, kept sorted (O(capacity) per push): the robust
 * scale of the series detectors' residuals — a burst of outliers up to half the window does not move it.
 * @example const m = new RollingMad(3); for (const r of [1, -4, 2, 9]) m.push(r); m.median() // → 4 (of 4, 2, 9)
 */
export class RollingMad {
  readonly #capacity: number;
  readonly #ring: number[] = [];
  readonly #sorted: number[] = [];
  #next = 0;
  #sum = 0;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  get size(): number {
    return this.#ring.length;
  }

  push(residual: number): void {
    const a = Math.abs(residual);
    if (this.#ring.length === this.#capacity) {
      const old = this.#ring[this.#next] as number;
      this.#sorted.splice(this.#search(old), 1);
      this.#sum -= old;
      this.#ring[this.#next] = a;
      this.#next = (this.#next + 1) % this.#capacity;
    } else {
      this.#ring.push(a);
    }
    this.#sorted.splice(this.#search(a), 0, a);
    this.#sum += a;
  }

  /** The median of the absolute values held; NaN when empty. */
  median(): number {
    const s = this.#sorted;
    if (s.length === 0) return Number.NaN;
    const mid = s.length >> 1;
    return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
  }

  /** The mean of the absolute values held (the scale when over half of them are exactly 0); NaN when empty. */
  mean(): number {
    return this.#ring.length === 0 ? Number.NaN : Math.max(0, this.#sum) / this.#ring.length;
  }

  /** The smallest absolute value held that is > 0; NaN when none is. */
  smallestNonZero(): number {
    const i = this.#search(Number.MIN_VALUE);
    return i < this.#sorted.length ? (this.#sorted[i] as number) : Number.NaN;
  }

  #search(v: number): number {
    let lo = 0;
    let hi = this.#sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.#sorted[mid] as number) < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
