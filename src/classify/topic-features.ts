/**
 * Features of a Doc for topic scoring: its distinct stems (unigrams) and adjacent stem pairs (bigrams, "горяч вод"),
 * both over content stems (stop words already removed). Numbers and one-letter stems carry no topic and are skipped
 * (a bigram is not formed across a skipped stem).
 *
 * Feature values are 1/√count, where count = distinct unigrams + bigram occurrences (featureCount): a definition
 * the hot-path scorer can compute without building bigram strings.
 */

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

/** Distinct unigrams + bigram occurrences of a stem sequence (the normaliser of feature values). */
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

/** A training/evaluation example from a Doc's stems. */
export function topicExample<L>(
  stems: readonly string[],
  label: L,
): { features: string[]; count: number; label: L } {
  return { features: topicFeatures(stems), count: featureCount(stems), label };
}
