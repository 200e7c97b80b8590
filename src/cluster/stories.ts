/**
 * Online clustering of a municipality's messages into stories: "dust from the embankment repair on
 * Черняховского" is one story of forty messages, not forty complaints about благоустройство.
 *
 * A message joins the most similar open story of its municipality when the similarity clears `threshold`, else
 * it seeds a new one. Similarity is the cosine of TF-IDF vectors — the message's distinct stems against the
 * story's stem counts — plus a place term: naming the story's street is strong evidence of the same story
 * (residents of one street write about one pipe burst), naming another street is evidence against, and so is
 * another topic. IDF comes from the shard's own decayed document frequencies, so the words every complaint
 * uses («опять», «двор», the street types) weigh little.
 *
 * A story closes when no message joined it for `idleCloseMs` of event time (a single message: `singletonIdleMs`),
 * when it is `maxSpanMs` old (a chronic complaint — «мусор на Садовом» every week — becomes one story a span,
 * not one that gathers a big town's every message naming that street for months), or when its municipality holds
 * more than `maxOpenPerMunicipality` open stories (the stalest goes first).
 * Copy-paste is flagged: a story of which at least 30 % (and 4) messages repeat its first text (stem-set
 * Jaccard ≥ 0.8) or were taken for copies of another account's text by the near-duplicate detector is a `flood`
 * when one or two accounts wrote it, a `campaign` when many did.
 *
 * State: per open story at most `maxStemsPerStory` stem counts, 3 streets and 64 authors; per shard a bounded
 * document-frequency table. Deterministic for a given message order; ids come from the first message.
 */
import type { Story, TopicId } from '../records.ts';
import { ADDRESS_WORDS } from './streets.ts';

export interface StoryOptions {
  /** Least similarity (cosine + place terms) to join a story. */
  threshold: number;
  /**
   * Least cosine of the words alone: a street is evidence about the place, not the story — without it, a big
   * town's every message naming one street (of whatever topic) gathered into one months-long story.
   */
  minCosine: number;
  /** Added when the message names the story's main street. */
  streetBonus: number;
  /** Subtracted when it names streets, none of them the story's main one. */
  streetPenalty: number;
  /** Subtracted when the message's topic is not the story's. */
  topicPenalty: number;
  idleCloseMs: number;
  singletonIdleMs: number;
  maxSpanMs: number;
  maxOpenPerMunicipality: number;
  maxStemsPerStory: number;
  /** A story is published (and listed) from this many messages on. */
  minMessages: number;
  /** Bound of the document-frequency table. */
  maxVocabulary: number;
}

export const DEFAULT_STORY_OPTIONS: Readonly<StoryOptions> = Object.freeze({
  threshold: 0.3,
  minCosine: 0.15,
  streetBonus: 0.25,
  streetPenalty: 0.75,
  topicPenalty: 0.1,
  idleCloseMs: 24 * 3_600_000,
  singletonIdleMs: 6 * 3_600_000,
  // Incidents last hours to three days.
  maxSpanMs: 4 * 24 * 3_600_000,
  maxOpenPerMunicipality: 48,
  maxStemsPerStory: 32,
  minMessages: 3,
  maxVocabulary: 60_000,
});

export interface StoryDoc {
  id: string;
  municipality: string;
  region: string;
  topic: TopicId;
  eventTimeMs: number;
  /** The account (absent: anonymous). */
  author?: string;
  /** The near-duplicate detector took it for a copy of another account's text (classify/near-duplicates.ts). */
  copy?: boolean;
  stems: readonly string[];
  /** The words the stems came from, same order (the story shows words, not stems). */
  tokens: readonly string[];
  /** Street keys named by the message (cluster/streets.ts), with a readable label each. */
  streets: readonly { key: string; label: string }[];
}

/** An open story's state (JSON-safe). */
interface OpenStory {
  id: string;
  municipality: string;
  region: string;
  startMs: number;
  lastMs: number;
  messages: number;
  /** stem → messages containing it. */
  stems: Record<string, number>;
  /** stem → the word it was first written as in this story. */
  words: Record<string, string>;
  /** topic → messages, and the topic with most. */
  topics: Record<string, number>;
  topic: TopicId;
  /** Keys in `stems`. */
  stemCount: number;
  streets: [string, string, number][];
  authors: string[];
  /** Messages from authors beyond the 64 kept (lower bound of new ones). */
  extraAuthors: number;
  /** The first message's distinct stems, and how many messages repeated it. */
  seed: string[];
  copies: number;
  /** Norm of the story's TF-IDF vector, as of its last message. */
  norm: number;
  closed: boolean;
}

export interface StoriesSnapshot {
  open: OpenStory[];
  df: [string, number][];
  docs: number;
  nowMs?: number;
}

const MAX_AUTHORS = 64;
const MAX_STREETS = 3;
const COPY_JACCARD = 0.8;

export class Stories {
  readonly #o: StoryOptions;
  readonly #open = new Map<string, OpenStory[]>();
  #df = new Map<string, number>();
  #docs = 0;
  /**
   * The newest event time placed: idle stories close against it, never against a late message's own time, so
   * where a batch ends (and `advance` runs) does not change which story a late message joins.
   */
  #nowMs = Number.NEGATIVE_INFINITY;
  /** Stories changed since the last `take` (by id). */
  /** Published values as of each change: IDF moves on, so a value is fixed when its story changes. */
  #changed = new Map<string, Story>();

  constructor(options: Partial<StoryOptions> = {}, restoreFrom?: StoriesSnapshot) {
    this.#o = { ...DEFAULT_STORY_OPTIONS, ...options };
    if (restoreFrom) {
      for (const s of restoreFrom.open) this.#listOf(s.municipality).push(s);
      this.#df = new Map(restoreFrom.df);
      this.#docs = restoreFrom.docs;
      this.#nowMs = restoreFrom.nowMs ?? Number.NEGATIVE_INFINITY;
    }
  }

  snapshot(): StoriesSnapshot {
    return {
      open: [...this.#open.values()].flat(),
      df: [...this.#df],
      docs: this.#docs,
      ...(Number.isFinite(this.#nowMs) ? { nowMs: this.#nowMs } : {}),
    };
  }

  get openCount(): number {
    let n = 0;
    for (const l of this.#open.values()) n += l.length;
    return n;
  }

  /** Place a message in a story; returns the story's id. */
  add(doc: StoryDoc): string {
    const stems = [...new Set(doc.stems)];
    this.#learnDf(stems);
    const list = this.#listOf(doc.municipality);
    if (doc.eventTimeMs > this.#nowMs) this.#nowMs = doc.eventTimeMs;
    this.#closeIdle(list, this.#nowMs);
    let best: OpenStory | undefined;
    let bestSim = this.#o.threshold;
    const idf = stems.map((s) => this.#idf(s));
    let docNorm = 0;
    for (const w of idf) docNorm += w * w;
    docNorm = Math.sqrt(docNorm);
    for (const story of list) {
      const sim = this.#similarity(story, stems, idf, docNorm, doc);
      if (sim >= bestSim) {
        best = story;
        bestSim = sim;
      }
    }
    if (best === undefined) {
      best = this.#seed(doc, stems);
      list.push(best);
      if (list.length > this.#o.maxOpenPerMunicipality) this.#evictStalest(list);
    } else this.#join(best, doc, stems);
    if (best.messages >= this.#o.minMessages) this.#changed.set(best.id, this.#publish(best));
    return best.id;
  }

  /** Close stories idle at `watermarkMs` (all municipalities). */
  advance(watermarkMs: number): void {
    for (const list of this.#open.values()) this.#closeIdle(list, watermarkMs);
  }

  /** Close every story (end of a finite stream). */
  flush(): void {
    for (const list of this.#open.values()) {
      for (const s of list) this.#close(s);
      list.length = 0;
    }
  }

  /** Published stories changed since the last call (opened, grown or closed), as full values. */
  take(): Story[] {
    const out: Story[] = [];
    for (const s of this.#changed.values()) out.push(s);
    this.#changed = new Map();
    return out;
  }

  #listOf(municipality: string): OpenStory[] {
    let l = this.#open.get(municipality);
    if (l === undefined) {
      l = [];
      this.#open.set(municipality, l);
    }
    return l;
  }

  #idf(stem: string): number {
    return Math.log((this.#docs + 1) / ((this.#df.get(stem) ?? 0) + 1)) + 1;
  }

  #learnDf(stems: readonly string[]): void {
    this.#docs++;
    for (const s of stems) this.#df.set(s, (this.#df.get(s) ?? 0) + 1);
    if (this.#df.size > this.#o.maxVocabulary) {
      // Halve everything and drop what falls below one document: rare words go, the scale stays.
      this.#docs /= 2;
      const next = new Map<string, number>();
      for (const [s, n] of this.#df) if (n >= 2) next.set(s, n / 2);
      this.#df = next;
    }
  }

  #similarity(
    story: OpenStory,
    stems: readonly string[],
    idf: readonly number[],
    docNorm: number,
    doc: StoryDoc,
  ): number {
    let dot = 0;
    for (let i = 0; i < stems.length; i++) {
      const c = story.stems[stems[i] as string];
      if (c !== undefined) dot += (idf[i] as number) * (idf[i] as number) * c;
    }
    let sim = docNorm > 0 && story.norm > 0 ? dot / (docNorm * story.norm) : 0;
    if (sim < this.#o.minCosine) return Number.NEGATIVE_INFINITY;
    const main = story.streets[0]?.[0];
    if (main !== undefined && doc.streets.length > 0) {
      // Another street named: a second burst pipe is not the first one's story, unless the words insist.
      sim += doc.streets.some((s) => s.key === main) ? this.#o.streetBonus : -this.#o.streetPenalty;
    }
    if (story.topic !== doc.topic) sim -= this.#o.topicPenalty;
    return sim;
  }

  #seed(doc: StoryDoc, stems: string[]): OpenStory {
    const s: OpenStory = {
      id: `story:${doc.municipality}:${doc.id}`,
      municipality: doc.municipality,
      region: doc.region,
      startMs: doc.eventTimeMs,
      lastMs: doc.eventTimeMs,
      messages: 0,
      stems: {},
      words: {},
      stemCount: 0,
      topics: {},
      topic: doc.topic,
      streets: [],
      authors: [],
      extraAuthors: 0,
      seed: stems.slice(0, 64),
      copies: 0,
      norm: 0,
      closed: false,
    };
    this.#join(s, doc, stems);
    return s;
  }

  #join(s: OpenStory, doc: StoryDoc, stems: readonly string[]): void {
    s.messages++;
    s.startMs = Math.min(s.startMs, doc.eventTimeMs);
    s.lastMs = Math.max(s.lastMs, doc.eventTimeMs);
    for (const st of stems) {
      const c = s.stems[st];
      if (c === undefined) s.stemCount++;
      s.stems[st] = (c ?? 0) + 1;
    }
    const t = (s.topics[doc.topic] ?? 0) + 1;
    s.topics[doc.topic] = t;
    if (t > (s.topics[s.topic] ?? 0)) s.topic = doc.topic;
    for (let i = 0; i < doc.stems.length; i++) {
      const st = doc.stems[i] as string;
      if (s.words[st] === undefined) s.words[st] = doc.tokens[i] ?? st;
    }
    if (s.stemCount > 2 * this.#o.maxStemsPerStory) this.#pruneStems(s);
    let norm = 0;
    for (const st in s.stems) {
      const w = this.#idf(st) * (s.stems[st] as number);
      norm += w * w;
    }
    s.norm = Math.sqrt(norm);
    for (const { key, label } of doc.streets) {
      if (doc.streets.find((x) => x.key === key)?.label !== label) continue; // named twice: counted once
      const at = s.streets.find((x) => x[0] === key);
      if (at) at[2]++;
      else s.streets.push([key, label, 1]);
    }
    s.streets.sort((a, b) => b[2] - a[2] || (a[0] < b[0] ? -1 : 1));
    if (s.streets.length > MAX_STREETS * 2) s.streets.length = MAX_STREETS * 2;
    const author = doc.author ?? `\u0000${doc.id}`;
    if (!s.authors.includes(author)) {
      if (s.authors.length < MAX_AUTHORS) s.authors.push(author);
      else s.extraAuthors++;
    }
    if (doc.copy || (s.messages > 1 && jaccard(s.seed, stems) >= COPY_JACCARD)) s.copies++;
  }

  /** Keep the stems with the largest count × IDF (what the story is about, not what everyone says). */
  #pruneStems(s: OpenStory): void {
    const kept = Object.entries(s.stems)
      .map(([st, c]) => [st, c, c * this.#idf(st)] as const)
      .sort((a, b) => b[2] - a[2] || (a[0] < b[0] ? -1 : 1))
      .slice(0, this.#o.maxStemsPerStory);
    s.stems = Object.fromEntries(kept.map(([st, c]) => [st, c]));
    s.stemCount = kept.length;
    s.words = Object.fromEntries(kept.map(([st]) => [st, s.words[st] ?? st]));
  }

  #closeIdle(list: OpenStory[], nowMs: number): void {
    let w = 0;
    for (const s of list) {
      const idle = s.messages === 1 ? this.#o.singletonIdleMs : this.#o.idleCloseMs;
      if (nowMs - s.lastMs > idle || nowMs - s.startMs > this.#o.maxSpanMs) this.#close(s);
      else list[w++] = s;
    }
    list.length = w;
  }

  #evictStalest(list: OpenStory[]): void {
    let at = 0;
    for (let i = 1; i < list.length; i++) {
      const a = list[i] as OpenStory;
      const b = list[at] as OpenStory;
      // Singletons go before stories; then the longest idle.
      const aSingle = a.messages === 1;
      const bSingle = b.messages === 1;
      if ((aSingle && !bSingle) || (aSingle === bSingle && a.lastMs < b.lastMs)) at = i;
    }
    const [gone] = list.splice(at, 1);
    if (gone) this.#close(gone);
  }

  /** The caller removes it from its municipality's list. */
  #close(s: OpenStory): void {
    s.closed = true;
    if (s.messages >= this.#o.minMessages) this.#changed.set(s.id, this.#publish(s));
  }

  #publish(s: OpenStory): Story {
    const authors = s.authors.length + s.extraAuthors;
    // Copy-paste a good part of it (the rest: residents who wrote of the same thing): a campaign, or a flood of
    // one or two accounts; one account writing five times is a flood whatever it writes.
    const copied = s.messages >= 5 && s.copies >= Math.max(4, 0.3 * s.messages);
    const kind: Story['kind'] = copied
      ? authors <= 2
        ? 'flood'
        : 'campaign'
      : authors <= 1 && s.messages >= 5
        ? 'flood'
        : 'story';
    const streets = s.streets
      .slice(0, MAX_STREETS)
      .map(([key, label, messages]) => ({ key, label, messages }));
    // Words that say what it is about: not the street's own words, numbers or address abbreviations.
    const streetWords = new Set(streets.flatMap((x) => x.key.split(' ')));
    const stems = Object.entries(s.stems)
      .map(([st, c]) => [s.words[st] ?? st, c * this.#idf(st)] as const)
      .filter(([w]) => w.length >= 3 && !/^\d/.test(w) && !ADDRESS_WORDS.has(w) && !streetWords.has(w))
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, 8)
      .map(([w]) => w);
    const about = stems.slice(0, 3).join(' ');
    return {
      id: s.id,
      municipality: s.municipality,
      region: s.region,
      topic: s.topic,
      kind,
      startMs: s.startMs,
      lastMs: s.lastMs,
      messages: s.messages,
      authors,
      terms: stems,
      streets,
      label: streets[0] ? `${about} — ${streets[0].label}` : about,
      closed: s.closed,
    };
  }
}

function jaccard(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 && b.length === 0) return 1;
  const set = new Set(a);
  let inter = 0;
  for (const x of b) if (set.has(x)) inter++;
  return inter / (a.length + b.length - inter);
}
