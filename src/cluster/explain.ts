/**
 * Why is it spiking? The explanation of an alert or a flagged window, from its messages against the same place
 * and topic before it:
 *
 * - terms: words and two-word phrases whose share of messages jumps in the window (log-likelihood keyness,
 *   keyness.ts), counted on stems and shown as residents most often wrote them;
 * - streets: the streets named in the window, most concentrated first (keyness again: a street every message of
 *   the town names is no explanation); districts likewise, in the cities whose districts are known;
 * - clusters: the stories (stories.ts) most of the window's messages belong to;
 * - samples: 3–5 representative messages, different from each other (representatives.ts), personal data masked.
 *
 * Pure: the caller reads the messages (the store) and the stories; nothing here does I/O.
 */
import { isStopwordRu, normaliseText, stemRu, tokenize } from '../normalise/index.ts';
import { maskPii } from '../normalise/mask-pii.ts';
import type { Story } from '../records.ts';
import { keyTerms, SurfaceForms } from './keyness.ts';
import { pickRepresentatives } from './representatives.ts';
import { ADDRESS_WORDS, extractStreets, formatStreet } from './streets.ts';

export interface ExplainMessage {
  id: string;
  text: string;
  author: string | null;
  eventTimeMs: number;
  storyId: string | null;
  /** The district its text names (OKTMO code; geo/districts.ts), null or absent when none. */
  district?: string | null;
}

export interface Explanation {
  /** Messages in the window, and in the reference it was compared with. */
  messages: number;
  referenceMessages: number;
  terms: { term: string; stem: string; target: number; reference: number; g2: number; logRatio: number }[];
  streets: { key: string; label: string; messages: number; share: number; reference: number }[];
  /** Districts named in the window (code, name), most concentrated first; empty where none are known. */
  districts: { code: string; name: string; messages: number; share: number; reference: number }[];
  clusters: {
    id: string;
    label: string;
    kind: Story['kind'];
    messages: number;
    authors: number;
    /** Of the window's messages, how many are in it. */
    inWindow: number;
    terms: string[];
    streets: string[];
  }[];
  samples: { id: string; text: string; eventTimeMs: number; storyId: string | null }[];
}

export interface ExplainOptions {
  terms: number;
  streets: number;
  districts: number;
  /** A district's display name by its code (default: the code). */
  districtName: (code: string) => string | undefined;
  clusters: number;
  samples: number;
}

export const DEFAULT_EXPLAIN: Readonly<ExplainOptions> = Object.freeze({
  terms: 10,
  streets: 5,
  districts: 3,
  districtName: () => undefined,
  clusters: 5,
  samples: 5,
});

interface Analysed {
  m: ExplainMessage;
  /** Distinct stems and two-stem phrases of content words. */
  terms: Set<string>;
  stems: string[];
  streets: Map<string, string>;
}

function analyse(m: ExplainMessage, forms: SurfaceForms | null): Analysed {
  const tokens = tokenize(normaliseText(m.text)).filter(
    (t) => !isStopwordRu(t) && t.length >= 2 && !/^\d+$/.test(t) && !ADDRESS_WORDS.has(t),
  );
  const stems = tokens.map(stemRu);
  const terms = new Set<string>(stems);
  for (let i = 0; i < stems.length; i++) {
    forms?.add(stems[i] as string, tokens[i] as string);
    if (i + 1 < stems.length) {
      const phrase = `${stems[i]} ${stems[i + 1]}`;
      terms.add(phrase);
      forms?.add(phrase, `${tokens[i]} ${tokens[i + 1]}`);
    }
  }
  const streets = new Map<string, string>();
  for (const s of extractStreets(m.text))
    if (!streets.has(s.key)) streets.set(s.key, formatStreet({ kind: s.kind, name: s.name }));
  return { m, terms, stems, streets };
}

function documentFrequencies(docs: readonly Analysed[]): Map<string, number> {
  const df = new Map<string, number>();
  for (const d of docs) for (const t of d.terms) df.set(t, (df.get(t) ?? 0) + 1);
  return df;
}

/**
 * Explain `target` (the window's messages) against `reference` (the same place and topic before it).
 * @example
 * explain(windowMessages, priorMessages, storiesById).terms.map((t) => t.term)
 * // → ['пыль', 'набережной', 'ремонт набережной', …]
 */
export function explain(
  target: readonly ExplainMessage[],
  reference: readonly ExplainMessage[],
  stories: ReadonlyMap<string, Story>,
  opts: Partial<ExplainOptions> = {},
): Explanation {
  const o = { ...DEFAULT_EXPLAIN, ...opts };
  const forms = new SurfaceForms({ maxStems: 20_000 });
  const docs = target.map((m) => analyse(m, forms));
  const refs = reference.map((m) => analyse(m, null));
  const targetDf = documentFrequencies(docs);
  const refDf = documentFrequencies(refs);
  // A phrase repeats what its words say: keep it only when it ranks above both of them.
  const ranked = keyTerms(targetDf, docs.length, refDf, refs.length, { limit: o.terms * 3 });
  const rank = new Map(ranked.map((k, i) => [k.term, i]));
  const kept = ranked.filter((k) => {
    if (!k.term.includes(' ')) return true;
    const [a, b] = k.term.split(' ') as [string, string];
    const i = rank.get(k.term) as number;
    return i < (rank.get(a) ?? Number.POSITIVE_INFINITY) && i < (rank.get(b) ?? Number.POSITIVE_INFINITY);
  });
  const terms = kept.slice(0, o.terms).map((k) => ({
    term: forms.best(k.term),
    stem: k.term,
    target: k.target,
    reference: k.reference,
    g2: k.g2,
    logRatio: k.logRatio,
  }));

  const streetCounts = new Map<string, { label: string; n: number }>();
  for (const d of docs)
    for (const [key, label] of d.streets) {
      const c = streetCounts.get(key);
      if (c) c.n++;
      else streetCounts.set(key, { label, n: 1 });
    }
  const refStreets = new Map<string, number>();
  for (const d of refs)
    for (const key of d.streets.keys()) refStreets.set(key, (refStreets.get(key) ?? 0) + 1);
  const streetRank = keyTerms(
    new Map([...streetCounts].map(([k, v]) => [k, v.n])),
    docs.length,
    refStreets,
    refs.length,
    { minG2: 0, minTarget: 2, limit: o.streets },
  );
  const streets = streetRank.map((k) => ({
    key: k.term,
    label: streetCounts.get(k.term)?.label ?? k.term,
    messages: k.target,
    share: k.target / docs.length,
    reference: k.reference,
  }));

  const districts = keyTerms(
    countBy(target, (m) => m.district),
    target.length,
    countBy(reference, (m) => m.district),
    reference.length,
    { minG2: 0, minTarget: 2, limit: o.districts },
  ).map((k) => ({
    code: k.term,
    name: o.districtName(k.term) ?? k.term,
    messages: k.target,
    share: k.target / target.length,
    reference: k.reference,
  }));

  const inStory = new Map<string, number>();
  for (const m of target) if (m.storyId) inStory.set(m.storyId, (inStory.get(m.storyId) ?? 0) + 1);
  const clusters = [...inStory]
    .filter(([id]) => stories.has(id))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, o.clusters)
    .map(([id, n]) => {
      const s = stories.get(id) as Story;
      return {
        id,
        label: s.label,
        kind: s.kind,
        messages: s.messages,
        authors: s.authors,
        inWindow: n,
        terms: s.terms,
        streets: s.streets.map((x) => x.label),
      };
    });

  const weights = new Map<string, number>();
  for (const k of kept) if (!k.term.includes(' ')) weights.set(k.term, k.g2);
  const samples = pickRepresentatives(
    docs.map((d) => ({
      id: d.m.id,
      stems: d.stems,
      authorId: d.m.author ?? `\u0000${d.m.id}`,
      text: d.m.text,
    })),
    weights,
    { count: o.samples },
  ).map((c) => {
    const m = target.find((x) => x.id === c.id) as ExplainMessage;
    return { id: m.id, text: maskPii(m.text), eventTimeMs: m.eventTimeMs, storyId: m.storyId };
  });

  return {
    messages: target.length,
    referenceMessages: reference.length,
    terms,
    streets,
    districts,
    clusters,
    samples,
  };
}

function countBy<T>(items: readonly T[], key: (t: T) => string | null | undefined): Map<string, number> {
  const out = new Map<string, number>();
  for (const it of items) {
    const k = key(it);
    if (k != null) out.set(k, (out.get(k) ?? 0) + 1);
  }
  return out;
}
