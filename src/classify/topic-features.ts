/**
 * Features of a Doc for topic scoring: its distinct stems (unigrams) and adjacent stem pairs (bigrams, "горяч вод"),
 * both over content stems (stop words already removed). Numbers and one-letter stems carry no topic and are skipped
 * (a bigram is not formed across a skipped stem).
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
