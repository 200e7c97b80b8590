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
 * State is bounded: per topic and overall at most `maxTopicTerms` words, per place at most `maxPlaceTerms`
 * (the least used are evicted), plus the open hours' words and authors.
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

/** A decayed count: [value, atMs]. */
type Decayed = [number, number];

/** Words → decayed counts, with a decayed total; at most `max` words (the least used evicted). */
interface CountTableSnapshot {
  total: Decayed;
  terms: [string, number, number][];
}

class CountTable {
  total: Decayed;
  readonly terms: Map<string, Decayed>;

  constructor(
    private readonly memoryMs: number,
    private readonly max: number,
    s?: CountTableSnapshot,
  ) {
    this.total = s ? [...s.total] : [0, 0];
    this.terms = new Map((s?.terms ?? []).map(([w, v, at]) => [w, [v, at]]));
  }

  value(d: Decayed | undefined, atMs: number): number {
    if (d === undefined) return 0;
    return d[0] * Math.exp(-Math.max(0, atMs - d[1]) / this.memoryMs);
  }

  totalAt(atMs: number): number {
    return this.value(this.total, atMs);
  }

  get(w: string, atMs: number): number {
    return this.value(this.terms.get(w), atMs);
  }

  addTotal(n: number, atMs: number): void {
    this.total = [this.totalAt(atMs) + n, atMs];
  }

  add(w: string, n: number, atMs: number): void {
    this.terms.set(w, [this.get(w, atMs) + n, atMs]);
  }

  /** Evict the least used words once 25 % over the cap (amortised). */
  trim(atMs: number): void {
    if (this.terms.size <= this.max * 1.25) return;
    const ranked = [...this.terms].map(([w, d]) => [w, this.value(d, atMs)] as const);
    ranked.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    for (const [w] of ranked.slice(this.max)) this.terms.delete(w);
  }

  snapshot(): CountTableSnapshot {
    return { total: [...this.total], terms: [...this.terms].map(([w, [v, at]]) => [w, v, at]) };
  }
}

/**
 * A place's history: its messages per topic (decayed) and its words' authors (decayed). What the shard's topic
 * model predicts for a word there is Σ_t exposure_t × p(w | t), computed when needed — so an hour costs only
 * the words it used.
 */
interface Place {
  exposure: Map<TopicId, Decayed>;
  terms: CountTable;
}
type PlaceSnapshot = [[TopicId, number, number][], CountTableSnapshot];

/** One word in one place and hour. */
interface HourTerm {
  authors: Set<string>;
  /** Messages using it, per topic. */
  topics: Map<TopicId, number>;
  /** Its spellings (tokens) and how often. */
  surface: Map<string, number>;
  /** First messages using it from distinct authors (samples). */
  ids: string[];
  municipalities: Set<string>;
}

/** One place (municipality or region) in one open hour. */
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
  places: [string, PlaceSnapshot][];
  /** Open hours: [hourStart, [placeKey, region, docs, terms]]. */
  open: [
    number,
    [
      string,
      string,
      [TopicId, number][],
      [string, string[], [TopicId, number][], [string, number][], string[], string[]][],
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

const placeKey = (scope: TermBurst['scope'], code: string) =>
  `${scope === 'municipality' ? 'm' : 'r'}:${code}`;

/** Stems worth testing: long enough, letters only (house numbers and dates are not terms). */
const TERM_STEM = /^\p{L}+$/u;

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
      (s?.places ?? []).map(([k, [exposure, terms]]) => [
        k,
        {
          exposure: new Map(exposure.map(([t, v, at]) => [t, [v, at]])),
          terms: new CountTable(o.memoryMs, o.maxPlaceTerms, terms),
        },
      ]),
    );
    for (const [hour, places] of s?.open ?? []) {
      const m = new Map<string, HourPlace>();
      for (const [k, region, docs, terms] of places)
        m.set(k, {
          region,
          docs: new Map(docs),
          terms: new Map(
            terms.map(([w, authors, topics, surface, ids, munis]) => [
              w,
              {
                authors: new Set(authors),
                topics: new Map(topics),
                surface: new Map(surface),
                ids,
                municipalities: new Set(munis),
              },
            ]),
          ),
        });
      this.#open.set(hour, m);
    }
    this.#counters = s ? { ...s.counters } : { hoursClosed: 0, tested: 0, bursts: 0, late: 0 };
  }

  stats(): EmergingTermsStats & { openHours: number; places: number } {
    return { ...this.#counters, openHours: this.#open.size, places: this.#places.size };
  }

  /** Count a message's words in its hour (municipality and region). */
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
    const author = doc.author ?? `\u0000${doc.id}`;
    const words = new Map<string, string>();
    for (let i = 0; i < doc.stems.length; i++) {
      const stem = doc.stems[i] as string;
      if (stem.length >= this.#o.minStemLength && TERM_STEM.test(stem) && !words.has(stem))
        words.set(stem, doc.tokens[i] ?? stem);
    }
    for (const [k, region] of [
      [placeKey('municipality', doc.municipality), doc.region],
      [placeKey('region', doc.region), doc.region],
    ] as const) {
      let p = places.get(k);
      if (p === undefined) {
        p = { region, docs: new Map(), terms: new Map() };
        places.set(k, p);
      }
      p.docs.set(doc.topic, (p.docs.get(doc.topic) ?? 0) + 1);
      for (const [stem, token] of words) {
        let t = p.terms.get(stem);
        if (t === undefined) {
          t = {
            authors: new Set(),
            topics: new Map(),
            surface: new Map(),
            ids: [],
            municipalities: new Set(),
          };
          p.terms.set(stem, t);
        }
        if (!t.authors.has(author) && t.ids.length < SAMPLES) t.ids.push(doc.id);
        t.authors.add(author);
        t.topics.set(doc.topic, (t.topics.get(doc.topic) ?? 0) + 1);
        t.surface.set(token, (t.surface.get(token) ?? 0) + 1);
        t.municipalities.add(doc.municipality);
      }
    }
  }

  /** Close the hours that end at or before the watermark; return their bursts (in hour, then place order). */
  advance(watermarkMs: number): TermBurst[] {
    const due = [...this.#open.keys()].filter((h) => h + HOUR_MS <= watermarkMs).sort((a, b) => a - b);
    const out: TermBurst[] = [];
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
    const keys = [...places.keys()].sort();
    // Test every place against the model as it was before this hour, then learn.
    const learned: { key: string; place: HourPlace; expect: Map<string, number>; flagged: Set<string> }[] =
      [];
    // A word one of its towns already flagged is that town's story, not the region's ('m:' keys sort first).
    const flaggedInTown = new Set<string>();
    for (const key of keys) {
      const place = places.get(key) as HourPlace;
      const expect = new Map<string, number>();
      const flagged = new Set<string>();
      const local = this.#places.get(key);
      const isRegion = key.startsWith('r:');
      for (const [stem, t] of place.terms) {
        const observed = t.authors.size;
        if (observed < this.#o.minAuthors) continue;
        if (
          isRegion &&
          (t.municipalities.size < this.#o.minRegionMunicipalities ||
            flaggedInTown.has(`${place.region}\u0000${stem}`))
        )
          continue;
        this.#counters.tested++;
        const base = this.#expected(stem, place.docs, at);
        expect.set(stem, base.lambda);
        const obs = local?.terms.get(stem, at) ?? 0;
        const exp = local ? this.#expected(stem, this.#exposureAt(local, at), at).lambda : 0;
        const lambda = (base.lambda * (obs + PRIOR_PLACE)) / (exp + PRIOR_PLACE);
        if (observed < this.#o.minRatio * lambda) continue;
        const alpha = Math.min(1, 1 / (obs + PRIOR_PLACE) + 1 / (base.evidence + 1));
        const logP = negBinomialLogUpperTail(observed, lambda, alpha);
        if (!(logP < Math.log(this.#o.pValue))) continue;
        flagged.add(stem);
        if (!isRegion) flaggedInTown.add(`${place.region}\u0000${stem}`);
        if (!warm) continue;
        this.#counters.bursts++;
        const scope: TermBurst['scope'] = isRegion ? 'region' : 'municipality';
        const code = key.slice(2);
        out.push({
          id: `term:${scope}:${code}:${stem}:${hour}`,
          scope,
          municipality: isRegion ? '' : code,
          region: place.region,
          stem,
          term: mostFrequent(t.surface) ?? stem,
          topic: mostFrequent(t.topics) ?? 'other',
          startMs: hour,
          endMs: at,
          observed,
          expected: lambda,
          pValue: Math.exp(logP),
          score: scoreOf(logP / Math.LN10),
          municipalities: t.municipalities.size,
          messageIds: [...t.ids],
          detectedAtMs: at,
        });
      }
      learned.push({ key, place, expect, flagged });
    }
    for (const l of learned) this.#learn(l.key, l.place, l.expect, l.flagged, at);
  }

  #exposureAt(place: Place, at: number): Map<TopicId, number> {
    const out = new Map<TopicId, number>();
    for (const [t, d] of place.exposure) out.set(t, place.terms.value(d, at));
    return out;
  }

  /** Σ_t N_t p(w|t) over the hour's topics, and the counts behind it. */
  #expected(stem: string, docs: Map<TopicId, number>, at: number): { lambda: number; evidence: number } {
    const allTotal = this.#all.totalAt(at);
    const allCount = this.#all.get(stem, at);
    // A word never seen: half a message's worth.
    const background = Math.max(allCount, 0.5) / Math.max(allTotal, 1);
    let lambda = 0;
    let evidence = 0;
    for (const [topic, n] of docs) {
      const table = this.#topics.get(topic);
      const c = table?.get(stem, at) ?? 0;
      const total = table?.totalAt(at) ?? 0;
      lambda += (n * (c + PRIOR_TOPIC * background)) / (total + PRIOR_TOPIC);
      evidence += c;
    }
    return { lambda, evidence: Math.max(evidence, allCount) };
  }

  #learn(key: string, place: HourPlace, expect: Map<string, number>, flagged: Set<string>, at: number): void {
    const cap = (stem: string, n: number) => {
      if (!flagged.has(stem)) return n;
      const l = expect.get(stem) ?? 0;
      return Math.min(n, Math.ceil(l + 3 * Math.sqrt(l) + 1));
    };
    // The shard's topic model learns from municipalities only (regions would count every message twice).
    if (key.startsWith('m:')) {
      for (const [topic, n] of place.docs) {
        let table = this.#topics.get(topic);
        if (table === undefined) {
          table = new CountTable(this.#o.memoryMs, this.#o.maxTopicTerms);
          this.#topics.set(topic, table);
        }
        table.addTotal(n, at);
        this.#all.addTotal(n, at);
      }
      for (const [stem, t] of place.terms) {
        const share = cap(stem, t.authors.size) / t.authors.size;
        for (const [topic, n] of t.topics) (this.#topics.get(topic) as CountTable).add(stem, n * share, at);
        this.#all.add(stem, cap(stem, t.authors.size), at);
      }
      for (const table of this.#topics.values()) table.trim(at);
      this.#all.trim(at);
    }
    // The place's own history: its messages per topic and its words' authors.
    let local = this.#places.get(key);
    if (local === undefined) {
      local = { exposure: new Map(), terms: new CountTable(this.#o.memoryMs, this.#o.maxPlaceTerms) };
      this.#places.set(key, local);
    }
    for (const [topic, n] of place.docs)
      local.exposure.set(topic, [local.terms.value(local.exposure.get(topic), at) + n, at]);
    for (const [stem, t] of place.terms) local.terms.add(stem, cap(stem, t.authors.size), at);
    local.terms.trim(at);
  }

  snapshot(): EmergingTermsSnapshot {
    return {
      closedUpToMs: encodeNumber(this.#closedUpToMs),
      firstHourMs: encodeNumber(this.#firstHourMs),
      topics: [...this.#topics].map(([t, table]) => [t, table.snapshot()]),
      all: this.#all.snapshot(),
      places: [...this.#places].map(([k, p]) => [
        k,
        [[...p.exposure].map(([t, [v, at]]) => [t, v, at]), p.terms.snapshot()],
      ]),
      open: [...this.#open].map(([hour, places]) => [
        hour,
        [...places].map(([k, p]) => [
          k,
          p.region,
          [...p.docs],
          [...p.terms].map(([w, t]) => [
            w,
            [...t.authors],
            [...t.topics],
            [...t.surface],
            [...t.ids],
            [...t.municipalities],
          ]),
        ]),
      ]),
      counters: { ...this.#counters },
    };
  }
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
