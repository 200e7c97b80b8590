/**
 * k-fold cross-validation of the topic model: every example is scored by a model trained without it. Folds come
 * from a seeded shuffle, so results are reproducible. Pure (training is CPU only).
 */
import type { TopicId } from '../records.ts';
import type { Topic } from '../reference/topics.ts';
import { compileLexicon } from './lexicon.ts';
import { createTopicScorer } from './topic-model.ts';
import type { TrainingExample, TrainOptions } from './train-topic-model.ts';
import { trainTopicModel } from './train-topic-model.ts';

export interface HeldOutPrediction {
  index: number;
  label: TopicId;
  /** argmax topic (no 'other' threshold applied). */
  predicted: TopicId;
  confidence: number;
}

/** Indices 0..n-1 in a seeded (mulberry-style LCG) shuffle. */
export function shuffledIndices(n: number, seed: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  let s = seed >>> 0;
  const rnd = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32;
  };
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  return order;
}

/** Scores `test` with a model trained on `train` (indices into `examples`). */
export function predictHeldOut(
  examples: readonly TrainingExample[],
  train: readonly number[],
  test: readonly number[],
  topics: readonly Topic[],
  opts: TrainOptions & { relabelForTraining?: (ex: TrainingExample) => TopicId } = {},
): HeldOutPrediction[] {
  const lexicon = compileLexicon(topics);
  const classes = topics.map((t) => t.id);
  const model = trainTopicModel(
    train.map((i) => {
      const ex = examples[i] as TrainingExample;
      return opts.relabelForTraining ? { ...ex, label: opts.relabelForTraining(ex) } : ex;
    }),
    classes,
    lexicon,
    opts,
  );
  const scorer = createTopicScorer(model, lexicon);
  return test.map((i) => {
    const ex = examples[i] as TrainingExample;
    const p = scorer.probabilities(ex);
    let best = 0;
    for (let c = 1; c < p.length; c++) if ((p[c] as number) > (p[best] as number)) best = c;
    return { index: i, label: ex.label, predicted: classes[best] as TopicId, confidence: p[best] as number };
  });
}

/** k-fold cross-validation; returns one held-out prediction per example, in example order. */
export function crossValidate(
  examples: readonly TrainingExample[],
  topics: readonly Topic[],
  k: number,
  opts: TrainOptions & { foldSeed?: number; relabelForTraining?: (ex: TrainingExample) => TopicId } = {},
): HeldOutPrediction[] {
  const order = shuffledIndices(examples.length, opts.foldSeed ?? 7);
  const out: HeldOutPrediction[] = [];
  for (let f = 0; f < k; f++) {
    const test = order.filter((_, i) => i % k === f);
    const train = order.filter((_, i) => i % k !== f);
    out.push(...predictHeldOut(examples, train, test, topics, opts));
  }
  return out.sort((a, b) => a.index - b.index);
}

export interface AccuracyReport {
  n: number;
  accuracy: number;
  /** recall per true topic: correct / count, with the count. */
  recall: Record<string, { recall: number; n: number }>;
}

/** Accuracy and per-topic recall after mapping predictions below `minConfidence` to 'other'. */
export function accuracyReport(preds: readonly HeldOutPrediction[], minConfidence = 0): AccuracyReport {
  const byTopic = new Map<string, { ok: number; n: number }>();
  let ok = 0;
  for (const p of preds) {
    const predicted = p.confidence >= minConfidence ? p.predicted : 'other';
    const hit = predicted === p.label;
    if (hit) ok++;
    const r = byTopic.get(p.label) ?? { ok: 0, n: 0 };
    r.n++;
    if (hit) r.ok++;
    byTopic.set(p.label, r);
  }
  const recall: AccuracyReport['recall'] = {};
  for (const [t, r] of [...byTopic].sort((a, b) => b[1].n - a[1].n)) {
    recall[t] = { recall: Math.round((r.ok / r.n) * 1000) / 1000, n: r.n };
  }
  return { n: preds.length, accuracy: preds.length ? ok / preds.length : 0, recall };
}
