/**
 * A linear topic model (multinomial logistic regression) over stem/bigram features plus the topic lexicons, in a
 * compact JSON (fixtures/models/topic-model.json) scored by a hand-rolled scorer: one Map lookup per feature.
 *
 *   logit[t] = bias[t] + lexiconWeight · lex[t] + Σ_f x_f · w[f][t],   x_f = 1/√(number of features)
 *   p = softmax(logit)
 *
 * `lex[t]` is the topic's lexicon score (lexicon.ts) with one weight shared by all topics, so a topic the training
 * data lacks (gas, safety …) is still found by its lexicon.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TopicId } from '../records.ts';
import type { CompiledLexicon } from './lexicon.ts';
import { scoreLexiconInto } from './lexicon.ts';

export interface TopicModelJson {
  version: 1;
  /** Class order of `bias` and of the class indexes in `weights`. */
  classes: TopicId[];
  bias: number[];
  lexiconWeight: number;
  /** feature → [classIndex, weight, classIndex, weight, …] (small weights pruned). */
  weights: Record<string, number[]>;
  /** How it was trained (for the record; not used when scoring). */
  trainedOn?: string;
}

export const DEFAULT_TOPIC_MODEL_PATH = fileURLToPath(
  new URL('../../fixtures/models/topic-model.json', import.meta.url),
);

let cached: TopicModelJson | undefined;
/** The shipped model (cached: it is immutable), or the one at `path`. */
export function loadTopicModel(path = DEFAULT_TOPIC_MODEL_PATH): TopicModelJson {
  if (path === DEFAULT_TOPIC_MODEL_PATH && cached) return cached;
  const m = JSON.parse(readFileSync(path, 'utf8')) as TopicModelJson;
  if (m.version !== 1 || !Array.isArray(m.classes) || m.bias.length !== m.classes.length) {
    throw new Error(`${path}: not a version-1 topic model`);
  }
  if (path === DEFAULT_TOPIC_MODEL_PATH) cached = m;
  return m;
}

export interface TopicScorer {
  readonly classes: readonly TopicId[];
  /** Probabilities per class (same order as `classes`), written into a reused buffer: copy to keep. */
  probabilities(features: readonly string[]): Float64Array;
}

export function createTopicScorer(model: TopicModelJson, lexicon: CompiledLexicon): TopicScorer {
  const k = model.classes.length;
  // Lexicon topic index → model class index.
  const lexToClass = lexicon.topics.map((t) => model.classes.indexOf(t));
  const weights = new Map<string, Float64Array>();
  for (const [f, pairs] of Object.entries(model.weights)) {
    const w = new Float64Array(k);
    for (let i = 0; i < pairs.length; i += 2) w[pairs[i] as number] = pairs[i + 1] as number;
    weights.set(f, w);
  }
  const bias = Float64Array.from(model.bias);
  const logits = new Float64Array(k);
  const lex = new Float64Array(lexicon.topics.length);
  return {
    classes: model.classes,
    probabilities(features: readonly string[]): Float64Array {
      logits.set(bias);
      const x = features.length > 0 ? 1 / Math.sqrt(features.length) : 0;
      for (const f of features) {
        const w = weights.get(f);
        if (w === undefined) continue;
        for (let c = 0; c < k; c++) logits[c] = (logits[c] as number) + x * (w[c] as number);
      }
      scoreLexiconInto(lexicon, features, lex);
      for (let t = 0; t < lex.length; t++) {
        const c = lexToClass[t] as number;
        if (c >= 0) logits[c] = (logits[c] as number) + model.lexiconWeight * (lex[t] as number);
      }
      return softmaxInPlace(logits);
    },
  };
}

export function softmaxInPlace(v: Float64Array): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < v.length; i++) if ((v[i] as number) > max) max = v[i] as number;
  let sum = 0;
  for (let i = 0; i < v.length; i++) {
    const e = Math.exp((v[i] as number) - max);
    v[i] = e;
    sum += e;
  }
  for (let i = 0; i < v.length; i++) v[i] = (v[i] as number) / sum;
  return v;
}
