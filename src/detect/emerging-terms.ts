/**
 * Emerging terms: words whose use by *distinct authors* jumps within an hour in a municipality (or across a
 * region's towns) beyond what the topics they were written under explain — a new problem, a new place, a word
 * the taxonomy has no topic for ("пыль", "набережная", a street's name).
 *
 * The expectation of a term w in one hour of a place:
 *
 *   λ(w) = r_place(w) × Σ_topics N_t × p(w | t)
 *
 * - N_t: messages of topic t in that place and hour. Conditioning on the topic is the point: a snowfall that
 *   triples snow complaints triples "снег" too, and that is the topic detector's business, not new content.
 * - p(w | t): the term's share of topic t's messages over the shard, forgotten exponentially (14 days), shrunk
 *   toward its share over all topics; a word never seen gets half a message's worth.
 * - r_place(w): how much more (or less) this place uses it than the shard's topics predict — its streets, its
 *   river — (observed + 3) / (expected + 3), forgotten alike.
 * - The test is a negative binomial tail (count of authors, α from the evidence behind r and p, at most 1),
 *   at a strict p-value: every word of every active place is a test each hour.
 * - Learns after testing; a flagged term teaches at most ⌈λ + 3√λ + 1⌉ authors, so a story does not become
 *   vocabulary at once (the same words return with the next incident of the kind).
 *
 * Hours are UTC-aligned and close when the shard's watermark passes their end, so — like windows — the output
 * depends only on the shard's messages and their order. Messages of an hour already closed are not counted.
 *
 * Region-wide bursts are tested when an hour closes, from its towns' counts (authors united across towns), against
 * the shard's topic model alone (a shard is a set of whole regions).
 *
 * State is bounded: per topic and overall at most `maxTopicTerms` words, per municipality at most
 * `maxPlaceTerms` (the least used are evicted), plus the open hours' words and authors. Counts are kept scaled
 * to a reference time, so forgetting costs one multiplication per hour, not an exponential per word.
 *
 * Pairs (`pairs`; off by default, as they more than double this stage's cost: bench/emerging-pairs.ts): two
 * content stems written next to each other («ржавая вода», «запах канализации», «открытый люк») are terms of
 * their own, in a model of their own built the same way — p(pair|t),
 * r_place(pair), the same tail test, learning cap and region-wide test — so a combination that is new bursts
 * though both its words are everyday vocabulary. The rules:
 * - Adjacent in `stems` only, no gap: stop words are already out of `stems` («запах из канализации» gives
 *   «зап канализац»), and a one-word gap would double the pairs counted and tested (each a test at the same strict
 *   p-value) mostly to repeat what the adjacent pairs say. The same stem twice is not a pair.
 * - Each stem letters only and at least `minPairStemLength` (3) long, not `minStemLength` (4): the words a new
 *   combination is made of are everyday ones, and those are short («вод», «люк», «газ», «нет», «без»); the pair
 *   as a whole is specific enough. A number or short stem between two words breaks the pair.
 * - Reported as a TermBurst whose `stem` is the two stems joined by a space, `term` and `phrase` the pair as most
 *   often written (content tokens, e.g. «ржавая вода»).
 * - One report per story: a pair is not reported where one of its words bursts in the same hour — in the same
 *   town, or for a region-wide pair in the region or any of its towns. The word is the wider signal (every
 *   message with the pair has the word) and its burst already names the pair as its `phrase` when half its
 *   messages share it; word bursts stay as they were without pairs. The pair still learns as flagged (capped).
 * - Own tables and caps (`maxTopicPairs`, `maxPlacePairs`): pairs are many more than words, and sharing the
 *   words' caps would evict words. An absent pair is read as used as much as the most used pair its table ever
 *   evicted (decayed like the counts): a steady pair pushed out by a week's long tail of one-off pairs comes back
 *   as known, not as new; a really new pair pays only a slightly higher λ.
 * - Warm-up counts from the first hour closed with pairs on: a snapshot from before pairs restores with an empty
 *   pair model, which says nothing for `warmupMs` (else every pair would be new on the first hour).
 */
import { STEM_IDS, stemIdsOf } from '../normalise/stem-ids.ts';
import type { TermBurst, TopicId } from '../records.ts';
import { decodeNumber, encodeNumber, type JsonNumber } from '../state/json-number.ts';
import { scoreOf } from './poisson-burst.ts';
import { negBinomialLogUpperTail } from './series.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export interface EmergingTermsOptions {
  /** Fewest distinct authors a burst needs. */
  minAuthors: number;
  /** Threshold on P(X ≥ observed) of one term; strict, as each active place tests its words every hour. */
  pValue: number;
  /**
   * Family-wise threshold of one place-hour: a term is flagged at P < min(pValue, familyPValue / V), V the distinct
   * terms of its kind the place wrote that hour. A million-city writes thousands of words an hour, a village a few
   * dozen: with one per-term threshold the big city's false bursts grow with its vocabulary; with this bound the
   * chance of any false burst in a place-hour stays ≤ familyPValue (Bonferroni) whatever it writes.
   */
  familyPValue: number;
  /** Observed must be at least this many times λ. */
  minRatio: number;
  /** e-folding time of the counts. */
  memoryMs: number;
  /** Words kept per topic (and overall) in the shard's model. */
  maxTopicTerms: number;
  /** Words kept per municipality or region. */
  maxPlaceTerms: number;
  /** Shortest stem tested (short stems are mostly grammar). */
  minStemLength: number;
  /** Region-wide bursts need this many municipalities (one town's burst is that town's). */
  minRegionMunicipalities: number;
  /** No bursts until the model has learned this long (at the start every word is new). */
  warmupMs: number;
  /** Test adjacent pairs of content stems as terms too (see the header). */
  pairs: boolean;
  /** Pairs kept per topic (and overall) in the shard's model. */
  maxTopicPairs: number;
  /** Pairs kept per municipality. */
  maxPlacePairs: number;
  /** Shortest stem of a pair's two (the words of a new combination are everyday, short ones). */
  minPairStemLength: number;
}

export const DEFAULT_EMERGING_TERMS: Readonly<EmergingTermsOptions> = Object.freeze({
  minAuthors: 4,
  pValue: 1e-7,
  familyPValue: 1e-5,
  minRatio: 3,
  memoryMs: 14 * DAY_MS,
  maxTopicTerms: 4000,
  maxPlaceTerms: 400,
  minStemLength: 4,
  minRegionMunicipalities: 2,
  warmupMs: 3 * DAY_MS,
  pairs: false,
  maxTopicPairs: 8000,
  maxPlacePairs: 800,
  minPairStemLength: 3,
});

/** What the detector needs of a classified message. */
export interface TermDoc {
  id: string;
  municipality: string;
  region: string;
  topic: TopicId;
  eventTimeMs: number;
  author?: string;
  /** Content tokens and their stems, same order (normalise/). */
  tokens: readonly string[];
  stems: readonly string[];
  /** Ids of `stems` (normalise/stem-ids.ts, the process's STEM_IDS); computed from them when absent. */
  stemIds?: Int32Array | undefined;
}

/**
 * How a table's keys are written: a word's key is its stem id (a number: a Map finds it without reading a string),
 * a pair's or a topic's its string. Snapshots and the tie order of `trim` use the string, so neither depends on ids.
 */
export interface TermKeys<K extends string | number> {
  name(key: K): string;
  key(name: string): K;
}

/** Strings as they are (pairs, topics). */
export const STRING_KEYS: TermKeys<string> = Object.freeze({ name: (k: string) => k, key: (n: string) => n });

/** Stems by their id in the process's STEM_IDS. */
export const STEM_KEYS: TermKeys<number> = Object.freeze({
  name: (id: number) => STEM_IDS.stemOf(id),
  key: (stem: string) => STEM_IDS.idOf(stem),
});

/**
 * Words → exponentially forgotten counts, with a forgotten total; at most `max` words (the least used evicted).
 * Values are stored scaled by e^((at − ref)/memory): adding and reading cost a multiplication, and ranking needs
 * no rescaling; the reference moves forward (rescaling every value) once the factor grows large.
 */
export interface CountTableSnapshot {
  ref: number;
  total: number;
  terms: [string, number][];
  /** The largest value evicted (scaled like the others); absent in older snapshots (nothing evicted known). */
  evicted?: number;
}

export class CountTable<K extends string | number = string> {
  #ref: number;
  #total: number;
  /**
   * Word → its slot in `#values`. The counts live in a typed array, not as Map values: a double stored in a Map
   * is a heap object, allocated at every `add` (this table is written for every word of every closed hour).
   * The Map keeps the words' insertion order, which `trim` and `snapshot` follow as before.
   */
  readonly #slots: Map<K, number>;
  readonly #keys: TermKeys<K>;
  #values: Float64Array;
  /** Slots freed by `trim`, reused before the array grows. */
  readonly #free: number[] = [];
  #at = Number.NaN;
  #factor = 1;
  #evicted: number;

  /**
   * `enterAtFloor`: a word not kept enters at the largest count ever evicted (the shard's topic model, see `add`);
   * false for a town's own table, whose counts make a ratio (below) and must not be inflated for every word the
   * town writes once.
   */
  constructor(
    private readonly memoryMs: number,
    private readonly max: number,
    s?: CountTableSnapshot,
    private readonly enterAtFloor = true,
    keys: TermKeys<K> = STRING_KEYS as unknown as TermKeys<K>,
  ) {
    this.#ref = s?.ref ?? Number.NaN;
    this.#total = s?.total ?? 0;
    const terms = s?.terms ?? [];
    this.#slots = new Map();
    this.#keys = keys;
    this.#values = new Float64Array(Math.max(16, terms.length));
    for (const [w, v] of terms) this.#set(keys.key(w), v);
    this.#evicted = s?.evicted ?? 0;
  }

  get size(): number {
    return this.#slots.size;
  }

  /** Store a value under a word (a new word takes a free slot, or the next one). */
  #set(w: K, v: number): void {
    let slot = this.#slots.get(w);
    if (slot === undefined) {
      slot = this.#free.pop() ?? this.#slots.size;
      if (slot >= this.#values.length) {
        const grown = new Float64Array(this.#values.length * 2);
        grown.set(this.#values);
        this.#values = grown;
      }
      this.#slots.set(w, slot);
    }
    this.#values[slot] = v;
  }

  /** e^((at − ref)/memory), moving the reference forward when it grows past e^30. */
  #scale(at: number): number {
    if (at === this.#at) return this.#factor;
    if (Number.isNaN(this.#ref)) this.#ref = at;
    let x = (at - this.#ref) / this.memoryMs;
    if (x > 30) {
      const f = Math.exp(-x);
      this.#total *= f;
      this.#evicted *= f;
      const values = this.#values;
      for (const slot of this.#slots.values()) values[slot] = (values[slot] as number) * f;
      this.#ref = at;
      x = 0;
    }
    this.#at = at;
    this.#factor = Math.exp(x);
    return this.#factor;
  }

  // #scale may rescale every stored value: it must run before any of them is read (`#total += n * #scale(at)`
  // would read the old total first and write it back unscaled — after 30 memories, ×e^30 counts).
  total(at: number): number {
    const f = this.#scale(at);
    return this.#total / f;
  }

  get(w: K, at: number): number {
    const f = this.#scale(at);
    const slot = this.#slots.get(w);
    return slot === undefined ? 0 : (this.#values[slot] as number) / f;
  }

  has(w: K): boolean {
    return this.#slots.has(w);
  }

  /**
   * The count of a word, but at least the largest count ever evicted (forgotten alike): what an evicted word may
   * still have been worth — an upper bound, so a common word pushed out reads as common, not as new. A word kept
   * with less is read at the floor too: it may be one that was evicted and came back, its count restarted from
   * nothing (a big city's mid-frequency words do that every few days).
   */
  getOrEvicted(w: K, at: number): number {
    const f = this.#scale(at);
    const slot = this.#slots.get(w);
    return Math.max(slot === undefined ? 0 : (this.#values[slot] as number), this.#evicted) / f;
  }

  /** Whether it has ever evicted a word: its counts may then have restarted from nothing (see placeRatio). */
  hasEvicted(): boolean {
    return this.#evicted > 0;
  }

  addTotal(n: number, at: number): void {
    const f = this.#scale(at);
    this.#total += n * f;
  }

  /**
   * With `enterAtFloor`, a word not kept enters at the largest count ever evicted (as in Space-Saving, Metwally et
   * al. 2005): it may be one that was evicted and comes back. Entering at nothing, a big city's mid-frequency words
   * were pushed out at every trim before they could add up, and read as new each time they came back.
   */
  add(w: K, n: number, at: number): void {
    const f = this.#scale(at);
    const slot = this.#slots.get(w);
    if (slot !== undefined) this.#values[slot] = (this.#values[slot] as number) + n * f;
    else this.#set(w, (this.enterAtFloor ? this.#evicted : 0) + n * f);
  }

  entries(at: number): [string, number][] {
    const f = this.#scale(at);
    const values = this.#values;
    const { name } = this.#keys;
    return Array.from(this.#slots, ([w, slot]) => [name(w), (values[slot] as number) / f]);
  }

  /**
   * Evict the least used words once 25 % over the cap (amortised), keeping the `max` largest (ties: the smaller
   * word). The cut is found on a typed array of the values and only the tied words at it are sorted — the same
   * words as sorting all entries, at a fraction of the cost (pair tables trim often).
   */
  trim(): void {
    const n = this.#slots.size;
    if (n <= this.max * 1.25) return;
    const stored = this.#values;
    const values = new Float64Array(n);
    let i = 0;
    for (const slot of this.#slots.values()) values[i++] = stored[slot] as number;
    values.sort();
    const cut = values[n - this.max] as number; // the max-th largest
    let above = 0;
    for (let i = n - 1; i >= 0 && (values[i] as number) > cut; i--) above++;
    const tied: K[] = [];
    for (const [w, slot] of this.#slots) {
      const v = stored[slot] as number;
      if (v < cut) this.#delete(w, slot);
      else if (v === cut) tied.push(w);
    }
    const below = n - above - tied.length; // values under the cut, all evicted
    let evicted = below > 0 ? (values[below - 1] as number) : 0;
    if (tied.length > this.max - above) {
      const { name } = this.#keys;
      tied.sort((a, b) => (name(a) < name(b) ? -1 : 1));
      for (const w of tied.slice(this.max - above)) this.#delete(w, this.#slots.get(w) as number);
      evicted = cut;
    }
    this.#evicted = Math.max(this.#evicted, evicted);
  }

  #delete(w: K, slot: number): void {
    this.#slots.delete(w);
    this.#free.push(slot);
  }

  snapshot(): CountTableSnapshot {
    const values = this.#values;
    return {
      ref: this.#ref,
      total: this.#total,
      terms: Array.from(this.#slots, ([w, slot]) => [this.#keys.name(w), values[slot] as number]),
      ...(this.#evicted > 0 ? { evicted: this.#evicted } : {}),
    };
  }
}

/**
 * A municipality's history: its messages per topic and its words' authors (both forgotten). What the shard's
 * topic model predicts for a word there is Σ_t exposure_t × p(w | t), computed when needed — so an hour costs
 * only the words it used.
 */
interface Place {
  exposure: CountTable;
  terms: CountTable<number>;
  /** Its pairs' authors (empty with pairs off). */
  pairs: CountTable;
}

/**
 * One word (or pair) in one municipality and hour. Most words occur once an hour, so the sets and counts are made
 * only at the second occurrence (allocation was most of this stage's cost). A pair is its own phrase: it keeps
 * none (`withPhrases` false).
 */
class HourTerm {
  #author: string;
  #authors: Set<string> | null = null;
  #topic: TopicId;
  #topics: Map<TopicId, number> | null = null;
  #token: string;
  #surface: Map<string, number> | null = null;
  /** The first message's two-word phrases with it (the words before and after it, as written). */
  #before: string;
  #after: string;
  /** Two-word phrases with it → messages using them (made at the second message, like the other maps). */
  #phrases: Map<string, number> | null = null;
  /** First messages using it from distinct authors (samples). */
  readonly ids: string[];
  /** The last message counted (a word repeated within one message counts once). */
  lastId: string;
  readonly #withPhrases: boolean;

  constructor(
    author: string,
    topic: TopicId,
    token: string,
    id: string,
    before = '',
    after = '',
    withPhrases = true,
  ) {
    this.#withPhrases = withPhrases;
    this.#author = author;
    this.#topic = topic;
    this.#token = token;
    this.#before = before;
    this.#after = after;
    this.ids = [id];
    this.lastId = id;
  }

  static restore(
    authors: string[],
    topics: [TopicId, number][],
    surface: [string, number][],
    ids: string[],
    phrases: [string, number][] = [],
    withPhrases = true,
  ): HourTerm {
    const t = new HourTerm(
      authors[0] ?? '',
      topics[0]?.[0] ?? 'other',
      surface[0]?.[0] ?? '',
      ids[0] ?? '',
      '',
      '',
      withPhrases,
    );
    t.#authors = new Set(authors);
    t.#topics = new Map(topics);
    t.#surface = new Map(surface);
    t.#phrases = new Map(phrases);
    t.ids.splice(0, t.ids.length, ...ids);
    return t;
  }

  /** Another message using it (not the same message again: the caller checks `lastId`). */
  add(author: string, topic: TopicId, token: string, id: string, before = '', after = ''): void {
    if (this.#withPhrases) {
      if (this.#phrases === null) {
        this.#phrases = new Map();
        countPhrase(this.#phrases, this.#before, this.#token);
        countPhrase(this.#phrases, this.#token, this.#after);
      }
      countPhrase(this.#phrases, before, token);
      countPhrase(this.#phrases, token, after);
    }
    if (this.#authors === null) this.#authors = new Set([this.#author]);
    if (!this.#authors.has(author) && this.ids.length < SAMPLES) this.ids.push(id);
    this.#authors.add(author);
    this.#topics ??= new Map([[this.#topic, 1]]);
    this.#topics.set(topic, (this.#topics.get(topic) ?? 0) + 1);
    this.#surface ??= new Map([[this.#token, 1]]);
    this.#surface.set(token, (this.#surface.get(token) ?? 0) + 1);
    this.lastId = id;
  }

  get authorCount(): number {
    return this.#authors?.size ?? 1;
  }

  authors(): Iterable<string> {
    return this.#authors ?? [this.#author];
  }

  /** Its topic if all its messages (so far one) had it, else null: learning needs no map then. */
  get onlyTopic(): TopicId | null {
    return this.#topics === null ? this.#topic : null;
  }

  /** Messages using it, per topic. */
  topics(): Map<TopicId, number> {
    return this.#topics ?? new Map([[this.#topic, 1]]);
  }

  /** Its spellings (tokens) and how often. */
  surface(): Map<string, number> {
    return this.#surface ?? new Map([[this.#token, 1]]);
  }

  /** The two-word phrases it was written in, and in how many messages each. */
  phrases(): Map<string, number> {
    if (this.#phrases !== null) return this.#phrases;
    const m = new Map<string, number>();
    countPhrase(m, this.#before, this.#token);
    countPhrase(m, this.#token, this.#after);
    return m;
  }
}

function countPhrase(m: Map<string, number>, first: string, second: string): void {
  if (first === '' || second === '') return;
  const k = `${first} ${second}`;
  m.set(k, (m.get(k) ?? 0) + 1);
}

/** One municipality in one open hour. */
interface HourPlace {
  region: string;
  /** Messages per topic. */
  docs: Map<TopicId, number>;
  /** By stem id. */
  terms: Map<number, HourTerm>;
  /** Adjacent stem pairs ('ржав вод'), empty with pairs off. */
  pairs: Map<string, HourTerm>;
}

/** An open hour's word or pair: [stem, authors, topics, spellings, ids, phrases (words only)]. */
type OpenTermSnapshot = [
  string,
  string[],
  [TopicId, number][],
  [string, number][],
  string[],
  [string, number][]?,
];

export interface EmergingTermsSnapshot {
  closedUpToMs: JsonNumber;
  /** Start of the first hour closed (the warm-up counts from it). */
  firstHourMs: JsonNumber;
  topics: [TopicId, CountTableSnapshot][];
  all: CountTableSnapshot;
  /** [municipality, exposure, words, pairs (absent before pairs, or with pairs off)]. */
  places: [string, CountTableSnapshot, CountTableSnapshot, CountTableSnapshot?][];
  /** Open hours: [hourStart, [municipality, region, docs, words, pairs (absent as above)][]]. */
  open: [number, [string, string, [TopicId, number][], OpenTermSnapshot[], OpenTermSnapshot[]?][]][];
  /** The shard's pair model (absent in snapshots from before pairs, or with pairs off). */
  pairs?: {
    /** Start of the first hour closed with pairs on (their warm-up counts from it). */
    firstHourMs: JsonNumber;
    topics: [TopicId, CountTableSnapshot][];
    all: CountTableSnapshot;
    /** The doorkeeper's pairs seen once: [recent, older]. */
    seen: [string[], string[]];
  };
  counters: EmergingTermsStats;
}

export interface EmergingTermsStats {
  hoursClosed: number;
  /** Word and pair tests made (a term with at least `minAuthors` in a place-hour). */
  tested: number;
  /** Of them, pairs (absent in older snapshots: 0). */
  pairsTested: number;
  bursts: number;
  /** Late messages: of hours already closed (not counted). */
  late: number;
}

const SAMPLES = 5;
const PRIOR_PLACE = 3;
const PRIOR_TOPIC = 20;
const MAX_TOPICS = 64;

/** Stems worth testing: letters only (house numbers and dates are not terms). */
const TERM_STEM = /^\p{L}+$/u;

/**
 * `TERM_STEM.test(stem)`, without the regex for what the normaliser makes (a–z, а–я and digits): letters only. Any
 * other character goes to the regex.
 */
function isLetters(stem: string): boolean {
  for (let i = 0; i < stem.length; i++) {
    const c = stem.charCodeAt(i);
    if ((c >= 0x430 && c <= 0x44f) || (c >= 0x61 && c <= 0x7a)) continue;
    if (c >= 0x30 && c <= 0x39) return false;
    return TERM_STEM.test(stem);
  }
  return stem.length > 0;
}

/** A word (or pair) of one place-hour ready to test: one town's, or a region's united from its towns. */
interface Candidate {
  stem: string;
  authors: number;
  topics: Map<TopicId, number>;
  surface: Map<string, number>;
  phrases: Map<string, number>;
  ids: string[];
  municipalities: number;
}

/** The shard's model of one kind of term (words or pairs): per topic and overall, forgotten alike. */
interface Vocabulary<K extends string | number> {
  topics: Map<TopicId, CountTable<K>>;
  all: CountTable<K>;
  keys: TermKeys<K>;
  maxTopicTerms: number;
  /** Pairs: unknown ones seen once wait here (null for words). */
  doorkeeper: Doorkeeper | null;
}

/**
 * Pairs the model does not know, seen once (one author in one place-hour): they enter the tables only when seen
 * again while remembered here. Nearly every pair is written once and never again; counting each in three tables
 * (its topic, overall, its town) only for the next trim to evict it was most of the cost of pairs. A pair
 * admitted lacks its first author, which a common pair does not notice. Two generations of at most `max` pairs:
 * when the recent one fills, it becomes the older and the older is forgotten.
 */
export class Doorkeeper {
  #recent: Set<string>;
  #older: Set<string>;

  constructor(
    private readonly max: number,
    s?: [string[], string[]],
  ) {
    this.#recent = new Set(s?.[0] ?? []);
    this.#older = new Set(s?.[1] ?? []);
  }

  /** True if `key` was seen before (and is forgotten here: it is admitted); else remember it. */
  admit(key: string): boolean {
    if (this.#recent.delete(key) || this.#older.delete(key)) return true;
    if (this.#recent.size >= this.max) {
      this.#older = this.#recent;
      this.#recent = new Set();
    }
    this.#recent.add(key);
    return false;
  }

  snapshot(): [string[], string[]] {
    return [[...this.#recent], [...this.#older]];
  }
}

/** A town's history of one kind of term, for r_place. */
interface LocalHistory<K extends string | number> {
  terms: CountTable<K>;
  /** Its messages per topic (forgotten), made when first needed. */
  exposure: () => Map<TopicId, number>;
}

type OnFlagged = (stem: string, c: Candidate, test: Test) => void;

export class EmergingTerms {
  readonly #o: EmergingTermsOptions;
  #closedUpToMs: number;
  #firstHourMs: number;
  #pairsFirstHourMs: number;
  readonly #words: Vocabulary<number>;
  /** Null with pairs off. */
  readonly #pairs: Vocabulary<string> | null;
  readonly #places: Map<string, Place>;
  readonly #open = new Map<number, Map<string, HourPlace>>();
  readonly #counters: EmergingTermsStats;

  constructor(options: Partial<EmergingTermsOptions> = {}, s?: EmergingTermsSnapshot) {
    const o = { ...DEFAULT_EMERGING_TERMS, ...options };
    this.#o = o;
    this.#closedUpToMs = s ? decodeNumber(s.closedUpToMs) : Number.NEGATIVE_INFINITY;
    this.#firstHourMs = s ? decodeNumber(s.firstHourMs) : Number.POSITIVE_INFINITY;
    const vocabulary = <K extends string | number>(
      keys: TermKeys<K>,
      max: number,
      v?: { topics: [TopicId, CountTableSnapshot][]; all: CountTableSnapshot },
      doorkeeper: Doorkeeper | null = null,
    ): Vocabulary<K> => ({
      topics: new Map(
        (v?.topics ?? []).map(([t, table]) => [t, new CountTable(o.memoryMs, max, table, true, keys)]),
      ),
      all: new CountTable(o.memoryMs, max, v?.all, true, keys),
      keys,
      maxTopicTerms: max,
      doorkeeper,
    });
    this.#words = vocabulary(STEM_KEYS, o.maxTopicTerms, s);
    this.#pairs = o.pairs
      ? vocabulary(STRING_KEYS, o.maxTopicPairs, s?.pairs, new Doorkeeper(o.maxTopicPairs, s?.pairs?.seen))
      : null;
    this.#pairsFirstHourMs =
      o.pairs && s?.pairs ? decodeNumber(s.pairs.firstHourMs) : Number.POSITIVE_INFINITY;
    this.#places = new Map(
      (s?.places ?? []).map(([k, exposure, terms, pairs]) => [
        k,
        {
          exposure: new CountTable(o.memoryMs, MAX_TOPICS, exposure),
          terms: new CountTable(o.memoryMs, o.maxPlaceTerms, terms, false, STEM_KEYS),
          pairs: new CountTable(o.memoryMs, o.maxPlacePairs, o.pairs ? pairs : undefined, false),
        },
      ]),
    );
    const restoreTerms = <K extends string | number>(
      terms: readonly OpenTermSnapshot[],
      withPhrases: boolean,
      keys: TermKeys<K>,
    ) =>
      new Map(
        terms.map(([w, authors, topics, surface, ids, phrases]) => [
          keys.key(w),
          HourTerm.restore(authors, topics, surface, ids, phrases, withPhrases),
        ]),
      );
    for (const [hour, places] of s?.open ?? [])
      this.#open.set(
        hour,
        new Map(
          places.map(([m, region, docs, terms, pairs]) => [
            m,
            {
              region,
              docs: new Map(docs),
              terms: restoreTerms(terms, true, STEM_KEYS),
              pairs: restoreTerms(o.pairs ? (pairs ?? []) : [], false, STRING_KEYS),
            },
          ]),
        ),
      );
    this.#counters = s
      ? { ...s.counters, pairsTested: s.counters.pairsTested ?? 0 }
      : { hoursClosed: 0, tested: 0, pairsTested: 0, bursts: 0, late: 0 };
  }

  stats(): EmergingTermsStats & { openHours: number; places: number } {
    return { ...this.#counters, openHours: this.#open.size, places: this.#places.size };
  }

  /** Count a message's words (and adjacent pairs) in its municipality's hour. */
  add(doc: TermDoc): void {
    const hour = Math.floor(doc.eventTimeMs / HOUR_MS) * HOUR_MS;
    if (hour + HOUR_MS <= this.#closedUpToMs) {
      this.#counters.late++;
      return;
    }
    let places = this.#open.get(hour);
    if (places === undefined) {
      places = new Map();
      this.#open.set(hour, places);
    }
    let p = places.get(doc.municipality);
    if (p === undefined) {
      p = { region: doc.region, docs: new Map(), terms: new Map(), pairs: new Map() };
      places.set(doc.municipality, p);
    }
    p.docs.set(doc.topic, (p.docs.get(doc.topic) ?? 0) + 1);
    const author = doc.author ?? `\u0000${doc.id}`;
    const { minStemLength, minPairStemLength } = this.#o;
    const pairsOn = this.#pairs !== null;
    const shortest = pairsOn ? Math.min(minStemLength, minPairStemLength) : minStemLength;
    /** The previous stem if it may start a pair ('' if not), and its token. */
    let prev = '';
    let prevToken = '';
    const ids = doc.stemIds ?? stemIdsOf(doc.stems);
    for (let i = 0; i < doc.stems.length; i++) {
      const stem = doc.stems[i] as string;
      const letters = stem.length >= shortest && isLetters(stem);
      const token = doc.tokens[i] ?? stem;
      if (letters && stem.length >= minStemLength) {
        const before = doc.tokens[i - 1] ?? '';
        const after = doc.tokens[i + 1] ?? '';
        const id = ids[i] as number;
        const t = p.terms.get(id);
        if (t === undefined) {
          p.terms.set(id, new HourTerm(author, doc.topic, token, doc.id, before, after));
        } else if (t.lastId !== doc.id) t.add(author, doc.topic, token, doc.id, before, after); // once per message
      }
      if (!pairsOn) continue;
      const pairable = letters && stem.length >= minPairStemLength;
      if (pairable && prev !== '' && prev !== stem) {
        const key = `${prev} ${stem}`;
        const t = p.pairs.get(key);
        if (t === undefined)
          p.pairs.set(key, new HourTerm(author, doc.topic, `${prevToken} ${token}`, doc.id, '', '', false));
        else if (t.lastId !== doc.id) t.add(author, doc.topic, `${prevToken} ${token}`, doc.id);
      }
      prev = pairable ? stem : '';
      prevToken = token;
    }
  }

  /** Close the hours that end at or before the watermark; return their bursts (in hour, then place order). */
  advance(watermarkMs: number): TermBurst[] {
    const out: TermBurst[] = [];
    if (this.#open.size === 0) return out;
    const due = [...this.#open.keys()].filter((h) => h + HOUR_MS <= watermarkMs).sort((a, b) => a - b);
    for (const hour of due) {
      const places = this.#open.get(hour) as Map<string, HourPlace>;
      this.#open.delete(hour);
      this.#firstHourMs = Math.min(this.#firstHourMs, hour);
      if (this.#pairs !== null) this.#pairsFirstHourMs = Math.min(this.#pairsFirstHourMs, hour);
      this.#closeHour(hour, places, out, hour - this.#firstHourMs >= this.#o.warmupMs);
      this.#closedUpToMs = Math.max(this.#closedUpToMs, hour + HOUR_MS);
      this.#counters.hoursClosed++;
    }
    return out;
  }

  /** Close every open hour (end of a finite stream). */
  flush(): TermBurst[] {
    return this.advance(Number.POSITIVE_INFINITY);
  }

  #closeHour(hour: number, places: Map<string, HourPlace>, out: TermBurst[], warm: boolean): void {
    const at = hour + HOUR_MS;
    const pairs = this.#pairs;
    const pairsWarm = warm && hour - this.#pairsFirstHourMs >= this.#o.warmupMs;
    const towns = [...places.keys()].sort();
    // Test every place against the model as it was before this hour, then learn.
    /** Per town, the expectation of each word and pair it flagged (learning is capped by it). */
    const learn: {
      municipality: string;
      place: HourPlace;
      expect: Map<number, number>;
      expectPairs: Map<string, number>;
    }[] = [];
    /** Words and pairs a town flagged: that town's story, not its region's. */
    const flaggedInTown = new Set<string>();
    const emit = (scope: TermBurst['scope'], code: string, region: string, c: Candidate, test: Test) => {
      const pair = c.stem.includes(' ');
      const term = mostFrequent(c.surface) ?? c.stem;
      this.#counters.bursts++;
      out.push({
        id: `term:${scope}:${code}:${c.stem}:${hour}`,
        scope,
        municipality: scope === 'municipality' ? code : '',
        region,
        stem: c.stem,
        term,
        ...(pair ? { phrase: term } : phraseOf(c)),
        topic: mostFrequent(c.topics) ?? 'other',
        startMs: hour,
        endMs: at,
        observed: c.authors,
        expected: test.lambda,
        pValue: Math.exp(test.logP),
        score: scoreOf(test.logP / Math.LN10),
        municipalities: c.municipalities,
        messageIds: [...c.ids],
        detectedAtMs: at,
      });
    };
    for (const m of towns) {
      const place = places.get(m) as HourPlace;
      const local = this.#places.get(m);
      let exposure: Map<TopicId, number> | undefined; // made at the town's first candidate, if any
      const exposureOfTown = () => {
        exposure ??= exposureOf(local as Place, at);
        return exposure;
      };
      const history = <K extends string | number>(terms: CountTable<K> | undefined) =>
        terms === undefined ? undefined : { terms, exposure: exposureOfTown };
      /** Words this town flagged this hour: a pair with one of them is not reported (the word is). */
      const words = new Set<string>();
      const expect = this.#testTown(
        place.terms,
        this.#words,
        place.docs,
        history(local?.terms),
        at,
        (stem, c, t) => {
          words.add(stem);
          flaggedInTown.add(`${place.region}\u0000${stem}`);
          if (warm) emit('municipality', m, place.region, c, t);
        },
      );
      const expectPairs =
        pairs === null
          ? new Map<string, number>()
          : this.#testTown(place.pairs, pairs, place.docs, history(local?.pairs), at, (key, c, t) => {
              flaggedInTown.add(`${place.region}\u0000${key}`);
              if (pairsWarm && !wordsOfPair(key).some((w) => words.has(w)))
                emit('municipality', m, place.region, c, t);
            });
      learn.push({ municipality: m, place, expect, expectPairs });
    }
    for (const [region, members] of groupBy(towns, (m) => (places.get(m) as HourPlace).region)) {
      if (members.length < this.#o.minRegionMunicipalities) continue;
      const docs = new Map<TopicId, number>();
      for (const m of members)
        for (const [t, n] of (places.get(m) as HourPlace).docs) docs.set(t, (docs.get(t) ?? 0) + n);
      const inTown = (stem: string) => flaggedInTown.has(`${region}\u0000${stem}`);
      const words = new Set<string>();
      const parts = members.map((m) => places.get(m) as HourPlace);
      this.#testRegion(
        parts.map((p) => p.terms),
        this.#words,
        docs,
        inTown,
        at,
        (stem, c, t) => {
          words.add(stem);
          if (warm) emit('region', region, region, c, t);
        },
      );
      if (pairs !== null)
        this.#testRegion(
          parts.map((p) => p.pairs),
          pairs,
          docs,
          inTown,
          at,
          (key, c, t) => {
            if (pairsWarm && !wordsOfPair(key).some((w) => words.has(w) || inTown(w)))
              emit('region', region, region, c, t);
          },
        );
    }
    for (const l of learn) this.#learn(l.municipality, l.place, l.expect, l.expectPairs, at);
  }

  /** Test a town's terms of one kind; returns the base expectation of each one flagged (for learning). */
  #testTown<K extends string | number>(
    terms: Map<K, HourTerm>,
    vocabulary: Vocabulary<K>,
    docs: Map<TopicId, number>,
    history: LocalHistory<K> | undefined,
    at: number,
    onFlagged: OnFlagged,
  ): Map<K, number> {
    const expect = new Map<K, number>();
    const logLimit = this.#logLimit(terms.size);
    for (const [key, t] of terms) {
      if (t.authorCount < this.#o.minAuthors) continue;
      const stem = vocabulary.keys.name(key);
      const c: Candidate = {
        stem,
        authors: t.authorCount,
        topics: t.topics(),
        surface: t.surface(),
        phrases: t.phrases(),
        ids: t.ids,
        municipalities: 1,
      };
      const test = this.#test(vocabulary, key, c, docs, history, at, logLimit);
      if (!test.flagged) continue;
      expect.set(key, test.base);
      onFlagged(stem, c, test);
    }
    return expect;
  }

  /** Test a region's terms of one kind, united across its towns (not those a town flagged). */
  #testRegion<K extends string | number>(
    towns: readonly Map<K, HourTerm>[],
    vocabulary: Vocabulary<K>,
    docs: Map<TopicId, number>,
    flaggedInTown: (stem: string) => boolean,
    at: number,
    onFlagged: OnFlagged,
  ): void {
    const byStem = new Map<K, HourTerm[]>();
    for (const terms of towns)
      for (const [key, t] of terms) {
        const list = byStem.get(key);
        if (list === undefined) byStem.set(key, [t]);
        else list.push(t);
      }
    const logLimit = this.#logLimit(byStem.size);
    for (const [key, parts] of byStem) {
      if (parts.length < this.#o.minRegionMunicipalities) continue;
      if (parts.reduce((n, t) => n + t.authorCount, 0) < this.#o.minAuthors) continue;
      const stem = vocabulary.keys.name(key);
      if (flaggedInTown(stem)) continue;
      const c = unite(stem, parts);
      if (c.authors < this.#o.minAuthors) continue;
      const test = this.#test(vocabulary, key, c, docs, undefined, at, logLimit);
      if (test.flagged) onFlagged(stem, c, test);
    }
  }

  /** log of the per-term threshold in a place-hour that wrote `terms` distinct terms of one kind (see familyPValue). */
  #logLimit(terms: number): number {
    return Math.log(Math.min(this.#o.pValue, this.#o.familyPValue / Math.max(1, terms)));
  }

  /** The tail test of one term: λ = the place's ratio × Σ_t N_t p(w|t) (regions: ratio 1). */
  /** `key`: the candidate's in the vocabulary's tables (`c.stem` is its string). */
  #test<K extends string | number>(
    vocabulary: Vocabulary<K>,
    key: K,
    c: Candidate,
    docs: Map<TopicId, number>,
    history: LocalHistory<K> | undefined,
    at: number,
    logLimit: number,
  ): Test {
    this.#counters.tested++;
    if ((vocabulary as unknown) === this.#pairs) this.#counters.pairsTested++;
    const base = this.#expected(vocabulary, key, docs, at);
    // The place's own ratio needs the place to keep the term: one its table does not keep (a big city's tables hold
    // a fraction of its vocabulary) has no local evidence either way, and reads at ratio 1 — the shard's topic
    // model alone, which reads an evicted term at the most it ever evicted (CountTable.getOrEvicted), not as new.
    const kept = history?.terms.has(key) === true;
    const obs = kept ? history.terms.get(key, at) : 0;
    const exp = kept ? this.#expected(vocabulary, key, history.exposure(), at).lambda : 0;
    const lambda = base.lambda * (kept ? placeRatio(obs, exp, history.terms.hasEvicted()) : 1);
    if (c.authors < this.#o.minRatio * lambda) return { flagged: false, base: base.lambda, lambda, logP: 0 };
    const alpha = Math.min(1, 1 / (obs + PRIOR_PLACE) + 1 / (base.evidence + 1));
    const logP = negBinomialLogUpperTail(c.authors, lambda, alpha);
    return { flagged: logP < logLimit, base: base.lambda, lambda, logP };
  }

  /** Σ_t N_t p(w|t) over the given topic volumes, and the counts behind it (counts kept, not evicted bounds). */
  #expected<K extends string | number>(
    vocabulary: Vocabulary<K>,
    stem: K,
    docs: Map<TopicId, number>,
    at: number,
  ): { lambda: number; evidence: number } {
    const { all } = vocabulary;
    const allTotal = all.total(at);
    const allCount = all.get(stem, at);
    // A term never seen: half a message's worth; one not kept: what its table evicted, if more.
    const background = Math.max(all.getOrEvicted(stem, at), 0.5) / Math.max(allTotal, 1);
    let lambda = 0;
    let evidence = 0;
    for (const [topic, n] of docs) {
      const table = vocabulary.topics.get(topic);
      const c = table?.get(stem, at) ?? 0;
      const mean = table?.getOrEvicted(stem, at) ?? 0;
      const total = table?.total(at) ?? 0;
      lambda += (n * (mean + PRIOR_TOPIC * background)) / (total + PRIOR_TOPIC);
      evidence += c;
    }
    return { lambda, evidence: Math.max(evidence, allCount) };
  }

  /** After testing: the shard's topic models and the town's history learn the hour; a flagged term teaches little. */
  #learn(
    municipality: string,
    place: HourPlace,
    expect: Map<number, number>,
    expectPairs: Map<string, number>,
    at: number,
  ): void {
    const o = this.#o;
    let local = this.#places.get(municipality);
    if (local === undefined) {
      local = {
        exposure: new CountTable(o.memoryMs, MAX_TOPICS),
        terms: new CountTable(o.memoryMs, o.maxPlaceTerms, undefined, false, STEM_KEYS),
        pairs: new CountTable(o.memoryMs, o.maxPlacePairs, undefined, false),
      };
      this.#places.set(municipality, local);
    }
    const addTotals = <K extends string | number>(v: Vocabulary<K>, topic: TopicId, n: number): void => {
      let table = v.topics.get(topic);
      if (table === undefined) {
        table = new CountTable(o.memoryMs, v.maxTopicTerms, undefined, true, v.keys);
        v.topics.set(topic, table);
      }
      table.addTotal(n, at);
      v.all.addTotal(n, at);
    };
    for (const [topic, n] of place.docs) {
      addTotals(this.#words, topic, n);
      if (this.#pairs !== null) addTotals(this.#pairs, topic, n);
      local.exposure.add(topic, n, at);
    }
    learnTerms(this.#words, place.terms, expect, local.terms, at);
    if (this.#pairs !== null) learnTerms(this.#pairs, place.pairs, expectPairs, local.pairs, at);
  }

  snapshot(): EmergingTermsSnapshot {
    const pairs = this.#pairs;
    const terms = <K extends string | number>(
      m: Map<K, HourTerm>,
      withPhrases: boolean,
      keys: TermKeys<K>,
    ): OpenTermSnapshot[] =>
      [...m].map(([w, t]) => {
        const x: OpenTermSnapshot = [
          keys.name(w),
          [...t.authors()],
          [...t.topics()],
          [...t.surface()],
          [...t.ids],
        ];
        if (withPhrases) x.push([...t.phrases()]);
        return x;
      });
    return {
      closedUpToMs: encodeNumber(this.#closedUpToMs),
      firstHourMs: encodeNumber(this.#firstHourMs),
      topics: [...this.#words.topics].map(([t, table]) => [t, table.snapshot()]),
      all: this.#words.all.snapshot(),
      places: [...this.#places].map(([k, p]) =>
        pairs === null
          ? [k, p.exposure.snapshot(), p.terms.snapshot()]
          : [k, p.exposure.snapshot(), p.terms.snapshot(), p.pairs.snapshot()],
      ),
      open: [...this.#open].map(([hour, places]) => [
        hour,
        [...places].map(([m, p]) =>
          pairs === null
            ? [m, p.region, [...p.docs], terms(p.terms, true, STEM_KEYS)]
            : [m, p.region, [...p.docs], terms(p.terms, true, STEM_KEYS), terms(p.pairs, false, STRING_KEYS)],
        ),
      ]),
      ...(pairs === null
        ? {}
        : {
            pairs: {
              firstHourMs: encodeNumber(this.#pairsFirstHourMs),
              topics: [...pairs.topics].map(([t, table]) => [t, table.snapshot()]),
              all: pairs.all.snapshot(),
              seen: (pairs.doorkeeper as Doorkeeper).snapshot(),
            },
          }),
      counters: { ...this.#counters },
    };
  }
}

/** A place-hour's terms of one kind teach the shard's model and the town's history; flagged ones (in `expect`) at
 * most what was expected plus a margin, so a story does not become vocabulary at once. */
function learnTerms<K extends string | number>(
  vocabulary: Vocabulary<K>,
  terms: Map<K, HourTerm>,
  expect: Map<K, number>,
  local: CountTable<K>,
  at: number,
): void {
  const door = vocabulary.doorkeeper;
  for (const [stem, t] of terms) {
    const authors = t.authorCount;
    if (
      door !== null &&
      authors === 1 &&
      !vocabulary.all.has(stem) &&
      !door.admit(vocabulary.keys.name(stem))
    )
      continue;
    const l = expect.get(stem);
    const n = l === undefined ? authors : Math.min(authors, Math.ceil(l + 3 * Math.sqrt(l) + 1));
    const only = t.onlyTopic;
    if (only !== null) (vocabulary.topics.get(only) as CountTable<K>).add(stem, n, at);
    else
      for (const [topic, k] of t.topics())
        (vocabulary.topics.get(topic) as CountTable<K>).add(stem, (k * n) / authors, at);
    vocabulary.all.add(stem, n, at);
    local.add(stem, n, at);
  }
  for (const table of vocabulary.topics.values()) table.trim();
  vocabulary.all.trim();
  local.trim();
}

/**
 * How much more (or less) than the shard's model a town writes a word: (its authors + 3) / (predicted + 3). A
 * capped table that has evicted (a big city's) counts a word anew from nothing each time it comes back, so its
 * count may have lost any number of evictions' worth: it is evidence that the town writes a word *more* than
 * predicted (its streets), never that it writes it less (ratio at least 1). Read from the bare count, «костюм»
 * back in Moscow's table at 1 author against ~115 predicted made a ratio of 0.03, and «дождя» kept anew at 35
 * against 810 predicted (with a floor of 12: several evictions lost) 0.06 — four to eight residents using a common
 * word were a burst. A table that never evicted (a small town's holds its whole vocabulary) reads both ways.
 */
export function placeRatio(obs: number, predicted: number, evicted: boolean): number {
  const ratio = (obs + PRIOR_PLACE) / (predicted + PRIOR_PLACE);
  return evicted ? Math.max(ratio, 1) : ratio;
}

/** The two stems of a pair's key. */
function wordsOfPair(key: string): string[] {
  return key.split(' ');
}

interface Test {
  flagged: boolean;
  /** Σ_t N_t p(w|t) without the place's ratio (what learning caps against). */
  base: number;
  lambda: number;
  logP: number;
}

function exposureOf(place: Place, at: number): Map<TopicId, number> {
  return new Map(place.exposure.entries(at) as [TopicId, number][]);
}

/** A word's counts across a region's towns: authors united, spellings and topics summed. */
function unite(stem: string, parts: readonly HourTerm[]): Candidate {
  const authors = new Set<string>();
  const topics = new Map<TopicId, number>();
  const surface = new Map<string, number>();
  const phrases = new Map<string, number>();
  const ids: string[] = [];
  for (const t of parts) {
    for (const [k, n] of t.phrases()) phrases.set(k, (phrases.get(k) ?? 0) + n);
    for (const a of t.authors()) authors.add(a);
    for (const [k, n] of t.topics()) topics.set(k, (topics.get(k) ?? 0) + n);
    for (const [k, n] of t.surface()) surface.set(k, (surface.get(k) ?? 0) + n);
    for (const id of t.ids) if (ids.length < SAMPLES) ids.push(id);
  }
  return { stem, authors: authors.size, topics, surface, phrases, ids, municipalities: parts.length };
}

/**
 * The two-word phrase the word was mostly written in — «ремонт набережной», not «набережной» — when at least half
 * its messages (and two) share it: what an analyst reads first.
 */
function phraseOf(c: Candidate): { phrase?: string } {
  let messages = 0;
  for (const n of c.topics.values()) messages += n;
  const best = mostFrequent(c.phrases);
  const n = best === undefined ? 0 : (c.phrases.get(best) ?? 0);
  return best !== undefined && n >= 2 && 2 * n >= messages ? { phrase: best } : {};
}

function groupBy<T>(xs: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    const list = out.get(k);
    if (list === undefined) out.set(k, [x]);
    else list.push(x);
  }
  return out;
}

/** The key with the largest count (the first such, in insertion order). */
function mostFrequent<K>(m: Map<K, number>): K | undefined {
  let best: K | undefined;
  let n = -1;
  for (const [k, v] of m)
    if (v > n) {
      best = k;
      n = v;
    }
  return best;
}
