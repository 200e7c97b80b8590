/**
 * Multinomial logistic regression (softmax) over sparse feature vectors, trained by AdaGrad: a seeded example order,
 * a fixed number of epochs, an L2 penalty, optional class weights. Deterministic for given inputs. Off the hot path.
 *
 *   p = softmax(bias + W·x + β·offset),   loss = Σ_i classWeight[y_i] · −log p_i[y_i] + (l2/2)·‖W‖²
 *
 * Example (two separable classes):
 *   trainSoftmax([{ idx: [0], val: [1], y: 0 }, { idx: [1], val: [1], y: 1 }], { features: 2, classes: 2 })
 *   → weights with W[0·2+0] > W[0·2+1] and W[1·2+1] > W[1·2+0]
 */

export interface SparseExample {
  /** Feature indexes (distinct). */
  idx: ArrayLike<number>;
  /** Values, same length as idx. */
  val: ArrayLike<number>;
  /** Class index. */
  y: number;
  /** Per-class prior score added to the logits, times a learned shared scale (the lexicon). */
  offset?: ArrayLike<number>;
}

export interface SoftmaxTrainOptions {
  features: number;
  classes: number;
  epochs?: number;
  learningRate?: number;
  /** L2 penalty, applied per example step to the weights the example touches (lazy, scaled by 1/n). */
  l2?: number;
  /** Loss weight per class (default 1 each): e.g. n / (classes · n_c) for "balanced". */
  classWeight?: ArrayLike<number>;
  /** Classes that take no part in the softmax while training (their weights stay 0). */
  inactive?: ArrayLike<boolean>;
  seed?: number;
}

export interface SoftmaxWeights {
  /** features × classes, row-major: W[f·classes + c]. */
  W: Float64Array;
  bias: Float64Array;
  /** β, the learned scale of the examples' `offset` (1 if none has one). */
  offsetScale: number;
}

/** The small seeded PRNG used for example order (mulberry32). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** "Balanced" class weights n / (active classes · n_c), capped at `cap` (0 for a class with no example). */
export function balancedClassWeights(labels: readonly number[], classes: number, cap = 10): Float64Array {
  const n = new Float64Array(classes);
  for (const y of labels) n[y] = (n[y] as number) + 1;
  const present = n.filter((v) => v > 0).length;
  return n.map((nc) => (nc > 0 ? Math.min(cap, labels.length / (present * nc)) : 0));
}

export function trainSoftmax(examples: readonly SparseExample[], opts: SoftmaxTrainOptions): SoftmaxWeights {
  const k = opts.classes;
  const epochs = opts.epochs ?? 12;
  const lr = opts.learningRate ?? 0.3;
  const l2 = (opts.l2 ?? 1) / Math.max(1, examples.length);
  const W = new Float64Array(opts.features * k);
  const G = new Float64Array(opts.features * k).fill(1e-8);
  const bias = new Float64Array(k);
  const gBias = new Float64Array(k).fill(1e-8);
  const active = Array.from({ length: k }, (_, c) => !opts.inactive?.[c]);
  const cw = opts.classWeight;
  const rand = mulberry32(opts.seed ?? 1);
  const order = examples.map((_, i) => i);
  const p = new Float64Array(k);
  let beta = 1;
  let gBeta = 1e-8;
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    for (const oi of order) {
      const ex = examples[oi] as SparseExample;
      if (!active[ex.y]) continue;
      const m = ex.idx.length;
      let max = -Infinity;
      for (let c = 0; c < k; c++) {
        if (!active[c]) {
          p[c] = 0;
          continue;
        }
        let s = (bias[c] as number) + (ex.offset ? beta * (ex.offset[c] as number) : 0);
        for (let t = 0; t < m; t++) s += (ex.val[t] as number) * (W[(ex.idx[t] as number) * k + c] as number);
        p[c] = s;
        if (s > max) max = s;
      }
      let sum = 0;
      for (let c = 0; c < k; c++) {
        if (!active[c]) continue;
        const e = Math.exp((p[c] as number) - max);
        p[c] = e;
        sum += e;
      }
      const wy = cw ? (cw[ex.y] as number) : 1;
      let gB = 0;
      for (let c = 0; c < k; c++) {
        if (!active[c]) continue;
        const g = wy * ((p[c] as number) / sum - (c === ex.y ? 1 : 0));
        if (ex.offset) gB += g * (ex.offset[c] as number);
        gBias[c] = (gBias[c] as number) + g * g;
        bias[c] = (bias[c] as number) - (lr * g) / Math.sqrt(gBias[c] as number);
        for (let t = 0; t < m; t++) {
          const wi = (ex.idx[t] as number) * k + c;
          const gw = g * (ex.val[t] as number) + l2 * (W[wi] as number);
          G[wi] = (G[wi] as number) + gw * gw;
          W[wi] = (W[wi] as number) - (lr * gw) / Math.sqrt(G[wi] as number);
        }
      }
      if (ex.offset) {
        gBeta += gB * gB;
        beta -= (lr * gB) / Math.sqrt(gBeta);
      }
    }
  }
  return { W, bias, offsetScale: beta };
}
