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
import { STEM_IDS, stemIdsOf } from '../normalise/stem-ids.ts';
import type { Story, TopicId } from '../records.ts';
import { ADDRESS_WORDS } from './streets.ts';
import { TownStemIndex } from './town-stem-index.ts';

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
  /** Added when the message's coordinates lie within `nearKm` of the story's located messages' centre. */
  placeBonus: number;
  nearKm: number;
  /**
   * Subtracted when the story belongs to a neighbouring municipality (`neighbours`): smoke from a landfill fire
   * reaches the next town, but a message joins across the border only on stronger evidence.
   */
  neighbourPenalty: number;
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
  placeBonus: 0.2,
  nearKm: 0.5,
  neighbourPenalty: 0.1,
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
  /** Ids of `stems` (normalise/stem-ids.ts, the process's STEM_IDS); computed from them when absent. */
  stemIds?: Int32Array | undefined;
  /** The words the stems came from, same order (the story shows words, not stems). */
  tokens: readonly string[];
  /** Street keys named by the message (cluster/streets.ts), with a readable label each. */
  streets: readonly { key: string; label: string }[];
  /** Where it was written from, when the source gave coordinates. */
  lat?: number;
  lon?: number;
}

/** Neighbours of a municipality whose stories its messages may join (same shard: same region). */
export type NeighboursOf = (municipality: string) => readonly string[];

/** An open story as saved in a shard snapshot (JSON-safe). */
interface SavedStory {
  id: string;
  municipality: string;
  region: string;
  startMs: number;
  lastMs: number;
  messages: number;
  /** [stem, messages containing it, its weight (count × IDF) as of the story's last message, first word]. */
  stems: [string, number, number, string][];
  topics: Record<string, number>;
  topic: TopicId;
  /** municipality → messages (its own and neighbours' that joined it). */
  places: Record<string, number>;
  /** Sums of latitude and longitude of its located messages, and how many. */
  geo: [number, number, number];
  streets: [string, string, number][];
  authors: string[];
  extraAuthors: number;
  seed: string[];
  copies: number;
  /**
   * Squared norm of the story's TF-IDF vector: the sum of its weights' squares. A weight is updated when a
   * message brings its stem (all of them when the story is pruned); the IDF of the others drifts little meanwhile.
   */
  norm2: number;
}

/** One stem of an open story (one object, shared with the town's stem index: a join updates it in place). */
interface StemStat {
  /** The stem's id (STEM_IDS). */
  id: number;
  /** Messages containing it. */
  count: number;
  /**
   * count × IDF as of the story's last message: the published terms rank by it, so a story's value depends on its
   * own messages and those before them, never on where a batch ended.
   */
  weight: number;
  /** The word it was first written as in this story (the story shows words, not stems). */
  word: string;
  /** Its holder in the town's stem index (-1: not indexed), which keeps a copy of `count`. */
  holder: number;
}

/** An open story's working state. */
interface OpenStory extends Omit<SavedStory, 'stems' | 'seed' | 'places'> {
  /** stem id → its count, weight and first word, in the order the story met them. */
  stems: Map<number, StemStat>;
  /**
   * municipality → messages. A Map: as object keys, municipality codes are array indices, which V8 keeps in a
   * slow dictionary. Saved as the object it was (the same JSON: see `snapshot`).
   */
  places: Map<string, number>;
  /** The first message's distinct stems (ids): a message repeating them is a copy. */
  seed: Set<number>;
  closed: boolean;
  /** Its place in its town's `dots` (and the stem index's holders); -1 when not in a town. */
  slot: number;
}

export interface StoriesSnapshot {
  open: SavedStory[];
  df: [string, number][];
  docs: number;
  nowMs?: number;
}

/** A municipality's open stories, oldest first, and which of them hold each stem. */
interface Town {
  list: OpenStory[];
  /** stem id → the open stories (slots) holding it and their counts, as typed columns. */
  index: TownStemIndex;
  /** Slots free for the next story, and how many slots there are. */
  freeSlots: number[];
  slots: number;
  /** Scratch of `add`, by slot: the dot product with the message being placed, valid when `marks` is its number. */
  dots: Float64Array;
  marks: Int32Array;
}

const MAX_AUTHORS = 64;
const MAX_STREETS = 3;
const COPY_JACCARD = 0.8;

export class Stories {
  readonly #o: StoryOptions;
  readonly #towns = new Map<string, Town>();
  /**
   * Document frequency by stem id (0: none). Ids are dense and the process's (STEM_IDS): an array indexed by id, grown
   * as the process meets new stems, instead of a string-keyed Map.
   */
  #df = new Float64Array(1024);
  /** The ids with a document frequency, in the order they got it (the snapshot's order, as a Map's would be). */
  #dfOrder: number[] = [];
  #docs = 0;
  /**
   * The newest event time placed: idle stories close against it, never against a late message's own time, so
   * where a batch ends (and `advance` runs) does not change which story a late message joins.
   */
  #nowMs = Number.NEGATIVE_INFINITY;
  /** Stories changed since the last `take` (by id); their values are built then. */
  #changed = new Map<string, OpenStory>();
  /** Messages placed (numbers each `add` for the stories' dot-product scratch). */
  #placed = 0;
  /** Scratch of `#distinct`: by stem id, the message that saw it last (`#placed`). */
  #seenAt = new Int32Array(1024).fill(-1);
  readonly #firstAt: number[] = [];
  /** Scratch of `add`: the message's distinct stems' IDF. */
  readonly #idfs: number[] = [];

  readonly #neighbours: NeighboursOf;

  /** `neighbours`: whose stories a municipality's messages may also join (default: none). */
  constructor(
    options: Partial<StoryOptions> = {},
    restoreFrom?: StoriesSnapshot,
    neighbours: NeighboursOf = () => [],
  ) {
    this.#o = { ...DEFAULT_STORY_OPTIONS, ...options };
    this.#neighbours = neighbours;
    if (restoreFrom) {
      for (const saved of restoreFrom.open) {
        const s: OpenStory = {
          ...saved,
          stems: new Map(),
          places: new Map(Object.entries(saved.places)),
          seed: new Set(saved.seed.map((st) => STEM_IDS.idOf(st))),
          closed: false,
          slot: -1,
        };
        for (const [st, count, weight, word] of saved.stems) {
          const id = STEM_IDS.idOf(st);
          s.stems.set(id, { id, count, weight, word, holder: -1 });
        }
        const town = this.#townOf(s.municipality);
        this.#place(town, s);
        for (const stat of s.stems.values()) this.#index(town, s, stat);
      }
      const ids = restoreFrom.df.map(([st]) => STEM_IDS.idOf(st));
      this.#fit();
      for (let i = 0; i < ids.length; i++) {
        const id = ids[i] as number;
        this.#df[id] = (restoreFrom.df[i] as [string, number])[1];
        this.#dfOrder.push(id);
      }
      this.#docs = restoreFrom.docs;
      this.#nowMs = restoreFrom.nowMs ?? Number.NEGATIVE_INFINITY;
    }
  }

  snapshot(): StoriesSnapshot {
    const open: SavedStory[] = [];
    // Towns by code: a restored tracker re-creates only the towns with open stories, so insertion order would
    // differ between a resumed run and one never stopped, and with it the saved state.
    const towns = [...this.#towns].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    for (const [, { list }] of towns)
      for (const s of list) {
        const { closed: _c, slot: _s, ...rest } = s;
        // Copies, not references: a snapshot may be serialised after the next batch has changed the story.
        open.push({
          ...rest,
          topics: { ...s.topics },
          // An object from the Map's entries orders its keys as the object kept before did (index-like codes
          // ascending, the others as inserted): the saved JSON is the same.
          places: Object.fromEntries(s.places),
          geo: [...s.geo],
          streets: s.streets.map((x) => [...x]),
          authors: [...s.authors],
          stems: Array.from(s.stems, ([id, e]) => [STEM_IDS.stemOf(id), e.count, e.weight, e.word]),
          seed: Array.from(s.seed, (id) => STEM_IDS.stemOf(id)),
        });
      }
    return {
      open,
      df: this.#dfOrder.map((id) => [STEM_IDS.stemOf(id), this.#df[id] as number]),
      docs: this.#docs,
      ...(Number.isFinite(this.#nowMs) ? { nowMs: this.#nowMs } : {}),
    };
  }

  get openCount(): number {
    let n = 0;
    for (const t of this.#towns.values()) n += t.list.length;
    return n;
  }

  /** Place a message in a story; returns the story's id. */
  add(doc: StoryDoc): string {
    const stems = this.#distinct(doc.stemIds ?? stemIdsOf(doc.stems));
    const idf = this.#learnDf(stems);
    const home = this.#townOf(doc.municipality);
    if (doc.eventTimeMs > this.#nowMs) this.#nowMs = doc.eventTimeMs;
    const towns = [home];
    for (const code of this.#neighbours(doc.municipality)) {
      const t = this.#towns.get(code);
      if (t !== undefined && t.list.length > 0) towns.push(t);
    }
    // Dot products through the stem index: only the stories sharing a word are touched.
    const placing = this.#placed - 1;
    let docNorm = 0;
    for (let i = 0; i < stems.length; i++) docNorm += (idf[i] as number) ** 2;
    docNorm = Math.sqrt(docNorm);
    let best: OpenStory | undefined;
    let bestTown = home;
    let bestSim = this.#o.threshold;
    for (const town of towns) {
      this.#closeIdle(town, this.#nowMs);
      const { index, dots, marks } = town;
      for (let i = 0; i < stems.length; i++)
        index.accumulate(stems[i] as number, (idf[i] as number) ** 2, dots, marks, placing);
      const penalty = town === home ? 0 : this.#o.neighbourPenalty;
      for (const story of town.list) {
        const dot = marks[story.slot] === placing ? (dots[story.slot] as number) : 0;
        const sim = this.#similarity(story, dot, docNorm, doc) - penalty;
        if (sim >= bestSim) {
          best = story;
          bestTown = town;
          bestSim = sim;
        }
      }
    }
    const firstAt = this.#firstAt;
    if (best === undefined) {
      best = this.#seed(doc, stems);
      this.#place(home, best);
      this.#join(home, best, doc, stems, idf, firstAt);
      if (home.list.length > this.#o.maxOpenPerMunicipality) this.#evictStalest(home);
    } else this.#join(bestTown, best, doc, stems, idf, firstAt);
    if (best.messages >= this.#o.minMessages) this.#changed.set(best.id, best);
    return best.id;
  }

  /** Close stories idle at `watermarkMs` (all municipalities). */
  advance(watermarkMs: number): void {
    for (const town of this.#towns.values()) this.#closeIdle(town, watermarkMs);
  }

  /** Close every story (end of a finite stream). */
  flush(): void {
    for (const town of this.#towns.values()) {
      for (const s of town.list) this.#close(s);
      town.list.length = 0;
      town.index.clear();
      town.freeSlots.length = 0;
      town.slots = 0;
    }
  }

  /** Published stories changed since the last call (opened, grown or closed), as full values. */
  take(): Story[] {
    const out: Story[] = [];
    for (const s of this.#changed.values()) out.push(this.#publish(s));
    this.#changed = new Map();
    return out;
  }

  #townOf(municipality: string): Town {
    let t = this.#towns.get(municipality);
    if (t === undefined) {
      t = {
        list: [],
        index: new TownStemIndex(),
        freeSlots: [],
        slots: 0,
        dots: new Float64Array(64),
        marks: new Int32Array(64).fill(-1),
      };
      this.#towns.set(municipality, t);
    }
    return t;
  }

  /** Grows the arrays indexed by stem id to hold every id given so far. */
  #fit(): void {
    const need = STEM_IDS.size;
    if (need <= this.#df.length) return;
    let n = this.#df.length;
    while (n < need) n *= 2;
    const df = new Float64Array(n);
    df.set(this.#df);
    this.#df = df;
    const seenAt = new Int32Array(n).fill(-1);
    seenAt.set(this.#seenAt);
    this.#seenAt = seenAt;
  }

  /**
   * A message's distinct stem ids in first-seen order (a fresh array: a seed keeps a copy), and in `#firstAt` where
   * each was first written in it. Numbers the message (`#placed`): the scratch marks ids seen by it.
   */
  #distinct(all: Int32Array): number[] {
    this.#fit();
    const seenAt = this.#seenAt;
    const placing = this.#placed++;
    const out: number[] = [];
    this.#firstAt.length = 0;
    for (let i = 0; i < all.length; i++) {
      const id = all[i] as number;
      if (seenAt[id] === placing) continue;
      seenAt[id] = placing;
      out.push(id);
      this.#firstAt.push(i);
    }
    return out;
  }

  /** Appends a story to its town's list, in a free slot. */
  #place(town: Town, s: OpenStory): void {
    let slot = town.freeSlots.pop();
    if (slot === undefined) {
      slot = town.slots++;
      if (slot === town.dots.length) {
        const dots = new Float64Array(slot * 2);
        dots.set(town.dots);
        town.dots = dots;
        const marks = new Int32Array(slot * 2).fill(-1);
        marks.set(town.marks);
        town.marks = marks;
      }
    }
    town.marks[slot] = -1;
    s.slot = slot;
    town.list.push(s);
  }

  #index(town: Town, s: OpenStory, stat: StemStat): void {
    stat.holder = town.index.add(stat.id, s.slot);
    town.index.setCount(stat.holder, stat.count);
  }

  #unindex(town: Town, stat: StemStat): void {
    if (stat.holder < 0) return;
    town.index.remove(stat.id, stat.holder);
    stat.holder = -1;
  }

  #idf(stem: number): number {
    return Math.log((this.#docs + 1) / ((this.#df[stem] as number) + 1)) + 1;
  }

  /** Count a message's distinct stems; returns their IDF after it (a scratch array, valid until the next call). */
  #learnDf(stems: readonly number[]): number[] {
    const docs = ++this.#docs;
    const df = this.#df;
    const idf = this.#idfs;
    idf.length = 0;
    for (let i = 0; i < stems.length; i++) {
      const s = stems[i] as number;
      const was = df[s] as number;
      if (was === 0) this.#dfOrder.push(s);
      const n = was + 1;
      df[s] = n;
      idf.push(Math.log((docs + 1) / (n + 1)) + 1);
    }
    if (this.#dfOrder.length > this.#o.maxVocabulary) {
      // Halve everything and drop what falls below one document: rare words go, the scale stays.
      this.#docs /= 2;
      const order = this.#dfOrder;
      let w = 0;
      for (let i = 0; i < order.length; i++) {
        const s = order[i] as number;
        const n = df[s] as number;
        if (n >= 2) {
          df[s] = n / 2;
          order[w++] = s;
        } else df[s] = 0;
      }
      order.length = w;
      for (let i = 0; i < stems.length; i++) idf[i] = this.#idf(stems[i] as number);
    }
    return idf;
  }

  #similarity(story: OpenStory, dot: number, docNorm: number, doc: StoryDoc): number {
    let sim = docNorm > 0 && story.norm2 > 0 ? dot / (docNorm * Math.sqrt(story.norm2)) : 0;
    if (sim < this.#o.minCosine) return Number.NEGATIVE_INFINITY;
    const main = story.streets[0]?.[0];
    if (main !== undefined && doc.streets.length > 0) {
      // Another street named: a second burst pipe is not the first one's story, unless the words insist.
      sim += doc.streets.some((s) => s.key === main) ? this.#o.streetBonus : -this.#o.streetPenalty;
    }
    if (story.topic !== doc.topic) sim -= this.#o.topicPenalty;
    // Indexed, not destructured: destructuring iterates the array (an iterator per call, on the hot path).
    const geo = story.geo;
    const sumLat = geo[0];
    const sumLon = geo[1];
    const located = geo[2];
    if (located > 0 && doc.lat !== undefined && doc.lon !== undefined) {
      if (distanceKm(sumLat / located, sumLon / located, doc.lat, doc.lon) <= this.#o.nearKm)
        sim += this.#o.placeBonus;
    }
    return sim;
  }

  #seed(doc: StoryDoc, stems: readonly number[]): OpenStory {
    return {
      id: `story:${doc.municipality}:${doc.id}`,
      municipality: doc.municipality,
      region: doc.region,
      startMs: doc.eventTimeMs,
      lastMs: doc.eventTimeMs,
      messages: 0,
      stems: new Map(),
      topics: {},
      topic: doc.topic,
      places: new Map(),
      geo: [0, 0, 0],
      streets: [],
      authors: [],
      extraAuthors: 0,
      seed: new Set(stems.slice(0, 64)),
      copies: 0,
      norm2: 0,
      closed: false,
      slot: -1,
    };
  }

  /**
   * `idf`: of each of `stems`, as of this message; `firstAt`: where in `doc.stems` each was first written (a stem
   * new to the story is shown as that word).
   */
  #join(
    town: Town,
    s: OpenStory,
    doc: StoryDoc,
    stems: readonly number[],
    idf: readonly number[],
    firstAt: readonly number[],
  ): void {
    s.messages++;
    s.startMs = Math.min(s.startMs, doc.eventTimeMs);
    s.lastMs = Math.max(s.lastMs, doc.eventTimeMs);
    for (let i = 0; i < stems.length; i++) {
      const st = stems[i] as number;
      let stat = s.stems.get(st);
      if (stat === undefined) {
        const word = doc.tokens[firstAt[i] as number] ?? STEM_IDS.stemOf(st);
        stat = { id: st, count: 0, weight: 0, word, holder: -1 };
        s.stems.set(st, stat);
        this.#index(town, s, stat);
      }
      const c = stat.count + 1;
      stat.count = c;
      town.index.setCount(stat.holder, c);
      const was = stat.weight;
      const w = (idf[i] as number) * c;
      stat.weight = w;
      s.norm2 += w * w - was * was;
    }
    s.places.set(doc.municipality, (s.places.get(doc.municipality) ?? 0) + 1);
    if (doc.lat !== undefined && doc.lon !== undefined) {
      s.geo[0] += doc.lat;
      s.geo[1] += doc.lon;
      s.geo[2]++;
    }
    const t = (s.topics[doc.topic] ?? 0) + 1;
    s.topics[doc.topic] = t;
    if (t > (s.topics[s.topic] ?? 0)) s.topic = doc.topic;
    if (s.stems.size > 2 * this.#o.maxStemsPerStory) this.#pruneStems(town, s);
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

  /**
   * Keep the stems with the largest count × IDF (what the story is about, not what everyone says), weighed
   * afresh: this also resets the norm's rounding drift.
   */
  #pruneStems(town: Town, s: OpenStory): void {
    // Ties by the stem's string, as before ids: the order must not depend on the order the process met stems in.
    const ranked = Array.from(
      s.stems,
      ([id, e]) => [STEM_IDS.stemOf(id), e.count * this.#idf(id), e] as const,
    ).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    for (const [, , e] of ranked.slice(this.#o.maxStemsPerStory)) {
      s.stems.delete(e.id);
      this.#unindex(town, e);
    }
    s.norm2 = 0;
    for (const [, w, e] of ranked.slice(0, this.#o.maxStemsPerStory)) {
      e.weight = w;
      s.norm2 += w * w;
    }
  }

  #closeIdle(town: Town, nowMs: number): void {
    const { list } = town;
    let w = 0;
    for (const s of list) {
      const idle = s.messages === 1 ? this.#o.singletonIdleMs : this.#o.idleCloseMs;
      if (nowMs - s.lastMs > idle || nowMs - s.startMs > this.#o.maxSpanMs) this.#closeIn(town, s);
      else list[w++] = s;
    }
    list.length = w;
  }

  #evictStalest(town: Town): void {
    const { list } = town;
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
    if (gone) this.#closeIn(town, gone);
  }

  /** Close and drop from the stem index; the caller removes it from the town's list. */
  #closeIn(town: Town, s: OpenStory): void {
    for (const stat of s.stems.values()) this.#unindex(town, stat);
    town.freeSlots.push(s.slot);
    this.#close(s);
  }

  #close(s: OpenStory): void {
    s.closed = true;
    if (s.messages >= this.#o.minMessages) this.#changed.set(s.id, s);
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
    const stems = Array.from(s.stems.values(), (e) => [e.word, e.weight] as const)
      .filter(([w]) => w.length >= 3 && !/^\d/.test(w) && !ADDRESS_WORDS.has(w) && !streetWords.has(w))
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, 8)
      .map(([w]) => w);
    const about = stems.slice(0, 3).join(' ');
    const [sumLat, sumLon, located] = s.geo;
    const places = Array.from(s.places)
      .map(([municipality, messages]) => ({ municipality, messages }))
      .sort((a, b) => b.messages - a.messages || (a.municipality < b.municipality ? -1 : 1));
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
      places,
      // The centre of its located messages (about 10 m: no more is known of a phone's position).
      ...(located > 0 ? { lat: round4(sumLat / located), lon: round4(sumLon / located), located } : {}),
      closed: s.closed,
    };
  }
}

/** Great-circle distance (haversine), km. */
export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const a =
    Math.sin(((lat2 - lat1) * rad) / 2) ** 2 +
    Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(a)));
}

function round4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

function jaccard(a: ReadonlySet<number>, b: readonly number[]): number {
  if (a.size === 0 && b.length === 0) return 1;
  let inter = 0;
  for (const x of b) if (a.has(x)) inter++;
  return inter / (a.size + b.length - inter);
}
