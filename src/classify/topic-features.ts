/**
 * Features of a Doc for topic scoring, in two blocks:
 *  - words: its distinct stems (unigrams) and adjacent stem pairs (bigrams, "горяч вод"), over content stems (stop
 *    words already removed). Numbers and one-letter stems carry no topic and are skipped (a bigram is not formed
 *    across a skipped stem). Value 1/√wordCount, where wordCount = distinct unigrams + bigram occurrences.
 *  - chars: the character n-grams (CHAR_GRAM_MIN..CHAR_GRAM_MAX) of each distinct content token wrapped in '<' '>'
 *    ("<отопления>" → "<от", "ото", …, "ния>"), robust to typos and word forms. A gram that occurs in two tokens
 *    counts twice. Value count/√charCount, where charCount = the number of grams of all distinct content tokens.
 * Both normalisers are computable from the stems and tokens alone, so the hot-path scorer needs no feature strings.
 */
import type { Doc } from '../records.ts';

export const CHAR_GRAM_MIN = 3;
export const CHAR_GRAM_MAX = 5;

/** True for a stem that can carry topic meaning. */
export function isFeatureStem(stem: string): boolean {
  if (stem.length < 2) return false;
  const c = stem.charCodeAt(0);
  return !(c >= 0x30 && c <= 0x39) || !/^[0-9]+$/.test(stem);
}

/** Distinct unigram and bigram features of a stem sequence, in first-seen order. */
export function topicFeatures(stems: readonly string[]): string[] {
  const seen = new Set<string>();
  let prev: string | undefined;
  for (const s of stems) {
    if (!isFeatureStem(s)) {
      prev = undefined;
      continue;
    }
    seen.add(s);
    if (prev !== undefined) seen.add(`${prev} ${s}`);
    prev = s;
  }
  return [...seen];
}

/** Distinct unigrams + bigram occurrences of a stem sequence (the normaliser of word feature values). */
export function featureCount(stems: readonly string[]): number {
  const uni = new Set<string>();
  let bigrams = 0;
  let prevOk = false;
  for (const s of stems) {
    if (!isFeatureStem(s)) {
      prevOk = false;
      continue;
    }
    uni.add(s);
    if (prevOk) bigrams++;
    prevOk = true;
  }
  return uni.size + bigrams;
}

/** Number of character n-grams of one token (with its two boundary marks). */
export function charGramCount(token: string): number {
  const len = token.length + 2;
  let n = 0;
  for (let g = CHAR_GRAM_MIN; g <= CHAR_GRAM_MAX; g++) if (len >= g) n += len - g + 1;
  return n;
}

/** The character n-grams of one token, in order (repeats kept). */
export function charGrams(token: string): string[] {
  const s = `<${token}>`;
  const out: string[] = [];
  for (let g = CHAR_GRAM_MIN; g <= CHAR_GRAM_MAX; g++)
    for (let i = 0; i + g <= s.length; i++) out.push(s.slice(i, i + g));
  return out;
}

/** Distinct content tokens of a Doc (tokens whose stem isFeatureStem), in first-seen order. */
export function contentTokens(doc: Pick<Doc, 'stems' | 'tokens'>): string[] {
  const seen = new Set<string>();
  for (let i = 0; i < doc.tokens.length; i++) {
    if (isFeatureStem(doc.stems[i] as string)) seen.add(doc.tokens[i] as string);
  }
  return [...seen];
}

export interface TopicExample<L> {
  /** topicFeatures(stems) */
  features: string[];
  /** featureCount(stems) */
  count: number;
  /** char n-gram → occurrences over the distinct content tokens */
  grams: Map<string, number>;
  /** Σ charGramCount over the distinct content tokens */
  gramCount: number;
  label: L;
}

/** A training/evaluation example from a Doc's stems and tokens. */
export function topicExample<L>(doc: Pick<Doc, 'stems' | 'tokens'>, label: L): TopicExample<L> {
  const grams = new Map<string, number>();
  let gramCount = 0;
  for (const t of contentTokens(doc)) {
    gramCount += charGramCount(t);
    for (const g of charGrams(t)) grams.set(g, (grams.get(g) ?? 0) + 1);
  }
  return { features: topicFeatures(doc.stems), count: featureCount(doc.stems), grams, gramCount, label };
}
