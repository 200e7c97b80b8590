/**
 * Trains the topic model (topic-model.ts) by multinomial logistic regression: AdaGrad over all examples, L2 penalty,
 * a fixed number of epochs, a seeded example order. Deterministic for given inputs. Off the hot path (used by
 * bench/classify-accuracy.ts to cross-validate and to write fixtures/models/topic-model.json).
 */
import type { TopicId } from '../records.ts';
import type { CompiledLexicon } from './lexicon.ts';
import { scoreLexiconInto } from './lexicon.ts';
import type { TopicModelJson } from './topic-model.ts';
import { softmaxInPlace } from './topic-model.ts';

export interface TrainingExample {
  /** topicFeatures(doc.stems) */
  features: readonly string[];
  /** featureCount(stems); default features.length. */
  count?: number;
  label: TopicId;
}

export interface TrainOptions {
  epochs?: number;
  learningRate?: number;
  /** L2 penalty per example step. */
  l2?: number;
  /** Features seen in fewer examples are dropped. */
  minCount?: number;
  /** Weights smaller than this are pruned from the JSON. */
  pruneBelow?: number;
  /** Scale of the learned class biases (0 = uniform prior, 1 = the training prior). */
  biasScale?: number;
  /**
   * Classes with fewer training examples are lexicon-only: left out of the softmax while training (so the data's
   * silence about them does not teach negative weights) and given the mean bias of the trained classes.
   */
  minClassExamples?: number;
  /** Added to the mean bias of the trained classes to give a lexicon-only class its bias. */
  inactiveBiasOffset?: number;
  seed?: number;
  trainedOn?: string;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function trainTopicModel(
  examples: readonly TrainingExample[],
  classes: readonly TopicId[],
  lexicon: CompiledLexicon,
  opts: TrainOptions = {},
): TopicModelJson {
  const epochs = opts.epochs ?? 10;
  const lr = opts.learningRate ?? 0.5;
  const l2 = opts.l2 ?? 1e-4;
  const minCount = opts.minCount ?? 2;
  const k = classes.length;
  const classIndex = new Map(classes.map((c, i) => [c, i]));
  const lexToClass = lexicon.topics.map((t) => classes.indexOf(t));

  const perClass = new Array<number>(k).fill(0);
  for (const ex of examples) {
    const y = classIndex.get(ex.label);
    if (y !== undefined) perClass[y] = (perClass[y] as number) + 1;
  }
  const minClassExamples = opts.minClassExamples ?? 3;
  const active = perClass.map((n) => n >= minClassExamples);

  const df = new Map<string, number>();
  for (const ex of examples) for (const f of ex.features) df.set(f, (df.get(f) ?? 0) + 1);
  const featureIndex = new Map<string, number>();
  for (const [f, n] of df) if (n >= minCount) featureIndex.set(f, featureIndex.size);

  const nf = featureIndex.size;
  const W = new Float64Array(nf * k);
  const G = new Float64Array(nf * k).fill(1e-8);
  const bias = new Float64Array(k);
  const gBias = new Float64Array(k).fill(1e-8);
  let beta = 1;
  let gBeta = 1e-8;

  const prepared = examples
    .map((ex) => {
      const idx = ex.features.map((f) => featureIndex.get(f)).filter((i): i is number => i !== undefined);
      const lexT = scoreLexiconInto(lexicon, ex.features, new Float64Array(lexicon.topics.length));
      const lexC = new Float64Array(k);
      lexT.forEach((v, t) => {
        const c = lexToClass[t] as number;
        if (c >= 0) lexC[c] = v;
      });
      const y = classIndex.get(ex.label);
      if (y === undefined) throw new Error(`label ${ex.label} is not a class`);
      if (!active[y]) return undefined;
      const count = ex.count ?? ex.features.length;
      return { idx, x: count > 0 ? 1 / Math.sqrt(count) : 0, lex: lexC, y };
    })
    .filter((e): e is NonNullable<typeof e> => e !== undefined);

  const rand = mulberry32(opts.seed ?? 1);
  const order = prepared.map((_, i) => i);
  const p = new Float64Array(k);
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    for (const oi of order) {
      const ex = prepared[oi] as (typeof prepared)[number];
      for (let c = 0; c < k; c++)
        p[c] = active[c] ? (bias[c] as number) + beta * (ex.lex[c] as number) : -Infinity;
      for (const fi of ex.idx) {
        const base = fi * k;
        for (let c = 0; c < k; c++) if (active[c]) p[c] = (p[c] as number) + ex.x * (W[base + c] as number);
      }
      softmaxInPlace(p);
      // gradient of the negative log-likelihood: p - onehot(y)
      let gB = 0;
      for (let c = 0; c < k; c++) {
        if (!active[c]) continue;
        const g = (p[c] as number) - (c === ex.y ? 1 : 0);
        gB += g * (ex.lex[c] as number);
        gBias[c] = (gBias[c] as number) + g * g;
        bias[c] = (bias[c] as number) - (lr * g) / Math.sqrt(gBias[c] as number);
        for (const fi of ex.idx) {
          const wi = fi * k + c;
          const gw = g * ex.x + l2 * (W[wi] as number);
          G[wi] = (G[wi] as number) + gw * gw;
          W[wi] = (W[wi] as number) - (lr * gw) / Math.sqrt(G[wi] as number);
        }
      }
      gBeta += gB * gB;
      beta -= (lr * gB) / Math.sqrt(gBeta);
    }
  }

  const prune = opts.pruneBelow ?? 0.15;
  const round = (v: number) => Math.round(v * 1000) / 1000;
  const weights: Record<string, number[]> = {};
  for (const [f, fi] of featureIndex) {
    // Softmax is unchanged by adding one constant to a feature's weights for every class, so each feature's weights
    // are centred on their median over the trained classes first: most then sit near 0 and are pruned.
    const ws: number[] = [];
    for (let c = 0; c < k; c++) if (active[c]) ws.push(W[fi * k + c] as number);
    ws.sort((a, b) => a - b);
    const median = ws.length ? (ws[ws.length >> 1] as number) : 0;
    const pairs: number[] = [];
    for (let c = 0; c < k; c++) {
      if (!active[c]) continue;
      const w = (W[fi * k + c] as number) - median;
      if (Math.abs(w) >= prune) pairs.push(c, round(w));
    }
    if (pairs.length > 0) weights[f] = pairs;
  }
  const biasScale = opts.biasScale ?? 1;
  let activeBias = 0;
  let nActive = 0;
  for (let c = 0; c < k; c++) {
    if (active[c]) {
      activeBias += bias[c] as number;
      nActive++;
    }
  }
  const offset = opts.inactiveBiasOffset ?? 0;
  for (let c = 0; c < k; c++) if (!active[c]) bias[c] = (nActive ? activeBias / nActive : 0) + offset;
  return {
    version: 1,
    classes: [...classes],
    bias: [...bias].map((b) => round(b * biasScale)),
    lexiconWeight: round(beta),
    weights,
    ...(opts.trainedOn !== undefined && { trainedOn: opts.trainedOn }),
  };
}
