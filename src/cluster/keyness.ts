/**
 * Keyness: which stems set a spike window's messages apart from the baseline's.
 *
 * Each term's document frequency in the target (the spike window) is compared with its document frequency in
 * the reference (the baseline) by Dunning's log-likelihood G², in the two-cell form of Rayson & Garside (2000)
 * that the UCREL log-likelihood calculator uses:
 *
 *   E1 = c(a + b) / (c + d),  E2 = d(a + b) / (c + d),  G² = 2 (a ln(a/E1) + b ln(b/E2)),  0 · ln 0 = 0
 *
 * with a, b the term's counts and c, d the corpus sizes (here: documents). G² says how much evidence there is
 * for a difference; Hardie's Log Ratio (log2 of the ratio of relative frequencies) says how big it is.
 *
 * Only over-represented terms are reported: a term *rarer* in the spike than usual does not explain it.
 *
 * `SurfaceForms` turns a stem back into a word a reader knows ('пыл' → 'пыль'): the most frequent token seen
 * for it, in bounded memory.
 */
import { normalLogUpperTail } from '../detect/series.ts';

/** A term and the number of documents that contain it (document frequency). */
export interface TermCount {
  term: string;
  count: number;
}

/** An over-represented term of the target corpus. */
export interface KeyTerm {
  term: string;
  /** Documents of the target containing the term. */
  target: number;
  /** Documents of the reference containing the term. */
  reference: number;
  /** Log-likelihood G² (Rayson & Garside 2000). */
  g2: number;
  /** Hardie's Log Ratio: log2 of target rate / reference rate; a reference count of 0 counts as 0.5. */
  logRatio: number;
  /** P(χ²₁ ≥ g2): the upper tail of the chi-square distribution with 1 degree of freedom (0 once it underflows). */
  p: number;
}

export interface KeyTermsOptions {
  /** Smallest G² reported; 10.83 is the χ²₁ critical value for p < 0.001. */
  minG2: number;
  /** Fewest target documents a term needs (one message is an anecdote). */
  minTarget: number;
  /** Most terms returned. */
  limit: number;
}

export const DEFAULT_KEY_TERMS: Readonly<KeyTermsOptions> = Object.freeze({
  minG2: 10.83,
  minTarget: 2,
  limit: 20,
});

/**
 * Log-likelihood G² of a term's frequency in two corpora (Rayson & Garside 2000, the UCREL calculator's form):
 * `a` = count in the target, `b` = count in the reference, `c` = target size, `d` = reference size.
 * Symmetric in over- and under-use (always ≥ 0): compare `a/c` with `b/d` for the direction.
 * Counts may be fractional (decayed counts); they must satisfy 0 ≤ a ≤ c and 0 ≤ b ≤ d.
 * @example logLikelihoodG2(30, 10, 100, 300) // → 43.944491546724388 (= 40 ln 3: E1 = 10, E2 = 30)
 */
export function logLikelihoodG2(a: number, b: number, c: number, d: number): number {
  if (!(a >= 0 && b >= 0 && a <= c && b <= d && Number.isFinite(c) && Number.isFinite(d))) {
    throw new RangeError(
      `logLikelihoodG2 needs 0 ≤ a ≤ c and 0 ≤ b ≤ d (finite), got a=${a} b=${b} c=${c} d=${d}`,
    );
  }
  const n = c + d;
  const k = a + b;
  if (n === 0 || k === 0) return 0;
  const e1 = (c * k) / n;
  const e2 = (d * k) / n;
  const g2 = 2 * ((a > 0 ? a * Math.log(a / e1) : 0) + (b > 0 ? b * Math.log(b / e2) : 0));
  // Rounding can leave a tiny negative where the rates are equal.
  return Math.max(g2, 0);
}

/**
 * P(χ²₁ ≥ x) = P(|Z| ≥ √x) = 2 P(Z ≥ √x), from the normal tail (accurate far into the tail; 0 once it
 * underflows, near x ≈ 1,490).
 * @example chiSquared1UpperTail(10.83) // → 0.000998686379… (mpmath: erfc(sqrt(10.83/2)))
 */
export function chiSquared1UpperTail(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x <= 0) return 1;
  return Math.min(1, 2 * Math.exp(normalLogUpperTail(Math.sqrt(x))));
}

/**
 * The terms whose document frequency in `target` (`targetDocs` documents) most exceeds their document frequency
 * in `reference` (`referenceDocs` documents): over-represented (target rate > reference rate), with
 * G² ≥ `minG2` and at least `minTarget` target documents, sorted by G² descending then term (code-unit order),
 * at most `limit` of them. A term absent from the reference counts 0 there.
 *
 * One pass over the target's terms; only the terms that pass are sorted. Throws a RangeError when a count
 * exceeds its corpus size (a counting bug upstream).
 * @example
 * keyTerms(new Map([['пыл', 12], ['двор', 5]]), 40, new Map([['пыл', 3], ['двор', 60]]), 1000)
 * // → [{ term: 'пыл', target: 12, reference: 3, g2: 63.4175…, logRatio: 6.6438… (= log2 100), p: 1.672e-15 }]
 * // ('двор' is over-represented too, 5/40 vs 60/1000, but G² = 2.03 is no evidence)
 */
export function keyTerms(
  target: Iterable<TermCount> | ReadonlyMap<string, number>,
  targetDocs: number,
  reference: ReadonlyMap<string, number> | ((term: string) => number),
  referenceDocs: number,
  opts: Partial<KeyTermsOptions> = {},
): KeyTerm[] {
  const { minG2, minTarget, limit } = { ...DEFAULT_KEY_TERMS, ...opts };
  if (!(limit >= 0)) throw new RangeError(`keyTerms: limit must be ≥ 0, got ${limit}`);
  if (limit === 0 || !(targetDocs > 0)) return [];
  const referenceOf =
    typeof reference === 'function' ? reference : (term: string) => reference.get(term) ?? 0;
  const out: KeyTerm[] = [];
  const consider = (term: string, a: number): void => {
    if (!(a >= minTarget) || a <= 0) return;
    const b = referenceOf(term);
    // Over-represented: a/c > b/d, without dividing (d may be 0).
    if (!(a * referenceDocs > b * targetDocs)) return;
    const g2 = logLikelihoodG2(a, b, targetDocs, referenceDocs);
    if (!(g2 >= minG2)) return;
    // Absent from the reference: half a count, but at most half the target's rate — a small reference (one
    // document) would otherwise make an over-represented term's ratio negative.
    const bSmoothed = b > 0 ? b : Math.min(0.5, (a * referenceDocs) / targetDocs / 2);
    const logRatio = Math.log2(a / targetDocs / (bSmoothed / referenceDocs));
    out.push({ term, target: a, reference: b, g2, logRatio, p: chiSquared1UpperTail(g2) });
  };
  if (isMap(target)) for (const [term, a] of target) consider(term, a);
  else for (const { term, count } of target) consider(term, count);
  out.sort(byG2ThenTerm);
  return out.length > limit ? out.slice(0, limit) : out;
}

function isMap(x: Iterable<TermCount> | ReadonlyMap<string, number>): x is ReadonlyMap<string, number> {
  return x instanceof Map;
}

function byG2ThenTerm(x: KeyTerm, y: KeyTerm): number {
  if (x.g2 !== y.g2) return y.g2 - x.g2;
  return x.term < y.term ? -1 : x.term > y.term ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------------------------
// Surface forms

export interface SurfaceFormsOptions {
  /** Stems remembered; when full, the least-seen tenth (ties: least recently seen) is forgotten. */
  maxStems: number;
  /** Tokens remembered per stem (Space-Saving: a new token replaces the rarest and inherits its count + 1). */
  maxFormsPerStem: number;
}

export const DEFAULT_SURFACE_FORMS: Readonly<SurfaceFormsOptions> = Object.freeze({
  maxStems: 50_000,
  maxFormsPerStem: 8,
});

interface StemForms {
  seen: number;
  lastSeq: number;
  forms: Map<string, number>;
}

/**
 * The most frequent surface token of each stem, in bounded memory, so that a stem shows as a word.
 *
 * Per stem at most `maxFormsPerStem` tokens are counted with the Space-Saving algorithm (Metwally, Agrawal &
 * El Abbadi 2005): a token seen more than 1/`maxFormsPerStem` of the stem's times is never lost. At most
 * `maxStems` stems are kept; a new stem arriving when full first forgets the least-seen tenth of them.
 * @example
 * const s = new SurfaceForms();
 * s.add('пыл', 'пыль'); s.add('пыл', 'пыль'); s.add('пыл', 'пыли');
 * s.best('пыл') // → 'пыль'
 * s.best('снег') // → 'снег' (unknown stems show as themselves)
 */
export class SurfaceForms {
  readonly #maxStems: number;
  readonly #maxForms: number;
  readonly #stems = new Map<string, StemForms>();
  #seq = 0;

  constructor(opts: Partial<SurfaceFormsOptions> = {}) {
    const { maxStems, maxFormsPerStem } = { ...DEFAULT_SURFACE_FORMS, ...opts };
    if (!(Number.isInteger(maxStems) && maxStems >= 1)) {
      throw new RangeError(`SurfaceForms: maxStems must be an integer ≥ 1, got ${maxStems}`);
    }
    if (!(Number.isInteger(maxFormsPerStem) && maxFormsPerStem >= 1)) {
      throw new RangeError(`SurfaceForms: maxFormsPerStem must be an integer ≥ 1, got ${maxFormsPerStem}`);
    }
    this.#maxStems = maxStems;
    this.#maxForms = maxFormsPerStem;
  }

  /** Stems currently remembered. */
  get size(): number {
    return this.#stems.size;
  }

  /** Counts one occurrence of `token` as a surface form of `stem`. */
  add(stem: string, token: string): void {
    const seq = ++this.#seq;
    let entry = this.#stems.get(stem);
    if (entry === undefined) {
      if (this.#stems.size >= this.#maxStems) this.#evict();
      entry = { seen: 0, lastSeq: seq, forms: new Map() };
      this.#stems.set(stem, entry);
    }
    entry.seen++;
    entry.lastSeq = seq;
    const { forms } = entry;
    const n = forms.get(token);
    if (n !== undefined) {
      forms.set(token, n + 1);
      return;
    }
    if (forms.size < this.#maxForms) {
      forms.set(token, 1);
      return;
    }
    // Space-Saving: the rarest token (ties: the later in code-unit order) gives its place and count.
    let minToken = '';
    let minCount = Number.POSITIVE_INFINITY;
    for (const [t, c] of forms) {
      if (c < minCount || (c === minCount && t > minToken)) {
        minToken = t;
        minCount = c;
      }
    }
    forms.delete(minToken);
    forms.set(token, minCount + 1);
  }

  /**
   * The most frequent token seen for `stem` (ties: the shorter, then code-unit order); the stem itself when
   * it was never seen or has been forgotten.
   */
  best(stem: string): string {
    const entry = this.#stems.get(stem);
    if (entry === undefined) return stem;
    let bestToken = stem;
    let bestCount = 0;
    for (const [t, c] of entry.forms) {
      if (
        c > bestCount ||
        (c === bestCount && (t.length < bestToken.length || (t.length === bestToken.length && t < bestToken)))
      ) {
        bestToken = t;
        bestCount = c;
      }
    }
    return bestToken;
  }

  /** Forgets the least-seen tenth of the stems (at least one); ties go to the least recently seen. */
  #evict(): void {
    const drop = Math.max(1, Math.ceil(this.#stems.size / 10));
    const order = [...this.#stems].sort(([, x], [, y]) => x.seen - y.seen || x.lastSeq - y.lastSeq);
    for (let i = 0; i < drop && i < order.length; i++)
      this.#stems.delete((order[i] as [string, StemForms])[0]);
  }
}
