/**
 * Topic lexicons (fixtures/topics.json `lexicon`: stem or stem bigram → weight) compiled into one lookup table, and
 * the per-topic lexicon score of a feature list: log(1 + Σ weights of the distinct entries it contains).
 * The log keeps one long letter that repeats a topic's words from outweighing a short one.
 */

import type { TopicId } from '../records.ts';
import type { Topic } from '../reference/topics.ts';

export interface CompiledLexicon {
  readonly topics: readonly TopicId[];
  /** feature → [topicIndex, weight, topicIndex, weight, …] */
  readonly entries: ReadonlyMap<string, readonly number[]>;
}

export function compileLexicon(topics: readonly Topic[]): CompiledLexicon {
  const ids = topics.map((t) => t.id);
  const entries = new Map<string, number[]>();
  topics.forEach((t, ti) => {
    for (const [feature, weight] of Object.entries(t.lexicon)) {
      let list = entries.get(feature);
      if (!list) {
        list = [];
        entries.set(feature, list);
      }
      list.push(ti, weight);
    }
  });
  return { topics: ids, entries };
}

/** Writes log1p(Σ weights) per topic into `out` (length = topics), for distinct `features`. */
export function scoreLexiconInto(
  lex: CompiledLexicon,
  features: readonly string[],
  out: Float64Array,
): Float64Array {
  out.fill(0);
  for (const f of features) {
    const e = lex.entries.get(f);
    if (e === undefined) continue;
    for (let i = 0; i < e.length; i += 2) {
      const t = e[i] as number;
      out[t] = (out[t] as number) + (e[i + 1] as number);
    }
  }
  for (let i = 0; i < out.length; i++) out[i] = Math.log1p(out[i] as number);
  return out;
}
