/**
 * A few messages that show what a spike is about: relevant to its key terms, and unlike one another.
 *
 * Maximal Marginal Relevance (Carbonell & Goldstein 1998), greedy: each step takes the candidate with the best
 *
 *   λ · relevance / max relevance + (1 − λ) · (1 − max Jaccard similarity with those already chosen)
 *
 * - relevance = Σ weights of the candidate's distinct stems / √(distinct stems + 1), × stems/4 under 4 stems:
 *   the key terms count, long messages do not win by listing everything, one-liners are held back;
 * - two rules are hard: never two messages of one author, never two whose stem sets have Jaccard ≥ `maxJaccard`
 *   (a flood of copies yields one);
 * - ties go to the smaller id (code-unit order), so the choice does not depend on the input's order.
 *
 * O(n · count · stems): each step updates every remaining candidate's similarity with the one just chosen.
 */

export interface Candidate {
  id: string;
  stems: readonly string[];
  authorId: string;
  text: string;
}

export interface RepresentativesOptions {
  /** Messages chosen, at most (fewer when the rules leave fewer). */
  count: number;
  /** Weight of relevance against diversity, in [0, 1]. */
  lambda: number;
  /** Stem sets at least this similar (Jaccard) are near-duplicates: only one of them is chosen. In (0, 1]. */
  maxJaccard: number;
}

export const DEFAULT_REPRESENTATIVES: Readonly<RepresentativesOptions> = Object.freeze({
  count: 5,
  lambda: 0.7,
  maxJaccard: 0.8,
});

/** Stems below this count have their relevance scaled down by stems / this. */
const MODERATE_STEMS = 4;

interface Scored {
  candidate: Candidate;
  stems: ReadonlySet<string>;
  relevance: number;
  /** Max Jaccard similarity with the chosen so far. */
  maxSim: number;
  excluded: boolean;
}

/**
 * Chooses up to `count` representative, mutually different messages by Maximal Marginal Relevance over their
 * stems, `weights` giving each stem's importance (e.g. its key-term G²; stems without a weight count 0).
 * Never two of one author, never two near-duplicates (stem-set Jaccard ≥ `maxJaccard`). Deterministic: the
 * result does not depend on the order of `candidates` (ties by id).
 * @example
 * const w = new Map([['пыл', 60], ['карьер', 25]]);
 * pickRepresentatives([
 *   { id: '1', authorId: 'a', stems: ['пыл', 'карьер', 'дом', 'окн'], text: 'Пыль с карьера, окна не открыть' },
 *   { id: '2', authorId: 'b', stems: ['пыл', 'карьер', 'дом', 'окн'], text: 'Пыль с карьера! Окна не открыть' },
 *   { id: '3', authorId: 'a', stems: ['пыл', 'дет', 'кашел'], text: 'Дети кашляют от пыли' },
 *   { id: '4', authorId: 'c', stems: ['двор', 'ям', 'асфальт', 'машин'], text: 'Ямы во дворе' },
 * ], w).map((c) => c.id)
 * // → ['1', '4']: '2' copies '1', '3' shares its author, '4' has no key term but is the only one left
 */
export function pickRepresentatives(
  candidates: readonly Candidate[],
  weights: ReadonlyMap<string, number>,
  opts: Partial<RepresentativesOptions> = {},
): Candidate[] {
  const { count, lambda, maxJaccard } = { ...DEFAULT_REPRESENTATIVES, ...opts };
  if (!(Number.isInteger(count) && count >= 0)) {
    throw new RangeError(`pickRepresentatives: count must be an integer ≥ 0, got ${count}`);
  }
  if (!(lambda >= 0 && lambda <= 1))
    throw new RangeError(`pickRepresentatives: lambda must be in [0, 1], got ${lambda}`);
  if (!(maxJaccard > 0 && maxJaccard <= 1)) {
    throw new RangeError(`pickRepresentatives: maxJaccard must be in (0, 1], got ${maxJaccard}`);
  }
  if (count === 0 || candidates.length === 0) return [];

  const pool: Scored[] = candidates.map((candidate) => {
    const stems = new Set(candidate.stems);
    return { candidate, stems, relevance: relevanceOf(stems, weights), maxSim: 0, excluded: false };
  });
  let maxRelevance = 0;
  for (const s of pool) if (s.relevance > maxRelevance) maxRelevance = s.relevance;

  const chosen: Candidate[] = [];
  const authors = new Set<string>();
  while (chosen.length < count) {
    let best: Scored | undefined;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (const s of pool) {
      if (s.excluded) continue;
      const relevance = maxRelevance > 0 ? s.relevance / maxRelevance : 0;
      const score = lambda * relevance + (1 - lambda) * (1 - s.maxSim);
      if (
        score > bestScore ||
        (score === bestScore && best !== undefined && before(s.candidate, best.candidate))
      ) {
        best = s;
        bestScore = score;
      }
    }
    if (best === undefined) break;
    chosen.push(best.candidate);
    authors.add(best.candidate.authorId);
    best.excluded = true;
    for (const s of pool) {
      if (s.excluded) continue;
      if (authors.has(s.candidate.authorId)) {
        s.excluded = true;
        continue;
      }
      const sim = jaccard(s.stems, best.stems);
      if (sim >= maxJaccard) s.excluded = true;
      else if (sim > s.maxSim) s.maxSim = sim;
    }
  }
  return chosen;
}

/** Σ weights / √(n + 1), scaled by n/4 below 4 distinct stems. */
function relevanceOf(stems: ReadonlySet<string>, weights: ReadonlyMap<string, number>): number {
  const n = stems.size;
  if (n === 0) return 0;
  let sum = 0;
  for (const s of stems) {
    const w = weights.get(s);
    if (w !== undefined && w > 0) sum += w;
  }
  const r = sum / Math.sqrt(n + 1);
  return n < MODERATE_STEMS ? (r * n) / MODERATE_STEMS : r;
}

/** |A ∩ B| / |A ∪ B|; two empty sets are identical (1). */
function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let inter = 0;
  for (const s of small) if (large.has(s)) inter++;
  return inter / (a.size + b.size - inter);
}

/** Total order for ties: id, then author, then text (code-unit order). */
function before(x: Candidate, y: Candidate): boolean {
  if (x.id !== y.id) return x.id < y.id;
  if (x.authorId !== y.authorId) return x.authorId < y.authorId;
  return x.text < y.text;
}
