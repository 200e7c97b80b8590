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
import { isFeatureStem } from './topic-features.ts';

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
  /**
   * Probabilities per class (same order as `classes`) from distinct feature strings and their featureCount,
   * written into a reused buffer: copy to keep. Used for training and evaluation.
   */
  probabilities(features: readonly string[], count?: number): Float64Array;
  /** The same from a Doc's stems, without building feature strings (the hot path). */
  probabilitiesOfStems(stems: readonly string[]): Float64Array;
}

/** One feature's contribution: class weights (sparse) and lexicon entries (sparse). */
interface FeatureRecord {
  classIdx: Int32Array;
  classW: Float64Array;
  lexTopic: Int32Array;
  lexW: Float64Array;
  /** Last document (scoring call) that counted this feature: distinctness without a Set. */
  stamp: number;
}

export function createTopicScorer(model: TopicModelJson, lexicon: CompiledLexicon): TopicScorer {
  const k = model.classes.length;
  // Lexicon topic index → model class index.
  const lexToClass = lexicon.topics.map((t) => model.classes.indexOf(t));
  const uni = new Map<string, FeatureRecord>();
  const bi = new Map<string, Map<string, FeatureRecord>>();
  const record = (feature: string): FeatureRecord | undefined => {
    const parts = feature.split(' ');
    if (parts.length > 2) return undefined; // longer phrases never occur as features
    const mk = (): FeatureRecord => ({
      classIdx: new Int32Array(0),
      classW: new Float64Array(0),
      lexTopic: new Int32Array(0),
      lexW: new Float64Array(0),
      stamp: 0,
    });
    if (parts.length === 1) {
      let r = uni.get(feature);
      if (!r) {
        r = mk();
        uni.set(feature, r);
      }
      return r;
    }
    const [a, b] = parts as [string, string];
    let m = bi.get(a);
    if (!m) {
      m = new Map();
      bi.set(a, m);
    }
    let r = m.get(b);
    if (!r) {
      r = mk();
      m.set(b, r);
    }
    return r;
  };
  for (const [f, pairs] of Object.entries(model.weights)) {
    const r = record(f);
    if (!r) continue;
    const n = pairs.length >> 1;
    r.classIdx = new Int32Array(n);
    r.classW = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      r.classIdx[i] = pairs[2 * i] as number;
      r.classW[i] = pairs[2 * i + 1] as number;
    }
  }
  for (const [f, entries] of lexicon.entries) {
    const r = record(f);
    if (!r) continue;
    const n = entries.length >> 1;
    r.lexTopic = new Int32Array(n);
    r.lexW = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      r.lexTopic[i] = entries[2 * i] as number;
      r.lexW[i] = entries[2 * i + 1] as number;
    }
  }

  const bias = Float64Array.from(model.bias);
  const logits = new Float64Array(k);
  const lexSum = new Float64Array(lexicon.topics.length);
  const hits: FeatureRecord[] = [];
  let stamp = 0;

  const hit = (r: FeatureRecord | undefined) => {
    if (r === undefined || r.stamp === stamp) return;
    r.stamp = stamp;
    hits.push(r);
  };
  const finish = (count: number): Float64Array => {
    logits.set(bias);
    lexSum.fill(0);
    const x = count > 0 ? 1 / Math.sqrt(count) : 0;
    for (const r of hits) {
      const ci = r.classIdx;
      const cw = r.classW;
      for (let i = 0; i < ci.length; i++) {
        const c = ci[i] as number;
        logits[c] = (logits[c] as number) + x * (cw[i] as number);
      }
      const lt = r.lexTopic;
      const lw = r.lexW;
      for (let i = 0; i < lt.length; i++) {
        const t = lt[i] as number;
        lexSum[t] = (lexSum[t] as number) + (lw[i] as number);
      }
    }
    hits.length = 0;
    for (let t = 0; t < lexSum.length; t++) {
      const c = lexToClass[t] as number;
      const v = lexSum[t] as number;
      if (c >= 0 && v > 0) logits[c] = (logits[c] as number) + model.lexiconWeight * Math.log1p(v);
    }
    return softmaxInPlace(logits);
  };

  return {
    classes: model.classes,
    probabilities(features: readonly string[], count = features.length): Float64Array {
      stamp++;
      for (const f of features) {
        const sp = f.indexOf(' ');
        hit(sp < 0 ? uni.get(f) : bi.get(f.slice(0, sp))?.get(f.slice(sp + 1)));
      }
      return finish(count);
    },
    probabilitiesOfStems(stems: readonly string[]): Float64Array {
      stamp++;
      let count = 0;
      let prevOk = false;
      let prevMap: Map<string, FeatureRecord> | undefined;
      const n = stems.length;
      for (let i = 0; i < n; i++) {
        const s = stems[i] as string;
        if (!isFeatureStem(s)) {
          prevOk = false;
          prevMap = undefined;
          continue;
        }
        // Distinct unigrams: a linear look-back (a message has a few dozen stems; no Set to allocate or clear).
        let seen = false;
        for (let j = 0; j < i; j++) {
          if (stems[j] === s) {
            seen = true;
            break;
          }
        }
        if (!seen) {
          count++;
          hit(uni.get(s));
        }
        if (prevOk) {
          count++;
          if (prevMap !== undefined) hit(prevMap.get(s));
        }
        prevOk = true;
        prevMap = bi.get(s);
      }
      return finish(count);
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
