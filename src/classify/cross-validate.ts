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
  /** The fold the example was held out in (its model was trained on the other folds). */
  fold: number;
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
    return {
      index: i,
      fold: -1,
      label: ex.label,
      predicted: classes[best] as TopicId,
      confidence: p[best] as number,
    };
  });
}

/**
 * Fold of each example: position i of the seeded shuffle goes to fold i % k, except that an example whose group
 * (e.g. its normalised text) was already placed joins that fold, so a text sent twice is never scored by a model
 * that was trained on its copy. Without groups this is exactly `shuffledIndices(n, seed)` position mod k.
 */
export function assignFolds(n: number, k: number, seed: number, groups?: readonly string[]): Int32Array {
  const order = shuffledIndices(n, seed);
  const fold = new Int32Array(n);
  const groupFold = new Map<string, number>();
  order.forEach((ex, i) => {
    const g = groups?.[ex];
    const f = g === undefined ? undefined : groupFold.get(g);
    fold[ex] = f ?? i % k;
    if (g !== undefined && f === undefined) groupFold.set(g, i % k);
  });
  return fold;
}

export interface CrossValidateOptions extends TrainOptions {
  foldSeed?: number;
  /** Examples with the same group key are held out together (see assignFolds). */
  groups?: readonly string[];
  relabelForTraining?: (ex: TrainingExample) => TopicId;
}

/** k-fold cross-validation; returns one held-out prediction per example, in example order. */
export function crossValidate(
  examples: readonly TrainingExample[],
  topics: readonly Topic[],
  k: number,
  opts: CrossValidateOptions = {},
): HeldOutPrediction[] {
  const fold = assignFolds(examples.length, k, opts.foldSeed ?? 7, opts.groups);
  const order = shuffledIndices(examples.length, opts.foldSeed ?? 7);
  const out: HeldOutPrediction[] = [];
  for (let f = 0; f < k; f++) {
    const test = order.filter((i) => fold[i] === f);
    const train = order.filter((i) => fold[i] !== f);
    for (const p of predictHeldOut(examples, train, test, topics, opts)) out.push({ ...p, fold: f });
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

export interface NestedChoice {
  fold: number;
  /** Index into the grid of the setting chosen for this outer fold. */
  chosen: number;
  /** Inner-CV accuracy of each grid setting on this outer fold's training part. */
  innerAccuracy: number[];
}

/**
 * Nested cross-validation: for each outer fold, each setting of `grid` is scored by an inner `innerK`-fold CV on the
 * outer training part only, and the best (first on ties) is trained on that whole part to score the held-out fold.
 * The figure so obtained never saw its test fold while choosing. Cost: k · (|grid| · innerK + 1) trainings.
 */
export function nestedCrossValidate(
  examples: readonly TrainingExample[],
  topics: readonly Topic[],
  k: number,
  grid: readonly TrainOptions[],
  opts: CrossValidateOptions & { innerK?: number } = {},
): { preds: HeldOutPrediction[]; choices: NestedChoice[] } {
  const seed = opts.foldSeed ?? 7;
  const innerK = opts.innerK ?? 3;
  const fold = assignFolds(examples.length, k, seed, opts.groups);
  const order = shuffledIndices(examples.length, seed);
  const preds: HeldOutPrediction[] = [];
  const choices: NestedChoice[] = [];
  for (let f = 0; f < k; f++) {
    const test = order.filter((i) => fold[i] === f);
    const train = order.filter((i) => fold[i] !== f);
    const innerFold = assignFolds(
      train.length,
      innerK,
      seed + 1,
      opts.groups && train.map((i) => opts.groups?.[i] as string),
    );
    const innerAccuracy = grid.map((setting) => {
      let ok = 0;
      for (let g = 0; g < innerK; g++) {
        const innerTest = train.filter((_, j) => innerFold[j] === g);
        const innerTrain = train.filter((_, j) => innerFold[j] !== g);
        for (const p of predictHeldOut(examples, innerTrain, innerTest, topics, { ...opts, ...setting })) {
          if (p.predicted === p.label) ok++;
        }
      }
      return ok / train.length;
    });
    const chosen = innerAccuracy.indexOf(Math.max(...innerAccuracy));
    choices.push({ fold: f, chosen, innerAccuracy });
    const setting = grid[chosen] as TrainOptions;
    for (const p of predictHeldOut(examples, train, test, topics, { ...opts, ...setting }))
      preds.push({ ...p, fold: f });
  }
  return { preds: preds.sort((a, b) => a.index - b.index), choices };
}
