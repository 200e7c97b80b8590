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
 */
import type { TermBurst, TopicId } from '../records.ts';
import { decodeNumber, encodeNumber, type JsonNumber } from '../state/json-number.ts';
import { scoreOf } from './poisson-burst.ts';
import { negBinomialLogUpperTail } from './series.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export interface EmergingTermsOptions {
  /** Fewest distinct authors a burst needs. */
  minAuthors: number;
  /** Threshold on P(X ≥ observed); strict, as each active place tests its words every hour. */
  pValue: number;
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
}

export const DEFAULT_EMERGING_TERMS: Readonly<EmergingTermsOptions> = Object.freeze({
  minAuthors: 4,
  pValue: 1e-7,
  minRatio: 3,
  memoryMs: 14 * DAY_MS,
  maxTopicTerms: 4000,
  maxPlaceTerms: 400,
  minStemLength: 4,
  minRegionMunicipalities: 2,
  warmupMs: 3 * DAY_MS,
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
}

/**
 * Words → exponentially forgotten counts, with a forgotten total; at most `max` words (the least used evicted).
 * Values are stored scaled by e^((at − ref)/memory): adding and reading cost a multiplication, and ranking needs
 * no rescaling; the reference moves forward (rescaling every value) once the factor grows large.
 */
export interface CountTableSnapshot {
  ref: number;
  total: number;
  terms: [string, number][];
}

export class CountTable {
  #ref: number;
  #total: number;
  readonly #terms: Map<string, number>;
  #at = Number.NaN;
  #factor = 1;

  constructor(
    private readonly memoryMs: number,
    private readonly max: number,
    s?: CountTableSnapshot,
  ) {
    this.#ref = s?.ref ?? Number.NaN;
    this.#total = s?.total ?? 0;
    this.#terms = new Map(s?.terms ?? []);
  }

  get size(): number {
    return this.#terms.size;
  }

  /** e^((at − ref)/memory), moving the reference forward when it grows past e^30. */
  #scale(at: number): number {
    if (at === this.#at) return this.#factor;
    if (Number.isNaN(this.#ref)) this.#ref = at;
    let x = (at - this.#ref) / this.memoryMs;
    if (x > 30) {
      const f = Math.exp(-x);
      this.#total *= f;
      for (const [w, v] of this.#terms) this.#terms.set(w, v * f);
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

  get(w: string, at: number): number {
    const f = this.#scale(at);
    const v = this.#terms.get(w);
    return v === undefined ? 0 : v / f;
  }

  addTotal(n: number, at: number): void {
    const f = this.#scale(at);
    this.#total += n * f;
  }

  add(w: string, n: number, at: number): void {
    const f = this.#scale(at);
    this.#terms.set(w, (this.#terms.get(w) ?? 0) + n * f);
  }

  entries(at: number): [string, number][] {
    const f = this.#scale(at);
    return [...this.#terms].map(([w, v]) => [w, v / f]);
  }

  /** Evict the least used words once 25 % over the cap (amortised). */
  trim(): void {
    if (this.#terms.size <= this.max * 1.25) return;
    const ranked = [...this.#terms].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    for (const [w] of ranked.slice(this.max)) this.#terms.delete(w);
  }

  snapshot(): CountTableSnapshot {
    return { ref: this.#ref, total: this.#total, terms: [...this.#terms] };
  }
}

/**
 * A municipality's history: its messages per topic and its words' authors (both forgotten). What the shard's
 * topic model predicts for a word there is Σ_t exposure_t × p(w | t), computed when needed — so an hour costs
 * only the words it used.
 */
interface Place {
  exposure: CountTable;
  terms: CountTable;
}

/**
 * One word in one municipality and hour. Most words occur once an hour, so the sets and counts are made only at
 * the second occurrence (allocation was most of this stage's cost).
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

  constructor(author: string, topic: TopicId, token: string, id: string, before = '', after = '') {
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
  ): HourTerm {
    const t = new HourTerm(authors[0] ?? '', topics[0]?.[0] ?? 'other', surface[0]?.[0] ?? '', ids[0] ?? '');
    t.#authors = new Set(authors);
    t.#topics = new Map(topics);
    t.#surface = new Map(surface);
    t.#phrases = new Map(phrases);
    t.ids.splice(0, t.ids.length, ...ids);
    return t;
  }

  /** Another message using it (not the same message again: the caller checks `lastId`). */
  add(author: string, topic: TopicId, token: string, id: string, before: string, after: string): void {
    if (this.#phrases === null) {
      this.#phrases = new Map();
      countPhrase(this.#phrases, this.#before, this.#token);
      countPhrase(this.#phrases, this.#token, this.#after);
    }
    countPhrase(this.#phrases, before, token);
    countPhrase(this.#phrases, token, after);
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
  terms: Map<string, HourTerm>;
}

export interface EmergingTermsSnapshot {
  closedUpToMs: JsonNumber;
  /** Start of the first hour closed (the warm-up counts from it). */
  firstHourMs: JsonNumber;
  topics: [TopicId, CountTableSnapshot][];
  all: CountTableSnapshot;
  places: [string, CountTableSnapshot, CountTableSnapshot][];
  /** Open hours: [hourStart, [municipality, region, docs, [stem, authors, topics, spellings, ids, phrases][]][]]. */
  open: [
    number,
    [
      string,
      string,
      [TopicId, number][],
      [string, string[], [TopicId, number][], [string, number][], string[], [string, number][]?][],
    ][],
  ][];
  counters: EmergingTermsStats;
}

export interface EmergingTermsStats {
  hoursClosed: number;
  /** Word tests made (a word with at least `minAuthors` in a place-hour). */
  tested: number;
  bursts: number;
  /** Messages of hours already closed (not counted). */
  late: number;
}

const SAMPLES = 5;
const PRIOR_PLACE = 3;
const PRIOR_TOPIC = 20;
const MAX_TOPICS = 64;

/** Stems worth testing: letters only (house numbers and dates are not terms). */
const TERM_STEM = /^\p{L}+$/u;

/** A word of one place-hour ready to test: one town's, or a region's united from its towns. */
interface Candidate {
  stem: string;
  authors: number;
  topics: Map<TopicId, number>;
  surface: Map<string, number>;
  phrases: Map<string, number>;
  ids: string[];
  municipalities: number;
}

export class EmergingTerms {
  readonly #o: EmergingTermsOptions;
  #closedUpToMs: number;
  #firstHourMs: number;
  readonly #topics: Map<TopicId, CountTable>;
  readonly #all: CountTable;
  readonly #places: Map<string, Place>;
  readonly #open = new Map<number, Map<string, HourPlace>>();
  readonly #counters: EmergingTermsStats;

  constructor(options: Partial<EmergingTermsOptions> = {}, s?: EmergingTermsSnapshot) {
    const o = { ...DEFAULT_EMERGING_TERMS, ...options };
    this.#o = o;
    this.#closedUpToMs = s ? decodeNumber(s.closedUpToMs) : Number.NEGATIVE_INFINITY;
    this.#firstHourMs = s ? decodeNumber(s.firstHourMs) : Number.POSITIVE_INFINITY;
    this.#topics = new Map(
      (s?.topics ?? []).map(([t, table]) => [t, new CountTable(o.memoryMs, o.maxTopicTerms, table)]),
    );
    this.#all = new CountTable(o.memoryMs, o.maxTopicTerms, s?.all);
    this.#places = new Map(
      (s?.places ?? []).map(([k, exposure, terms]) => [
        k,
        {
          exposure: new CountTable(o.memoryMs, MAX_TOPICS, exposure),
          terms: new CountTable(o.memoryMs, o.maxPlaceTerms, terms),
        },
      ]),
    );
    for (const [hour, places] of s?.open ?? [])
      this.#open.set(
        hour,
        new Map(
          places.map(([m, region, docs, terms]) => [
            m,
            {
              region,
              docs: new Map(docs),
              terms: new Map(
                terms.map(([w, authors, topics, surface, ids, phrases]) => [
                  w,
                  HourTerm.restore(authors, topics, surface, ids, phrases),
                ]),
              ),
            },
          ]),
        ),
      );
    this.#counters = s ? { ...s.counters } : { hoursClosed: 0, tested: 0, bursts: 0, late: 0 };
  }

  stats(): EmergingTermsStats & { openHours: number; places: number } {
    return { ...this.#counters, openHours: this.#open.size, places: this.#places.size };
  }

  /** Count a message's words in its municipality's hour. */
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
      p = { region: doc.region, docs: new Map(), terms: new Map() };
      places.set(doc.municipality, p);
    }
    p.docs.set(doc.topic, (p.docs.get(doc.topic) ?? 0) + 1);
    const author = doc.author ?? `\u0000${doc.id}`;
    for (let i = 0; i < doc.stems.length; i++) {
      const stem = doc.stems[i] as string;
      if (stem.length < this.#o.minStemLength || !TERM_STEM.test(stem)) continue;
      const token = doc.tokens[i] ?? stem;
      const before = doc.tokens[i - 1] ?? '';
      const after = doc.tokens[i + 1] ?? '';
      const t = p.terms.get(stem);
      if (t === undefined) {
        p.terms.set(stem, new HourTerm(author, doc.topic, token, doc.id, before, after));
      } else if (t.lastId !== doc.id) t.add(author, doc.topic, token, doc.id, before, after); // once per message
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
    const towns = [...places.keys()].sort();
    // Test every place against the model as it was before this hour, then learn.
    /** Per town, the expectation of each word it flagged (learning is capped by it). */
    const learn: { municipality: string; place: HourPlace; expect: Map<string, number> }[] = [];
    /** Words a town flagged: that town's story, not its region's. */
    const flaggedInTown = new Set<string>();
    const emit = (scope: TermBurst['scope'], code: string, region: string, c: Candidate, test: Test) => {
      this.#counters.bursts++;
      out.push({
        id: `term:${scope}:${code}:${c.stem}:${hour}`,
        scope,
        municipality: scope === 'municipality' ? code : '',
        region,
        stem: c.stem,
        term: mostFrequent(c.surface) ?? c.stem,
        ...phraseOf(c),
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
      const expect = new Map<string, number>();
      const local = this.#places.get(m);
      for (const [stem, t] of place.terms) {
        if (t.authorCount < this.#o.minAuthors) continue;
        const c: Candidate = {
          stem,
          authors: t.authorCount,
          topics: t.topics(),
          surface: t.surface(),
          phrases: t.phrases(),
          ids: t.ids,
          municipalities: 1,
        };
        const test = this.#test(c, place.docs, local, at);
        if (!test.flagged) continue;
        expect.set(stem, test.base);
        flaggedInTown.add(`${place.region}\u0000${stem}`);
        if (warm) emit('municipality', m, place.region, c, test);
      }
      learn.push({ municipality: m, place, expect });
    }
    for (const [region, members] of groupBy(towns, (m) => (places.get(m) as HourPlace).region)) {
      if (members.length < this.#o.minRegionMunicipalities) continue;
      const docs = new Map<TopicId, number>();
      const byStem = new Map<string, HourTerm[]>();
      for (const m of members) {
        const place = places.get(m) as HourPlace;
        for (const [t, n] of place.docs) docs.set(t, (docs.get(t) ?? 0) + n);
        for (const [stem, t] of place.terms) {
          const list = byStem.get(stem);
          if (list === undefined) byStem.set(stem, [t]);
          else list.push(t);
        }
      }
      for (const [stem, parts] of byStem) {
        if (parts.length < this.#o.minRegionMunicipalities) continue;
        if (parts.reduce((n, t) => n + t.authorCount, 0) < this.#o.minAuthors) continue;
        if (flaggedInTown.has(`${region}\u0000${stem}`)) continue;
        const c = unite(stem, parts);
        if (c.authors < this.#o.minAuthors) continue;
        const test = this.#test(c, docs, undefined, at);
        if (test.flagged && warm) emit('region', region, region, c, test);
      }
    }
    for (const l of learn) this.#learn(l.municipality, l.place, l.expect, at);
  }

  /** The tail test of one word: λ = the place's ratio × Σ_t N_t p(w|t) (regions: ratio 1). */
  #test(c: Candidate, docs: Map<TopicId, number>, local: Place | undefined, at: number): Test {
    this.#counters.tested++;
    const base = this.#expected(c.stem, docs, at);
    const obs = local?.terms.get(c.stem, at) ?? 0;
    const exp = local ? this.#expected(c.stem, exposureOf(local, at), at).lambda : 0;
    const lambda = (base.lambda * (obs + PRIOR_PLACE)) / (exp + PRIOR_PLACE);
    if (c.authors < this.#o.minRatio * lambda) return { flagged: false, base: base.lambda, lambda, logP: 0 };
    const alpha = Math.min(1, 1 / (obs + PRIOR_PLACE) + 1 / (base.evidence + 1));
    const logP = negBinomialLogUpperTail(c.authors, lambda, alpha);
    return { flagged: logP < Math.log(this.#o.pValue), base: base.lambda, lambda, logP };
  }

  /** Σ_t N_t p(w|t) over the given topic volumes, and the counts behind it. */
  #expected(stem: string, docs: Map<TopicId, number>, at: number): { lambda: number; evidence: number } {
    const allTotal = this.#all.total(at);
    const allCount = this.#all.get(stem, at);
    // A word never seen: half a message's worth.
    const background = Math.max(allCount, 0.5) / Math.max(allTotal, 1);
    let lambda = 0;
    let evidence = 0;
    for (const [topic, n] of docs) {
      const table = this.#topics.get(topic);
      const c = table?.get(stem, at) ?? 0;
      const total = table?.total(at) ?? 0;
      lambda += (n * (c + PRIOR_TOPIC * background)) / (total + PRIOR_TOPIC);
      evidence += c;
    }
    return { lambda, evidence: Math.max(evidence, allCount) };
  }

  /** After testing: the shard's topic model and the town's history learn the hour; a flagged word teaches little. */
  #learn(municipality: string, place: HourPlace, expect: Map<string, number>, at: number): void {
    const taught = (stem: string, n: number) => {
      const l = expect.get(stem);
      return l === undefined ? n : Math.min(n, Math.ceil(l + 3 * Math.sqrt(l) + 1));
    };
    let local = this.#places.get(municipality);
    if (local === undefined) {
      local = {
        exposure: new CountTable(this.#o.memoryMs, MAX_TOPICS),
        terms: new CountTable(this.#o.memoryMs, this.#o.maxPlaceTerms),
      };
      this.#places.set(municipality, local);
    }
    for (const [topic, n] of place.docs) {
      let table = this.#topics.get(topic);
      if (table === undefined) {
        table = new CountTable(this.#o.memoryMs, this.#o.maxTopicTerms);
        this.#topics.set(topic, table);
      }
      table.addTotal(n, at);
      this.#all.addTotal(n, at);
      local.exposure.add(topic, n, at);
    }
    for (const [stem, t] of place.terms) {
      const authors = t.authorCount;
      // Flagged words (those in `expect`) teach at most what was expected plus a margin.
      const n = taught(stem, authors);
      for (const [topic, k] of t.topics())
        (this.#topics.get(topic) as CountTable).add(stem, (k * n) / authors, at);
      this.#all.add(stem, n, at);
      local.terms.add(stem, n, at);
    }
    for (const table of this.#topics.values()) table.trim();
    this.#all.trim();
    local.terms.trim();
  }

  snapshot(): EmergingTermsSnapshot {
    return {
      closedUpToMs: encodeNumber(this.#closedUpToMs),
      firstHourMs: encodeNumber(this.#firstHourMs),
      topics: [...this.#topics].map(([t, table]) => [t, table.snapshot()]),
      all: this.#all.snapshot(),
      places: [...this.#places].map(([k, p]) => [k, p.exposure.snapshot(), p.terms.snapshot()]),
      open: [...this.#open].map(([hour, places]) => [
        hour,
        [...places].map(([m, p]) => [
          m,
          p.region,
          [...p.docs],
          [...p.terms].map(([w, t]) => [
            w,
            [...t.authors()],
            [...t.topics()],
            [...t.surface()],
            [...t.ids],
            [...t.phrases()],
          ]),
        ]),
      ]),
      counters: { ...this.#counters },
    };
  }
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
