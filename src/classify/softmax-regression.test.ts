import { describe, expect, it } from 'vitest';
import { balancedClassWeights, trainSoftmax } from './softmax-regression.ts';

const logits = (w: { W: Float64Array; bias: Float64Array }, k: number, idx: number[], val: number[]) =>
  Array.from({ length: k }, (_, c) =>
    idx.reduce((s, f, t) => s + (val[t] as number) * (w.W[f * k + c] as number), w.bias[c] as number),
  );
const argmax = (v: number[]) => v.indexOf(Math.max(...v));

describe('trainSoftmax', () => {
  // Three classes, each marked by its own feature, plus a shared noise feature (index 3).
  const data = [0, 1, 2].flatMap((y) => Array.from({ length: 5 }, () => ({ idx: [y, 3], val: [1, 0.5], y })));

  it('separates separable classes', () => {
    const w = trainSoftmax(data, { features: 4, classes: 3 });
    for (const y of [0, 1, 2]) expect(argmax(logits(w, 3, [y], [1]))).toBe(y);
  });

  it('is deterministic for a given seed', () => {
    expect(trainSoftmax(data, { features: 4, classes: 3, seed: 5 })).toEqual(
      trainSoftmax(data, { features: 4, classes: 3, seed: 5 }),
    );
  });

  it('shrinks weights as the L2 penalty grows', () => {
    const norm = (l2: number) =>
      trainSoftmax(data, { features: 4, classes: 3, l2 }).W.reduce((s, v) => s + v * v, 0);
    expect(norm(10)).toBeLessThan(norm(0.1));
  });

  it('leaves inactive classes at zero weight and learns a positive scale for a helpful offset', () => {
    const withOffset = data.map((e) => ({
      ...e,
      idx: [3],
      val: [1],
      offset: [0, 1, 2].map((c) => (c === e.y ? 1 : 0)),
    }));
    const w = trainSoftmax(withOffset, { features: 4, classes: 3, inactive: [false, false, true] });
    expect(w.bias[2]).toBe(0);
    expect(w.offsetScale).toBeGreaterThan(1);
  });
});

describe('balancedClassWeights', () => {
  it('gives n / (classes present · n_c), capped, and 0 to absent classes', () => {
    // 6 examples of class 0, 2 of class 1, none of class 2: 8/(2·6) = 0.667, 8/(2·2) = 2 (hand calculation).
    const w = balancedClassWeights([0, 0, 0, 0, 0, 0, 1, 1], 3);
    expect(w[0]).toBeCloseTo(0.6667, 4);
    expect(w[1]).toBe(2);
    expect(w[2]).toBe(0);
    expect(balancedClassWeights([0, 0, 0, 0, 0, 0, 1, 1], 3, 1.5)[1]).toBe(1.5);
  });
});
