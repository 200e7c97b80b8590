/**
 * The mergeable state of one window: counts, distinct authors and per-source counts. Exact, not sketched:
 * most windows hold a handful of messages, and a unique-author count of 3 vs 4 is the whole signal.
 * A message without an author counts as its own author (`anonymous`).
 */
export interface WindowPartial {
  count: number;
  /** Distinct named authors. */
  authors: Set<string>;
  /** Messages without an author; each is a distinct author of its own. */
  anonymous: number;
  /** Messages per source. */
  sources: Map<string, number>;
}

export function emptyPartial(): WindowPartial {
  return { count: 0, authors: new Set(), anonymous: 0, sources: new Map() };
}

/** Add one message to `partial` in place. */
export function addToPartial(partial: WindowPartial, author: string | undefined, source: string): void {
  partial.count++;
  if (author === undefined || author === '') partial.anonymous++;
  else partial.authors.add(author);
  partial.sources.set(source, (partial.sources.get(source) ?? 0) + 1);
}

/**
 * Combine two partial states of the same window into a new one (inputs untouched). Associative and
 * commutative; `mergePartials(p, emptyPartial())` equals `p`.
 */
export function mergePartials(a: WindowPartial, b: WindowPartial): WindowPartial {
  const authors = new Set(a.authors);
  for (const x of b.authors) authors.add(x);
  const sources = new Map(a.sources);
  for (const [s, n] of b.sources) sources.set(s, (sources.get(s) ?? 0) + n);
  return { count: a.count + b.count, authors, anonymous: a.anonymous + b.anonymous, sources };
}

export function uniqueAuthorsOf(partial: WindowPartial): number {
  return partial.authors.size + partial.anonymous;
}

/** Per-source counts as a plain record, keys sorted so that equal states serialise equally. */
export function sourcesRecordOf(partial: WindowPartial): Record<string, number> {
  // Object.fromEntries defines keys: a source named `__proto__` is a key, not the object's prototype.
  return Object.fromEntries([...partial.sources].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
}
