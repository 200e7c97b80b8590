/**
 * Real appeals indexed for recombination (compose-real.ts): per topic, each appeal as its list of sentences (city
 * names masked, real-city-names.ts) and the sentences pooled by position (first, middle, last: greetings open,
 * pleas and signatures close), plus each lower-case word's document frequency (an incident's distinctive words
 * are its story's rare words). Built once; composing a message is then a few array picks.
 *
 * A topic with fewer than MIN_APPEALS_PER_TOPIC appeals gets no material: recombining a handful of texts at a big
 * city's volume would repeat them, so that topic keeps its templates.
 */
import type { TopicId } from '../../records.ts';
import { maskCityNames } from './real-city-names.ts';
import { splitSentences } from './split-sentences.ts';
import { TOPIC_IDS } from './topic-profiles.ts';

export const MIN_APPEALS_PER_TOPIC = 10;
/** A campaign posts a long appeal: at least this many words. */
export const CAMPAIGN_MIN_WORDS = 40;

export interface RealAppeal {
  topic: TopicId;
  text: string;
  /** Whose city names it carries. */
  city: 'kursk' | 'troitsk';
}

export interface TopicMaterial {
  /** Each appeal's sentences, in order. */
  appeals: readonly (readonly string[])[];
  first: readonly string[];
  middle: readonly string[];
  last: readonly string[];
  /** Indices of appeals of at least CAMPAIGN_MIN_WORDS words. */
  long: readonly number[];
}

export interface RealCorpus {
  /** By topic index (TOPIC_IDS order); undefined: too few appeals, use templates. */
  topics: readonly (TopicMaterial | undefined)[];
  /** Appeals (all topics) containing each lower-case Cyrillic word. */
  docFreq: ReadonlyMap<string, number>;
}

const WORDS = /[а-яё]+/g;

export function buildRealCorpus(appeals: readonly RealAppeal[]): RealCorpus {
  const byTopic = TOPIC_IDS.map(() => [] as string[][]);
  const docFreq = new Map<string, number>();
  for (const a of appeals) {
    const t = TOPIC_IDS.indexOf(a.topic);
    const sentences = splitSentences(maskCityNames(a.text, a.city));
    if (t < 0 || sentences.length === 0) continue;
    byTopic[t]?.push(sentences);
    for (const w of new Set(a.text.toLowerCase().match(WORDS) ?? []))
      docFreq.set(w, (docFreq.get(w) ?? 0) + 1);
  }
  return {
    topics: byTopic.map((list) => (list.length >= MIN_APPEALS_PER_TOPIC ? material(list) : undefined)),
    docFreq,
  };
}

function material(appeals: string[][]): TopicMaterial {
  const first: string[] = [];
  const middle: string[] = [];
  const last: string[] = [];
  const long: number[] = [];
  appeals.forEach((s, i) => {
    first.push(s[0] as string);
    if (s.length > 1) last.push(s.at(-1) as string);
    middle.push(...s.slice(1, -1));
    if (s.join(' ').split(/\s+/).length >= CAMPAIGN_MIN_WORDS) long.push(i);
  });
  // Most appeals are one or two sentences: borrow from the other positions rather than repeat a few.
  return {
    appeals,
    first,
    middle: middle.length >= appeals.length ? middle : [...middle, ...first, ...last],
    last: last.length >= appeals.length / 2 ? last : [...last, ...first],
    long: long.length > 0 ? long : appeals.map((_, i) => i),
  };
}
