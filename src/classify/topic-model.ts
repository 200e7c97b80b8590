/**
 * A linear topic model (multinomial logistic regression) over word features (stems, stem bigrams), character
 * n-grams of the content tokens and the topic lexicons, in a compact JSON (fixtures/models/topic-model.json), scored
 * by a hand-rolled scorer (topic-features.ts defines the features):
 *
 *   logit[t] = bias[t] + lexiconWeight · lex[t]
 *            + Σ_f w[f][t] / √wordCount                         (distinct word features f)
 *            + Σ_g count_g · v[g][t] / √charCount               (char n-grams g of the distinct content tokens)
 *   p = softmax(logit)
 *
 * `lex[t]` is the topic's lexicon score (lexicon.ts) with one weight shared by all topics, so a topic the training
 * data lacks (gas, safety …) is still found by its lexicon. On the hot path the char n-gram sum of each distinct
 * token is computed once and cached (bounded), so a seen word costs one Map lookup.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { STEM_IDS, stemIdsOf } from '../normalise/stem-ids.ts';
import type { Doc, TopicId } from '../records.ts';
import type { CompiledLexicon } from './lexicon.ts';
import { CHAR_GRAM_MAX, CHAR_GRAM_MIN, charGramCount, isFeatureStem } from './topic-features.ts';

export interface TopicModelJson {
  version: 2;
  /** Class order of `bias` and of the class indexes in `weights`/`grams`. */
  classes: TopicId[];
  bias: number[];
  lexiconWeight: number;
  /** Word feature ("отоплен", "горяч вод") → [classIndex, weight, classIndex, weight, …] (small weights pruned). */
  weights: Record<string, number[]>;
  /** n-gram sizes of `grams` (must equal CHAR_GRAM_MIN..CHAR_GRAM_MAX). */
  charGrams: { min: number; max: number };
  /** Char n-gram ("отоп") → [classIndex, weight, …] (small weights pruned). */
  grams: Record<string, number[]>;
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
  if (m.version !== 2 || !Array.isArray(m.classes) || m.bias.length !== m.classes.length) {
    throw new Error(`${path}: not a version-2 topic model`);
  }
  if (m.charGrams.min !== CHAR_GRAM_MIN || m.charGrams.max !== CHAR_GRAM_MAX) {
    throw new Error(
      `${path}: char n-grams ${m.charGrams.min}..${m.charGrams.max}, scorer uses ${CHAR_GRAM_MIN}..${CHAR_GRAM_MAX}`,
    );
  }
  if (path === DEFAULT_TOPIC_MODEL_PATH) cached = m;
  return m;
}

/** What the scorer needs of a training/evaluation example (topic-features.ts topicExample). */
export interface ScorableExample {
  features: readonly string[];
  count: number;
  grams: ReadonlyMap<string, number>;
  gramCount: number;
}

export interface TopicScorer {
  readonly classes: readonly TopicId[];
  /**
   * Probabilities per class (same order as `classes`) from an example's feature strings, written into a reused
   * buffer: copy to keep. Used for training and evaluation.
   */
  probabilities(ex: ScorableExample): Float64Array;
  /** The same from a Doc's stems and tokens, without building feature strings (the hot path). */
  probabilitiesOfDoc(doc: Pick<Doc, 'stems' | 'tokens' | 'stemIds'>): Float64Array;
}

export interface TopicScorerOptions {
  /** Bound of the token → char-gram logits cache (entries). Default 50,000. */
  tokenCacheSize?: number;
}

/** One word feature's contribution: class weights (sparse) and lexicon entries (sparse). */
interface FeatureRecord {
  classIdx: Int32Array;
  classW: Float64Array;
  lexTopic: Int32Array;
  lexW: Float64Array;
  /** Last document (scoring call) that counted this feature: distinctness without a Set. */
  stamp: number;
}

interface SparseWeights {
  classIdx: Int32Array;
  classW: Float64Array;
}

function sparse(pairs: readonly number[]): SparseWeights {
  const n = pairs.length >> 1;
  const classIdx = new Int32Array(n);
  const classW = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    classIdx[i] = pairs[2 * i] as number;
    classW[i] = pairs[2 * i + 1] as number;
  }
  return { classIdx, classW };
}

function addSparse(into: Float64Array, w: SparseWeights, scale: number): void {
  const ci = w.classIdx;
  const cw = w.classW;
  for (let i = 0; i < ci.length; i++) {
    const c = ci[i] as number;
    into[c] = (into[c] as number) + scale * (cw[i] as number);
  }
}

const EMPTY = new Float64Array(0);

/** What the scorer keeps of a token seen before: its char n-grams' logits and its stem's word features. */
interface TokenEntry {
  logits: Float64Array;
  stem: string;
  uni: FeatureRecord | undefined;
  /** Bigrams starting with the stem: second stem's id (STEM_IDS) → feature. */
  bi: Map<number, FeatureRecord> | undefined;
}

export function createTopicScorer(
  model: TopicModelJson,
  lexicon: CompiledLexicon,
  opts: TopicScorerOptions = {},
): TopicScorer {
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
    Object.assign(r, sparse(pairs));
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
  const grams = new Map<string, SparseWeights>();
  for (const [g, pairs] of Object.entries(model.grams)) grams.set(g, sparse(pairs));
  // The same bigrams keyed by the second stem's id, for Docs (their stems come with ids): a Map finds a number
  // without reading a string. The model's stems get ids here, and again after a reset of the ids (a compaction).
  let biById = new Map<string, Map<number, FeatureRecord>>();
  let idGeneration = -1;
  const keyBigramsById = () => {
    idGeneration = STEM_IDS.generation;
    biById = new Map();
    for (const [a, m] of bi) biById.set(a, new Map(Array.from(m, ([b, r]) => [STEM_IDS.idOf(b), r])));
    tokenCache.clear(); // its entries hold the bigram maps
  };

  // token → Σ of its char n-grams' class weights (EMPTY when none is known), and its stem's word features: one
  // lookup per token instead of three (the stem is the normaliser's, so a token always comes with the same one;
  // checked all the same).
  const tokenCacheSize = opts.tokenCacheSize ?? 50_000;
  const tokenCache = new Map<string, TokenEntry>();
  const tokenEntry = (token: string, stem: string): TokenEntry => {
    let e = tokenCache.get(token);
    if (e !== undefined && e.stem === stem) return e;
    e = { logits: e?.logits ?? tokenLogits(token), stem, uni: uni.get(stem), bi: biById.get(stem) };
    if (tokenCache.size >= tokenCacheSize) tokenCache.clear();
    tokenCache.set(token, e);
    return e;
  };
  const tokenLogits = (token: string): Float64Array => {
    let acc: Float64Array | undefined;
    const s = `<${token}>`;
    for (let g = CHAR_GRAM_MIN; g <= CHAR_GRAM_MAX; g++) {
      for (let i = 0; i + g <= s.length; i++) {
        const w = grams.get(s.slice(i, i + g));
        if (w === undefined) continue;
        acc ??= new Float64Array(k);
        addSparse(acc, w, 1);
      }
    }
    return acc ?? EMPTY;
  };

  const bias = Float64Array.from(model.bias);
  const logits = new Float64Array(k);
  const charLogits = new Float64Array(k);
  const lexSum = new Float64Array(lexicon.topics.length);
  const hits: FeatureRecord[] = [];
  let stamp = 0;

  const hit = (r: FeatureRecord | undefined) => {
    if (r === undefined || r.stamp === stamp) return;
    r.stamp = stamp;
    hits.push(r);
  };
  /** logits = bias + words + chars (charLogits already summed) + lexicon, then softmax. */
  const finish = (count: number, gramCount: number): Float64Array => {
    logits.set(bias);
    lexSum.fill(0);
    const x = count > 0 ? 1 / Math.sqrt(count) : 0;
    for (const r of hits) {
      addSparse(logits, r, x);
      const lt = r.lexTopic;
      const lw = r.lexW;
      for (let i = 0; i < lt.length; i++) {
        const t = lt[i] as number;
        lexSum[t] = (lexSum[t] as number) + (lw[i] as number);
      }
    }
    hits.length = 0;
    const xc = gramCount > 0 ? 1 / Math.sqrt(gramCount) : 0;
    for (let c = 0; c < k; c++) logits[c] = (logits[c] as number) + xc * (charLogits[c] as number);
    for (let t = 0; t < lexSum.length; t++) {
      const c = lexToClass[t] as number;
      const v = lexSum[t] as number;
      if (c >= 0 && v > 0) logits[c] = (logits[c] as number) + model.lexiconWeight * Math.log1p(v);
    }
    return softmaxInPlace(logits);
  };

  return {
    classes: model.classes,
    probabilities(ex: ScorableExample): Float64Array {
      stamp++;
      for (const f of ex.features) {
        const sp = f.indexOf(' ');
        hit(sp < 0 ? uni.get(f) : bi.get(f.slice(0, sp))?.get(f.slice(sp + 1)));
      }
      charLogits.fill(0);
      for (const [g, n] of ex.grams) {
        const w = grams.get(g);
        if (w !== undefined) addSparse(charLogits, w, n);
      }
      return finish(ex.count, ex.gramCount);
    },
    probabilitiesOfDoc(doc: Pick<Doc, 'stems' | 'tokens' | 'stemIds'>): Float64Array {
      if (idGeneration !== STEM_IDS.generation) keyBigramsById();
      stamp++;
      charLogits.fill(0);
      const stems = doc.stems;
      const tokens = doc.tokens;
      const ids = doc.stemIds ?? stemIdsOf(stems);
      let count = 0;
      let gramCount = 0;
      let prevOk = false;
      let prevMap: Map<number, FeatureRecord> | undefined;
      const n = stems.length;
      for (let i = 0; i < n; i++) {
        const s = stems[i] as string;
        if (!isFeatureStem(s)) {
          prevOk = false;
          prevMap = undefined;
          continue;
        }
        // Distinct tokens and unigrams: a linear look-back (a message has a few dozen stems; no Set to allocate or
        // clear). A token seen before has its stem seen before too.
        const t = tokens[i] as string;
        const e = tokenEntry(t, s);
        let seenToken = false;
        for (let j = 0; j < i; j++) {
          if (tokens[j] === t) {
            seenToken = true;
            break;
          }
        }
        let seenStem = seenToken;
        if (!seenToken) {
          gramCount += charGramCount(t);
          const v = e.logits;
          for (let c = 0; c < v.length; c++) charLogits[c] = (charLogits[c] as number) + (v[c] as number);
          for (let j = 0; j < i; j++) {
            if (stems[j] === s) {
              seenStem = true;
              break;
            }
          }
        }
        if (!seenStem) {
          count++;
          hit(e.uni);
        }
        if (prevOk) {
          count++;
          if (prevMap !== undefined) hit(prevMap.get(ids[i] as number));
        }
        prevOk = true;
        prevMap = e.bi;
      }
      return finish(count, gramCount);
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
