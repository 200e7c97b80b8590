import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DeliveryQueue } from './delivery-queue.ts';

describe('DeliveryQueue', () => {
  it('pops in (deliveryMs, seq) order, whatever the push order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 200 }), (times) => {
        const q = new DeliveryQueue<number>();
        times.forEach((t, seq) => {
          q.push({ deliveryMs: t, seq, item: seq });
        });
        const out: [number, number][] = [];
        while (q.size > 0) {
          const p = q.pop();
          if (p) out.push([p.deliveryMs, p.seq]);
        }
        const expected = times
          .map((t, seq) => [t, seq] as [number, number])
          .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        expect(out).toEqual(expected);
      }),
    );
  });
  it('reports +Infinity when empty', () => {
    expect(new DeliveryQueue().peekMs()).toBe(Number.POSITIVE_INFINITY);
  });
});
