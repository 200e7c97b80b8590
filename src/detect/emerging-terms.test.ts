import { describe, expect, it } from 'vitest';
import type { TermBurst, TopicId } from '../records.ts';
import { createPrng } from '../source/generator/prng.ts';
import { CountTable, EmergingTerms, placeRatio, STEM_KEYS, type TermDoc } from './emerging-terms.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const T0 = Date.UTC(2025, 0, 6);

/** Everyday vocabulary per topic (stems = tokens here: the detector only needs them aligned). */
const VOCAB: Partial<Record<TopicId, string[]>> = {
  snow_ice: ['снег', 'сугроб', 'наледь', 'дворник', 'уборка', 'тротуар', 'чистят'],
  roads: ['яма', 'асфальт', 'дорога', 'ремонт', 'колея', 'трасса', 'разметка'],
  landscaping: ['двор', 'скамейка', 'газон', 'деревья', 'клумба', 'площадка', 'горка'],
};
const TOWNS = ['01', '02', '03', '04'];

/** A quiet stream: each town writes ~6 messages an hour, 3 everyday words each, everyone a different author. */
function* background(days: number, seed = 1): Generator<TermDoc> {
  const rng = createPrng(seed, 'terms');
  let n = 0;
  for (let h = 0; h < days * 24; h++)
    for (const town of TOWNS)
      for (let k = 0; k < 6; k++) {
        const topics = Object.keys(VOCAB) as TopicId[];
        const topic = topics[rng.int(topics.length)] as TopicId;
        const words = VOCAB[topic] as string[];
        const picked = [0, 1, 2].map(() => words[rng.int(words.length)] as string);
        yield doc(
          `b${n++}`,
          town,
          topic,
          T0 + h * HOUR_MS + rng.int(HOUR_MS),
          `a${rng.int(100_000)}`,
          picked,
        );
      }
}

function doc(
  id: string,
  municipality: string,
  topic: TopicId,
  t: number,
  author: string,
  words: string[],
  stems = words,
): TermDoc {
  return { id, municipality, region: 'R', topic, eventTimeMs: t, author, tokens: words, stems };
}

/** Feed docs in time order, advancing with a watermark 10 minutes behind the newest message. */
function run(terms: EmergingTerms, docs: Iterable<TermDoc>): TermBurst[] {
  const sorted = [...docs].sort((a, b) => a.eventTimeMs - b.eventTimeMs);
  const out: TermBurst[] = [];
  for (const d of sorted) {
    terms.add(d);
    out.push(...terms.advance(d.eventTimeMs - 10 * 60_000));
  }
  return out;
}

const DAY9 = T0 + 9 * DAY_MS + 10 * HOUR_MS;

/** A word of a Zipf vocabulary: letters only (numbers are not terms), distinct per rank. */
const zipfWord = (rank: number) =>
  `сл${String(rank).replace(/\d/g, (d) => 'абвгдежзий'[Number(d)] as string)}`;

/**
 * A big city's steady stream: `perHour` messages an hour of 12 words drawn from a Zipf vocabulary of `words`
 * (rank r with weight 1/r), each message a different author: nothing new ever happens in it.
 */
function* zipfCity(words: number, perHour: number, days: number, seed = 1): Generator<TermDoc> {
  const rng = createPrng(seed, 'zipf');
  const cum = new Float64Array(words);
  let sum = 0;
  for (let r = 0; r < words; r++) cum[r] = sum += 1 / (r + 1);
  const pick = () => {
    const u = rng.next() * sum;
    let lo = 0;
    let hi = words - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cum[mid] as number) < u) lo = mid + 1;
      else hi = mid;
    }
    return zipfWord(lo);
  };
  let n = 0;
  for (let h = 0; h < days * 24; h++)
    for (let k = 0; k < perHour; k++) {
      const picked = Array.from({ length: 12 }, pick);
      yield doc(`z${n}`, '45000000', 'roads', T0 + h * HOUR_MS + rng.int(HOUR_MS), `z${n++}`, picked);
    }
}

describe('emerging terms', () => {
  it('stays quiet on everyday vocabulary', () => {
    const terms = new EmergingTerms();
    const bursts = run(terms, background(14));
    expect(bursts).toEqual([]);
    expect(terms.stats().tested).toBeGreaterThan(1000);
  });

  it('flags a new word six residents use within an hour, with its place, topic, spelling and samples', () => {
    // Stems differ from tokens as the stemmer makes them; the burst shows the word as written.
    const story = [0, 1, 2, 3, 4, 5].map((i) =>
      doc(
        `s${i}`,
        '02',
        'landscaping',
        DAY9 + 5 * 60_000 * i,
        `r${i}`,
        ['пылью', 'набережная', 'двор'],
        ['пыл', 'набережн', 'двор'],
      ),
    );
    const bursts = run(new EmergingTerms(), [...background(12), ...story]);
    const mine = bursts.filter((b) => b.municipality === '02');
    expect(mine.map((b) => b.stem).sort()).toEqual(['набережн']);
    const b = mine[0] as TermBurst;
    expect(b).toMatchObject({
      scope: 'municipality',
      region: 'R',
      term: 'набережная',
      topic: 'landscaping',
      observed: 6,
      municipalities: 1,
      startMs: Math.floor(DAY9 / HOUR_MS) * HOUR_MS,
    });
    expect(b.messageIds).toEqual(['s0', 's1', 's2', 's3', 's4']);
    expect(b.expected).toBeLessThan(0.5);
    expect(b.pValue).toBeLessThan(1e-7);
    expect(b.id).toBe(`term:municipality:02:набережн:${b.startMs}`);
    // All six wrote "пылью набережная" (tied with "набережная двор": the first seen wins).
    expect(b.phrase).toBe('пылью набережная');
    // "пыл" is three letters: too short to be a term (minStemLength 4); "двор" is everyday vocabulary.
  });

  it('names the phrase the word was written in when at least half its messages share it', () => {
    const burst = (words: (i: number) => string[]) => {
      const story = [0, 1, 2, 3, 4, 5].map((i) =>
        doc(`s${i}`, '02', 'roads', DAY9 + 5 * 60_000 * i, `r${i}`, words(i)),
      );
      return run(new EmergingTerms(), [...background(12), ...story]).find((b) => b.stem === 'набережной');
    };
    const shared = burst((i) => (i < 3 ? ['ремонт', 'набережной', 'пыль'] : ['закрыли', 'набережной']));
    expect(shared?.phrase).toBe('ремонт набережной');
    const scattered = burst((i) => [`слово${i}`, 'набережной']);
    expect(scattered).toBeDefined();
    expect(scattered?.phrase).toBeUndefined();
  });

  it('does not flag a topic-wide wave (a snowfall triples snow complaints and their usual words)', () => {
    // The wave writes the usual words the usual way (as background does). Written every time as the one sequence
    // «снег сугроб дворник», its pairs would be 10–20× their everyday rate: new combinations, flagged as pairs.
    const rng = createPrng(5, 'snow');
    const words = VOCAB.snow_ice as string[];
    const snowfall: TermDoc[] = [];
    for (let h = 0; h < 10; h++)
      for (let k = 0; k < 12; k++)
        snowfall.push(
          doc(
            `w${h}-${k}`,
            '03',
            'snow_ice',
            DAY9 + h * HOUR_MS + rng.int(HOUR_MS),
            `w${h}-${k}`,
            [0, 1, 2].map(() => words[rng.int(words.length)] as string),
          ),
        );
    const bursts = run(new EmergingTerms(), [...background(12), ...snowfall]);
    expect(bursts).toEqual([]);
  });

  it('counts authors: one account posting the same new word 40 times is one voice', () => {
    const flood = Array.from({ length: 40 }, (_, i) =>
      doc(`f${i}`, '01', 'roads', DAY9 + i * 60_000, 'bot', ['криптовалюта', 'заработок']),
    );
    expect(run(new EmergingTerms(), [...background(12), ...flood])).toEqual([]);
  });

  it('flags a word spreading across a region though no single town has enough authors', () => {
    const spread = TOWNS.flatMap((town, i) =>
      [0, 1].map((k) =>
        doc(`g${town}${k}`, town, 'roads', DAY9 + (i * 2 + k) * 5 * 60_000, `g${town}${k}`, ['гололёд']),
      ),
    );
    const bursts = run(new EmergingTerms(), [...background(12), ...spread]);
    expect(
      bursts.map((b) => [b.scope, b.municipality, b.region, b.term, b.observed, b.municipalities]),
    ).toEqual([['region', '', 'R', 'гололёд', 8, 4]]);
  });

  it('learns a recurring word: the same story every day stops being news', () => {
    const daily = (day: number) =>
      [0, 1, 2, 3, 4, 5].map((i) =>
        doc(`d${day}-${i}`, '04', 'roads', T0 + day * DAY_MS + 9 * HOUR_MS + i * 60_000, `d${day}-${i}`, [
          'пробка',
        ]),
      );
    const stories = Array.from({ length: 20 }, (_, k) => daily(4 + k)).flat();
    const bursts = run(new EmergingTerms(), [...background(24), ...stories]).filter(
      (b) => b.scope === 'municipality',
    );
    expect(bursts.length).toBeGreaterThan(0);
    // News for the first days (a flagged word teaches the model only a few authors a day), then vocabulary:
    // nothing in the second half of the 20 days.
    expect(bursts.length).toBeGreaterThan(2);
    expect(bursts.every((b) => b.startMs < T0 + 14 * DAY_MS)).toBe(true);
  });

  it('ignores messages of an hour already closed, and restores from a snapshot to the same output', () => {
    const docs = [...background(12)];
    const story = [0, 1, 2, 3, 4, 5].map((i) =>
      doc(`s${i}`, '02', 'roads', DAY9 + 5 * 60_000 * i, `r${i}`, ['провал', 'трубы']),
    );
    const all = [...docs, ...story].sort((a, b) => a.eventTimeMs - b.eventTimeMs);
    const whole = run(new EmergingTerms(), all);
    const cut = Math.floor(all.length * 0.6);
    const first = new EmergingTerms();
    const part1 = run(first, all.slice(0, cut));
    const second = new EmergingTerms({}, JSON.parse(JSON.stringify(first.snapshot())));
    const part2 = run(second, all.slice(cut));
    expect([...part1, ...part2]).toEqual(whole);
    expect(whole.some((b) => b.stem === 'провал')).toBe(true);

    second.add(doc('late', '02', 'roads', T0, 'x', ['провал']));
    expect(second.stats().late).toBe(1);
  });

  it("stays quiet on a big city's steady vocabulary, though its tables keep evicting words (they come back as known)", () => {
    // 60 messages an hour for three weeks over 3,000 or 30,000 words, against tables of 400 (town) and 4,000
    // (topic) words: before evicted words read as known and the threshold tightened with the hour's vocabulary,
    // this stream raised 10 and 4 "new" words (a 300-word vocabulary, kept whole, raised none).
    for (const words of [3000, 30_000]) {
      const terms = new EmergingTerms();
      expect(run(terms, zipfCity(words, 60, 21))).toEqual([]);
      expect(terms.stats().tested).toBeGreaterThan(5000);
      const town = terms.snapshot().places.find(([m]) => m === '45000000')?.[2];
      expect(town?.evicted).toBeGreaterThan(0);
    }
  });

  it('still flags a new word eight residents use within an hour in that big city', () => {
    // Six are not enough there: its hour writes ~450 distinct words, each a chance of a false burst, so the
    // per-word threshold is 1e-5 / 450 (family-wise), and six of a word never seen give p ≈ 6e-8.
    const story = [0, 1, 2, 3, 4, 5, 6, 7].map((i) =>
      doc(`p${i}`, '45000000', 'roads', DAY9 + 5 * 60_000 * i, `p${i}`, ['провал']),
    );
    const bursts = run(new EmergingTerms(), [...zipfCity(30_000, 60, 12), ...story]);
    expect(bursts.map((b) => [b.municipality, b.term, b.observed])).toEqual([['45000000', 'провал', 8]]);
  });

  it('tightens the per-word threshold with the number of words a place wrote in the hour (family-wise bound)', () => {
    // The same four-author story, alone in its hour or among 2,000 other words written once: its p-value is
    // the same, the number of words that could have burst by chance is not.
    const story = (prefix: string, t: number) =>
      [0, 1, 2, 3].map((i) =>
        doc(`${prefix}${i}`, '02', 'roads', t + 60_000 * i, `${prefix}${i}`, ['провал']),
      );
    const filler = (t: number) =>
      Array.from({ length: 200 }, (_, i) =>
        doc(
          `f${i}`,
          '02',
          'roads',
          t + 30 * 60_000,
          `f${i}`,
          Array.from({ length: 10 }, (_, k) => zipfWord(100 + i * 10 + k)),
        ),
      );
    const opts = { pValue: 1e-3, familyPValue: 1e-11 };
    const alone = run(new EmergingTerms(opts), [...background(12), ...story('s', DAY9)]);
    expect(alone.map((b) => b.term)).toEqual(['провал']);
    const crowded = run(new EmergingTerms(opts), [...background(12), ...story('s', DAY9), ...filler(DAY9)]);
    expect(crowded.filter((b) => b.term === 'провал')).toEqual([]);
    const bound = run(new EmergingTerms({ ...opts, familyPValue: 1 }), [
      ...background(12),
      ...story('s', DAY9),
      ...filler(DAY9),
    ]);
    expect(bound.filter((b) => b.term === 'провал').length).toBe(1);
  });
});

describe('placeRatio: how much more than the model a town writes a word', () => {
  it('never reads a word as rare in a town whose table has evicted (its count may have restarted, many times)', () => {
    // Moscow, real-text stream: «костюм» back at 1 author against 115 predicted; «дождя» at 35 against 810.
    expect((1 + 3) / (115 + 3)).toBeLessThan(0.04); // the bare ratio made 4 residents a burst
    expect(placeRatio(1, 115, true)).toBe(1);
    expect(placeRatio(34.6, 809.8, true)).toBe(1);
  });

  it("reads a town's excess as kept (its own street, written more than the model predicts)", () => {
    expect(placeRatio(1, 0.2, true)).toBeCloseTo(4 / 3.2, 6);
    expect(placeRatio(30, 10, true)).toBeCloseTo(33 / 13, 6);
  });

  it('reads both ways for a table that never evicted (a small town holds its whole vocabulary)', () => {
    expect(placeRatio(1, 115, false)).toBeCloseTo(4 / 118, 6);
    expect(placeRatio(9, 3, false)).toBe(2);
  });
});

describe('CountTable', () => {
  const DAY = 86_400_000;
  const MEMORY = 14 * DAY;

  it('forgets exponentially, the same across its rescaling (every 30 memories: 420 days at 14)', () => {
    // Each method alone on its own table, so that each is the one that meets the rescaling first.
    const byTotal = new CountTable(MEMORY, 100);
    const byWord = new CountTable(MEMORY, 100);
    const readFirst = new CountTable(MEMORY, 100);
    const keep = Math.exp(-DAY / MEMORY);
    let expected = 0;
    for (let d = 0; d < 730; d++) {
      const at = d * DAY;
      expected = expected * (d === 0 ? 1 : keep) + 1;
      byTotal.addTotal(1, at);
      byWord.add('улица', 1, at);
      if (d > 0) expect(readFirst.get('улица', at) / (expected - 1)).toBeCloseTo(1, 9);
      readFirst.add('улица', 1, at);
      expect(byTotal.total(at) / expected).toBeCloseTo(1, 9);
      expect(byWord.get('улица', at) / expected).toBeCloseTo(1, 9);
    }
    expect((byWord.entries(729 * DAY)[0]?.[1] as number) / expected).toBeCloseTo(1, 9);
  });

  it('keyed by stem id, keeps, evicts (ties by the word) and snapshots as the same table keyed by string', () => {
    // Ids given in the reverse of the words' order, so that an order by id would differ from the order by word.
    const words = ['ёж', 'яма', 'дом', 'вода', 'газ', 'свет', 'люк'];
    const ids = new Map([...words].reverse().map((w) => [w, STEM_KEYS.key(w)] as const));
    const byId = new CountTable(MEMORY, 4, undefined, true, STEM_KEYS);
    const byWord = new CountTable(MEMORY, 4);
    const counts = [5, 3, 3, 3, 3, 1, 3];
    for (let i = 0; i < words.length; i++) {
      byId.add(ids.get(words[i] as string) as number, counts[i] as number, 0);
      byWord.add(words[i] as string, counts[i] as number, 0);
    }
    byId.trim();
    byWord.trim();
    // Five tied at 3 for three places: the first three by word stay (вода, газ, дом), not the first by id.
    expect(byWord.snapshot().terms.map(([w]) => w)).toEqual(['ёж', 'дом', 'вода', 'газ']);
    expect(byId.snapshot()).toEqual(byWord.snapshot());
    expect(byId.entries(7 * DAY)).toEqual(byWord.entries(7 * DAY));
    const restored = new CountTable(MEMORY, 4, byId.snapshot(), true, STEM_KEYS);
    expect(restored.snapshot()).toEqual(byWord.snapshot());
    expect(restored.get(ids.get('ёж') as number, 7 * DAY)).toBe(byWord.get('ёж', 7 * DAY));
  });

  it('lets a word come back at the most it ever evicted, not at nothing (Space-Saving)', () => {
    const t = new CountTable(MEMORY, 4);
    for (const [w, n] of [
      ['а', 50],
      ['б', 40],
      ['в', 30],
      ['г', 20],
      ['д', 10],
      ['е', 5],
    ] as const)
      t.add(w, n, 0);
    t.trim(); // six words over a cap of four (trims at 5): «д» and «е» go, the floor is 10
    expect(t.has('д')).toBe(false);
    expect(t.getOrEvicted('д', 0)).toBe(10);
    expect(t.getOrEvicted('ж', 0)).toBe(10); // never seen, or seen and evicted: indistinguishable, read alike
    t.add('д', 1, 0);
    expect(t.get('д', 0)).toBe(11);
    expect(t.get('а', 0)).toBe(50);
    // A town's own table (its counts make a ratio) lets it come back at what it brings.
    const town = new CountTable(MEMORY, 4, undefined, false);
    for (const [w, n] of [
      ['а', 50],
      ['б', 40],
      ['в', 30],
      ['г', 20],
      ['д', 10],
      ['е', 5],
    ] as const)
      town.add(w, n, 0);
    town.trim();
    town.add('д', 1, 0);
    expect(town.get('д', 0)).toBe(1);
  });
});

describe('emerging terms: pairs of words', () => {
  const PAIRS = { pairs: true } as const;

  /**
   * Everyday in every town: each hour three residents write «вода лужа» and three «ржавая труба» (roads), so
   * «вода» and «ржавая» are common words but never written next to each other.
   */
  function* water(days: number): Generator<TermDoc> {
    const rng = createPrng(2, 'water');
    for (let h = 0; h < days * 24; h++)
      for (const town of TOWNS)
        for (let k = 0; k < 6; k++) {
          const rusty = k % 2 === 0;
          yield doc(
            `v${h}-${town}-${k}`,
            town,
            'roads',
            T0 + h * HOUR_MS + rng.int(HOUR_MS),
            `v${rng.int(100_000)}`,
            rusty ? ['ржавая', 'труба'] : ['вода', 'лужа'],
            rusty ? ['ржав', 'труб'] : ['вод', 'луж'],
          );
        }
  }

  const rustyWater = (prefix: string, town: string, t: number, n: number) =>
    Array.from({ length: n }, (_, i) =>
      doc(
        `${prefix}${i}`,
        town,
        'roads',
        t + i * 4 * 60_000,
        `${prefix}${i}`,
        ['ржавая', 'вода'],
        ['ржав', 'вод'],
      ),
    );

  it('flags a new combination of two common words as a pair, while neither word bursts', () => {
    const docs = [...background(12), ...water(12), ...rustyWater('rw', '02', DAY9, 8)];
    const bursts = run(new EmergingTerms(PAIRS), docs);
    expect(bursts.map((b) => [b.scope, b.municipality, b.stem, b.term, b.phrase, b.observed])).toEqual([
      ['municipality', '02', 'ржав вод', 'ржавая вода', 'ржавая вода', 8],
    ]);
    const b = bursts[0] as TermBurst;
    expect(b.id).toBe(`term:municipality:02:ржав вод:${Math.floor(DAY9 / HOUR_MS) * HOUR_MS}`);
    expect(b.topic).toBe('roads');
    expect(b.messageIds).toEqual(['rw0', 'rw1', 'rw2', 'rw3', 'rw4']);
    // Words alone see nothing: «ржавая» and «вода» are each used every hour under roads.
    expect(run(new EmergingTerms(), docs)).toEqual([]);
  });

  it('never flags a pair used steadily every day for weeks, though small caps keep evicting pairs', () => {
    // Five residents write «ржавая вода» in town 04 every morning from the first day; the random background
    // makes ~150 distinct pairs per topic against caps of 30 (topic) and 10 (town): eviction every hour.
    const steady = Array.from({ length: 28 }, (_, d) =>
      rustyWater(`d${d}-`, '04', T0 + d * DAY_MS + 9 * HOUR_MS, 5),
    );
    const terms = new EmergingTerms({ ...PAIRS, maxTopicPairs: 30, maxPlacePairs: 10 });
    const bursts = run(terms, [...background(28), ...water(28), ...steady.flat()]);
    expect(bursts).toEqual([]);
    expect(terms.stats().pairsTested).toBeGreaterThan(20);
    const s = terms.snapshot();
    const roads = s.pairs?.topics.find(([t]) => t === 'roads')?.[1];
    expect(roads?.terms.length).toBeLessThanOrEqual(30 * 1.25);
    expect(roads?.evicted).toBeGreaterThan(0);
  });

  it('reports a word and a pair with it bursting in the same place and hour once: the word, with the pair as phrase', () => {
    const story = [0, 1, 2, 3, 4, 5].map((i) =>
      doc(
        `s${i}`,
        '02',
        'roads',
        DAY9 + 5 * 60_000 * i,
        `r${i}`,
        ['ремонт', 'набережной'],
        ['ремонт', 'набережн'],
      ),
    );
    const terms = new EmergingTerms(PAIRS);
    const bursts = run(terms, [...background(12), ...story]);
    expect(bursts.map((b) => [b.stem, b.phrase])).toEqual([['набережн', 'ремонт набережной']]);
    // The pair was tested and flagged too (so it learns capped), just not reported.
    expect(terms.stats().pairsTested).toBeGreaterThan(0);
  });

  it('flags a pair spreading across a region though no single town has enough authors', () => {
    const spread = TOWNS.flatMap((town, i) => rustyWater(`g${town}-`, town, DAY9 + i * 10 * 60_000, 2));
    const bursts = run(new EmergingTerms(PAIRS), [...background(12), ...water(12), ...spread]);
    expect(
      bursts.map((b) => [b.scope, b.municipality, b.region, b.term, b.observed, b.municipalities]),
    ).toEqual([['region', '', 'R', 'ржавая вода', 8, 4]]);
  });

  it('restores from a snapshot without pair state (older, or pairs off): words unchanged, pairs warm up anew', () => {
    const all = [
      ...background(16),
      ...water(16),
      ...rustyWater('early', '02', DAY9, 8), // a day after the restore: pairs still warming up
      ...rustyWater('late', '03', T0 + 13 * DAY_MS + 10 * HOUR_MS, 8), // five days after: warm
    ].sort((a, b) => a.eventTimeMs - b.eventTimeMs);
    const whole = run(new EmergingTerms(PAIRS), all);
    expect(whole.map((b) => b.stem)).toEqual(['ржав вод', 'ржав вод']);
    const cut = all.findIndex((d) => d.eventTimeMs >= T0 + 8 * DAY_MS);
    const first = new EmergingTerms(); // pairs off: its snapshot has no pair state, like one from before pairs
    const part1 = run(first, all.slice(0, cut));
    const old = JSON.parse(JSON.stringify(first.snapshot()));
    expect(old.pairs).toBeUndefined();
    expect(old.places.every((p: unknown[]) => p.length === 3)).toBe(true);
    const second = new EmergingTerms(PAIRS, old);
    const part2 = run(second, all.slice(cut));
    expect([...part1, ...part2].map((b) => [b.stem, b.municipality, b.startMs])).toEqual([
      ['ржав вод', '03', whole[1]?.startMs],
    ]);
  });

  it('round-trips its snapshot, pairs included, and gives the same output whatever the cut', () => {
    const all = [...background(12), ...water(12), ...rustyWater('rw', '02', DAY9, 8)].sort(
      (a, b) => a.eventTimeMs - b.eventTimeMs,
    );
    const whole = run(new EmergingTerms(PAIRS), all);
    expect(whole.map((b) => b.stem)).toEqual(['ржав вод']);
    // Cuts inside the story's hour (open pair state in the snapshot) and elsewhere.
    const inStory = all.findIndex((d) => d.id === 'rw3');
    for (const cut of [Math.floor(all.length * 0.3), inStory, Math.floor(all.length * 0.9)]) {
      const first = new EmergingTerms(PAIRS);
      const part1 = run(first, all.slice(0, cut));
      const json = JSON.parse(JSON.stringify(first.snapshot()));
      expect(json.pairs.topics.length).toBeGreaterThan(0);
      const second = new EmergingTerms(PAIRS, json);
      expect(JSON.parse(JSON.stringify(second.snapshot()))).toEqual(json);
      const part2 = run(second, all.slice(cut));
      expect([...part1, ...part2]).toEqual(whole);
    }
  });
});
