/**
 * A binary min-heap of records keyed by (deliveryMs, seq): the order in which a collector would hand messages
 * over. `seq` breaks ties so equal delivery times keep their creation order (determinism).
 */
export interface Pending<T> {
  deliveryMs: number;
  seq: number;
  item: T;
}

export class DeliveryQueue<T> {
  private readonly heap: Pending<T>[] = [];

  get size(): number {
    return this.heap.length;
  }

  push(p: Pending<T>): void {
    const h = this.heap;
    h.push(p);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!less(h[i] as Pending<T>, h[parent] as Pending<T>)) break;
      [h[i], h[parent]] = [h[parent] as Pending<T>, h[i] as Pending<T>];
      i = parent;
    }
  }

  /** The earliest pending delivery time, or +Infinity when empty. */
  peekMs(): number {
    return this.heap[0]?.deliveryMs ?? Number.POSITIVE_INFINITY;
  }

  pop(): Pending<T> | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && less(h[l] as Pending<T>, h[m] as Pending<T>)) m = l;
        if (r < h.length && less(h[r] as Pending<T>, h[m] as Pending<T>)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m] as Pending<T>, h[i] as Pending<T>];
        i = m;
      }
    }
    return top;
  }
}

function less<T>(a: Pending<T>, b: Pending<T>): boolean {
  return a.deliveryMs < b.deliveryMs || (a.deliveryMs === b.deliveryMs && a.seq < b.seq);
}
