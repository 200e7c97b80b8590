/**
 * Trains the topic model (topic-model.ts) by multinomial logistic regression (softmax-regression.ts): word features
 * and char n-grams seen in at least `minCount` training examples, the lexicon as a prior with a learned shared
 * weight, class weights for rare topics, a seeded example order. Deterministic for given inputs. Off the hot path
 * (used by bench/classify-accuracy.ts to cross-validate and to write fixtures/models/topic-model.json).
 */
import type { TopicId } from '../records.ts';
import type { CompiledLexicon } from './lexicon.ts';
import { scoreLexiconInto } from './lexicon.ts';
import { balancedClassWeights, trainSoftmax } from './softmax-regression.ts';
import { CHAR_GRAM_MAX, CHAR_GRAM_MIN } from './topic-features.ts';
import type { ScorableExample, TopicModelJson } from './topic-model.ts';

export interface TrainingExample extends ScorableExample {
  label: TopicId;
}

export interface TrainOptions {
  epochs?: number;
  learningRate?: number;
  /** L2 penalty (total over the data set; see softmax-regression.ts). */
  l2?: number;
  /** Features seen in fewer examples are dropped. */
  minCount?: number;
  /** Word feature weights smaller than this are pruned from the JSON. */
  pruneBelow?: number;
  /** Char n-gram weights smaller than this are pruned from the JSON. */
  pruneGramsBelow?: number;
  /** Cap of the "balanced" class weights n/(classes·n_c); 0 = no class weights. */
  classWeightCap?: number;
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

export function trainTopicModel(
  examples: readonly TrainingExample[],
  classes: readonly TopicId[],
  lexicon: CompiledLexicon,
  opts: TrainOptions = {},
): TopicModelJson {
  const minCount = opts.minCount ?? 2;
  const k = classes.length;
  const classIndex = new Map(classes.map((c, i) => [c, i]));
  const lexToClass = lexicon.topics.map((t) => classes.indexOf(t));
  const labels = examples.map((ex) => {
    const y = classIndex.get(ex.label);
    if (y === undefined) throw new Error(`label ${ex.label} is not a class`);
    return y;
  });
  const perClass = new Array<number>(k).fill(0);
  for (const y of labels) perClass[y] = (perClass[y] as number) + 1;
  const minClassExamples = opts.minClassExamples ?? 3;
  const inactive = perClass.map((n) => n < minClassExamples);

  // Vocabulary: word features then char n-grams ("\u0001" marks a gram, which no word feature contains).
  const df = new Map<string, number>();
  for (const ex of examples) {
    for (const f of ex.features) df.set(f, (df.get(f) ?? 0) + 1);
    for (const g of ex.grams.keys()) df.set(`\u0001${g}`, (df.get(`\u0001${g}`) ?? 0) + 1);
  }
  const featureIndex = new Map<string, number>();
  for (const [f, n] of df) if (n >= minCount) featureIndex.set(f, featureIndex.size);

  const lexBuf = new Float64Array(lexicon.topics.length);
  const sparseExamples = examples.map((ex, i) => {
    const idx: number[] = [];
    const val: number[] = [];
    const x = ex.count > 0 ? 1 / Math.sqrt(ex.count) : 0;
    for (const f of ex.features) {
      const fi = featureIndex.get(f);
      if (fi !== undefined) {
        idx.push(fi);
        val.push(x);
      }
    }
    const xc = ex.gramCount > 0 ? 1 / Math.sqrt(ex.gramCount) : 0;
    for (const [g, n] of ex.grams) {
      const fi = featureIndex.get(`\u0001${g}`);
      if (fi !== undefined) {
        idx.push(fi);
        val.push(n * xc);
      }
    }
    scoreLexiconInto(lexicon, ex.features, lexBuf);
    const offset = new Float64Array(k);
    lexBuf.forEach((v, t) => {
      const c = lexToClass[t] as number;
      if (c >= 0) offset[c] = v;
    });
    return { idx, val, y: labels[i] as number, offset };
  });

  const cap = opts.classWeightCap ?? 5;
  const trained = trainSoftmax(sparseExamples, {
    features: featureIndex.size,
    classes: k,
    epochs: opts.epochs ?? 12,
    learningRate: opts.learningRate ?? 0.3,
    l2: opts.l2 ?? 1,
    inactive,
    seed: opts.seed ?? 1,
    ...(cap > 0 && { classWeight: balancedClassWeights(labels, k, cap) }),
  });
  const { W, bias } = trained;

  const round = (v: number) => Math.round(v * 1000) / 1000;
  const prune = opts.pruneBelow ?? 0.15;
  const pruneGrams = opts.pruneGramsBelow ?? 0.15;
  const weights: Record<string, number[]> = {};
  const grams: Record<string, number[]> = {};
  const ws: number[] = [];
  for (const [f, fi] of featureIndex) {
    // Softmax is unchanged by adding one constant to a feature's weights for every class, so each feature's weights
    // are centred on their median over the trained classes first: most then sit near 0 and are pruned.
    ws.length = 0;
    for (let c = 0; c < k; c++) if (!inactive[c]) ws.push(W[fi * k + c] as number);
    ws.sort((a, b) => a - b);
    const median = ws.length ? (ws[ws.length >> 1] as number) : 0;
    const isGram = f.charCodeAt(0) === 1;
    const threshold = isGram ? pruneGrams : prune;
    const pairs: number[] = [];
    for (let c = 0; c < k; c++) {
      if (inactive[c]) continue;
      const w = (W[fi * k + c] as number) - median;
      if (Math.abs(w) >= threshold) pairs.push(c, round(w));
    }
    if (pairs.length === 0) continue;
    if (isGram) grams[f.slice(1)] = pairs;
    else weights[f] = pairs;
  }
  let activeBias = 0;
  let nActive = 0;
  for (let c = 0; c < k; c++) {
    if (!inactive[c]) {
      activeBias += bias[c] as number;
      nActive++;
    }
  }
  const offset = opts.inactiveBiasOffset ?? 0;
  for (let c = 0; c < k; c++) if (inactive[c]) bias[c] = (nActive ? activeBias / nActive : 0) + offset;
  return {
    version: 2,
    classes: [...classes],
    bias: [...bias].map(round),
    lexiconWeight: round(trained.offsetScale),
    weights,
    charGrams: { min: CHAR_GRAM_MIN, max: CHAR_GRAM_MAX },
    grams,
    ...(opts.trainedOn !== undefined && { trainedOn: opts.trainedOn }),
  };
}
