import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VspError } from '../errors.ts';
import type { Aggregate, Bucket, TopicId } from '../records.ts';
import { BUCKET_SIZE_MS, DAY_MS, HOUR_MS, MINUTE_MS, windowStartMs } from './assign.ts';
import {
  addToPartial,
  emptyPartial,
  sourcesRecordOf,
  uniqueAuthorsOf,
  type WindowPartial,
} from './partials.ts';
import { Windower, type WindowInput } from './windower.ts';

const T0 = Date.parse('2026-11-23T00:00:00Z');
const BUCKETS: Bucket[] = ['5m', 'hour', 'day'];

function ev(eventTimeMs: number, over: Partial<WindowInput> = {}): WindowInput {
  return {
    eventTimeMs,
    municipality: '65701000',
    topic: 'heating',
    source: 'vk',
    utcOffsetMin: 300,
    ...over,
  };
}

const keyOf = (a: { bucket: Bucket; municipality: string; topic: TopicId; startMs: number }) =>
  `${a.bucket}|${a.municipality}|${a.topic}|${a.startMs}`;

type Value = Omit<Aggregate, 'revision'>;
const windowValue = ({ revision: _r, ...v }: Aggregate): Value => v;

/** Last emission per window key: what an upserting store ends up with. */
function lastPerKey(aggs: Aggregate[]): Map<string, Value> {
  const out = new Map<string, Value>();
  for (const a of aggs) out.set(keyOf(a), windowValue(a));
  return out;
}

/** The reference: windows recomputed from scratch over a set of events. */
function recompute(events: WindowInput[], buckets: Bucket[]): Map<string, Value> {
  const parts = new Map<
    string,
    { key: Omit<Value, 'count' | 'uniqueAuthors' | 'sources'>; p: WindowPartial }
  >();
  for (const e of events) {
    for (const bucket of buckets) {
      const startMs = windowStartMs(bucket, e.eventTimeMs, e.utcOffsetMin);
      const key = {
        bucket,
        municipality: e.municipality,
        topic: e.topic,
        startMs,
        endMs: startMs + BUCKET_SIZE_MS[bucket],
      };
      const k = keyOf(key);
      let entry = parts.get(k);
      if (entry === undefined) {
        entry = { key, p: emptyPartial() };
        parts.set(k, entry);
      }
      addToPartial(entry.p, e.author, e.source);
    }
  }
  const out = new Map<string, Value>();
  for (const [k, { key, p }] of parts) {
    out.set(k, { ...key, count: p.count, uniqueAuthors: uniqueAuthorsOf(p), sources: sourcesRecordOf(p) });
  }
  return out;
}

const sorted = (m: Map<string, Value>) => new Map([...m].sort(([a], [b]) => (a < b ? -1 : 1)));

describe('Windower', () => {
  it('counts sources named like Object.prototype members as sources (a source "__proto__" is a key)', () => {
    for (const first of ['__proto__', 'vk']) {
      const w = new Windower({ buckets: ['hour'], allowedDelayMs: 0, allowedLatenessMs: HOUR_MS });
      w.add(ev(T0 + MINUTE_MS, { source: first }));
      if (first === 'vk') {
        w.add(ev(T0 + 2 * MINUTE_MS, { source: '__proto__' }));
        w.add(ev(T0 + 3 * MINUTE_MS, { source: 'constructor' }));
      }
      w.add(ev(T0 + HOUR_MS));
      const [out] = w.advance();
      const sources = out?.sources as Record<string, number>;
      expect(Object.getPrototypeOf(sources)).toBe(Object.prototype);
      expect(Object.entries(sources)).toEqual(
        first === 'vk'
          ? [
              ['__proto__', 1],
              ['constructor', 1],
              ['vk', 1],
            ]
          : [['__proto__', 1]],
      );
      expect(Object.values(sources).reduce((a, b) => a + b, 0)).toBe(out?.count);
    }
    const partial = {
      sources: new Map([
        ['vk', 2],
        ['__proto__', 1],
      ]),
    } as unknown as WindowPartial;
    expect(Object.entries(sourcesRecordOf(partial))).toEqual([
      ['__proto__', 1],
      ['vk', 2],
    ]);
  });

  it('emits a window once the watermark passes its end, with counts, unique authors and sources', () => {
    const w = new Windower({ buckets: ['hour'], allowedDelayMs: 0, allowedLatenessMs: HOUR_MS });
    expect(w.add(ev(T0 + 1 * MINUTE_MS, { author: 'a' }))).toBe('ok');
    w.add(ev(T0 + 2 * MINUTE_MS, { author: 'a' }));
    w.add(ev(T0 + 3 * MINUTE_MS, { author: 'b', source: 'tg' }));
    w.add(ev(T0 + 4 * MINUTE_MS)); // no author: its own author
    w.add(ev(T0 + 5 * MINUTE_MS, { author: 'c', topic: 'waste' }));
    expect(w.advance()).toEqual([]);
    expect(w.stats()).toMatchObject({ openWindows: 2, retainedWindows: 0, late: 0, keys: 2 });
    w.add(ev(T0 + HOUR_MS, { author: 'd' })); // watermark reaches the end of the first hour
    const out = w.advance();
    expect(out).toEqual([
      {
        bucket: 'hour',
        municipality: '65701000',
        topic: 'heating',
        startMs: T0,
        endMs: T0 + HOUR_MS,
        count: 4,
        uniqueAuthors: 3,
        sources: { tg: 1, vk: 3 },
        revision: false,
      },
      {
        bucket: 'hour',
        municipality: '65701000',
        topic: 'waste',
        startMs: T0,
        endMs: T0 + HOUR_MS,
        count: 1,
        uniqueAuthors: 1,
        sources: { vk: 1 },
        revision: false,
      },
    ]);
    expect(w.stats()).toMatchObject({ openWindows: 1, retainedWindows: 2 });
  });

  it('keeps windows open for the allowed delay', () => {
    const w = new Windower({ buckets: ['5m'], allowedDelayMs: 10 * MINUTE_MS });
    w.add(ev(T0));
    w.add(ev(T0 + 14 * MINUTE_MS));
    expect(w.advance()).toEqual([]);
    w.add(ev(T0 + 15 * MINUTE_MS));
    expect(w.advance().map((a) => a.startMs)).toEqual([T0]);
  });

  it('re-emits a window updated by a late event within the allowed lateness as a full-value revision', () => {
    const w = new Windower({ buckets: ['hour'], allowedDelayMs: 0, allowedLatenessMs: 48 * HOUR_MS });
    w.add(ev(T0 + 10 * MINUTE_MS, { author: 'a' }));
    w.add(ev(T0 + 5 * HOUR_MS));
    expect(w.advance().map((a) => [a.startMs, a.count, a.revision])).toEqual([[T0, 1, false]]);
    expect(w.add(ev(T0 + 20 * MINUTE_MS, { author: 'b', source: 'tg' }))).toBe('ok'); // 4h40m behind
    const out = w.advance();
    expect(out).toEqual([
      {
        bucket: 'hour',
        municipality: '65701000',
        topic: 'heating',
        startMs: T0,
        endMs: T0 + HOUR_MS,
        count: 2,
        uniqueAuthors: 2,
        sources: { tg: 1, vk: 1 },
        revision: true,
      },
    ]);
    expect(w.advance()).toEqual([]); // nothing changed since
  });

  it('emits a window first created by a late-but-allowed event with revision=false', () => {
    const w = new Windower({ buckets: ['hour'], allowedDelayMs: 0, allowedLatenessMs: 48 * HOUR_MS });
    w.add(ev(T0 + 10 * HOUR_MS));
    w.advance();
    expect(w.add(ev(T0 + 30 * MINUTE_MS, { topic: 'roads' }))).toBe('ok');
    expect(w.advance().map((a) => [a.topic, a.startMs, a.revision])).toEqual([['roads', T0, false]]);
  });

  it('counts an event older than watermark − allowedLateness as late and keeps it out of windows', () => {
    const w = new Windower({ buckets: ['hour', 'day'], allowedDelayMs: 0, allowedLatenessMs: 48 * HOUR_MS });
    w.add(ev(T0 + 72 * HOUR_MS));
    w.advance();
    expect(w.add(ev(T0 + 24 * HOUR_MS - 1))).toBe('late');
    expect(w.add(ev(T0 + 24 * HOUR_MS))).toBe('ok'); // exactly at the boundary: allowed
    expect(w.stats().late).toBe(1);
    const out = w.flush();
    const hours = out.filter((a) => a.bucket === 'hour').map((a) => a.startMs);
    expect(hours).toEqual([T0 + 24 * HOUR_MS, T0 + 72 * HOUR_MS]);
    expect(w.stats()).toMatchObject({ late: 1, added: 2, openWindows: 0, retainedWindows: 0, keys: 0 });
  });

  it('closes day windows at each municipality’s local midnight (UTC+5 and UTC+10)', () => {
    const w = new Windower({ buckets: ['day'], allowedDelayMs: 0 });
    const ekb = { municipality: '65701000', utcOffsetMin: 300 }; // Yekaterinburg
    const vvo = { municipality: '05701000', utcOffsetMin: 600 }; // Vladivostok
    w.add(ev(Date.parse('2026-11-23T13:30:00Z'), vvo)); // 23:30 on 23 Nov in Vladivostok
    w.add(ev(Date.parse('2026-11-23T14:30:00Z'), vvo)); // 00:30 on 24 Nov
    w.add(ev(Date.parse('2026-11-23T14:30:00Z'), ekb)); // 19:30 on 23 Nov in Yekaterinburg
    w.add(ev(Date.parse('2026-11-23T19:30:00Z'), ekb)); // 00:30 on 24 Nov
    const out = w.advance(); // watermark 19:30Z: past Vladivostok's midnight (14:00Z) and Yekaterinburg's (19:00Z)
    expect(
      out.map((a) => [a.municipality, new Date(a.startMs).toISOString(), new Date(a.endMs).toISOString()]),
    ).toEqual([
      ['05701000', '2026-11-22T14:00:00.000Z', '2026-11-23T14:00:00.000Z'],
      ['65701000', '2026-11-22T19:00:00.000Z', '2026-11-23T19:00:00.000Z'],
    ]);
    expect(out.map((a) => a.count)).toEqual([1, 1]);
    expect(w.flush().map((a) => [a.municipality, new Date(a.startMs).toISOString()])).toEqual([
      ['05701000', '2026-11-23T14:00:00.000Z'],
      ['65701000', '2026-11-23T19:00:00.000Z'],
    ]);
  });

  it('moves the watermark explicitly (idle heartbeat) and refuses to move it back', () => {
    const w = new Windower({ buckets: ['5m'], allowedDelayMs: MINUTE_MS });
    w.add(ev(T0));
    expect(w.advance(T0 + 5 * MINUTE_MS).map((a) => a.startMs)).toEqual([T0]);
    expect(() => w.advance(T0)).toThrow(VspError);
    try {
      w.advance(T0);
    } catch (e) {
      expect((e as VspError).code).toBe('VSP_WINDOW_WATERMARK_REGRESSED');
    }
    w.add(ev(T0 + 2 * MINUTE_MS)); // does not move the watermark back either
    expect(w.watermarkMs).toBe(T0 + 5 * MINUTE_MS);
  });

  it('after flush every further event is late', () => {
    const w = new Windower({ buckets: ['hour'], allowedDelayMs: 0 });
    w.add(ev(T0));
    expect(w.flush()).toHaveLength(1);
    expect(w.add(ev(T0 + DAY_MS))).toBe('late');
    expect(w.flush()).toEqual([]);
  });

  it('validates its options', () => {
    expect(() => new Windower({ buckets: [], allowedDelayMs: 0 })).toThrow(VspError);
    expect(() => new Windower({ buckets: ['hour', 'hour'], allowedDelayMs: 0 })).toThrow(VspError);
    expect(() => new Windower({ buckets: ['week' as Bucket], allowedDelayMs: 0 })).toThrow(VspError);
    expect(() => new Windower({ buckets: ['hour'], allowedDelayMs: -1 })).toThrow(VspError);
    expect(() => new Windower({ buckets: ['hour'], allowedDelayMs: 0, allowedLatenessMs: -1 })).toThrow(
      VspError,
    );
    const w = new Windower({ buckets: ['hour'], allowedDelayMs: 0 });
    expect(w.allowedLatenessMs).toBe(48 * HOUR_MS);
    expect(() => w.add(ev(Number.NaN))).toThrow(RangeError);
    expect(() => w.add(ev(T0, { utcOffsetMin: 5000 }))).toThrow(RangeError);
  });
});

// ---- properties ----------------------------------------------------------------------------------------

const SPAN_MS = 3 * DAY_MS;
const PLACES = [
  { municipality: '65701000', utcOffsetMin: 300 },
  { municipality: '05701000', utcOffsetMin: 600 },
  { municipality: '45000000', utcOffsetMin: 180 },
];
const rawEventArb = fc.record({
  atMs: fc.integer({ min: 0, max: SPAN_MS }),
  place: fc.constantFrom(...PLACES),
  topic: fc.constantFrom<TopicId>('heating', 'waste'),
  author: fc.option(fc.constantFrom('a', 'b', 'c', 'd', 'e'), { nil: undefined }),
  source: fc.constantFrom('vk', 'tg'),
  delayFraction: fc.double({ min: 0, max: 1, noNaN: true }),
});
type RawEvent = typeof rawEventArb extends fc.Arbitrary<infer T> ? T : never;
const toInput = (r: RawEvent): WindowInput => ({
  eventTimeMs: T0 + r.atMs,
  municipality: r.place.municipality,
  topic: r.topic,
  author: r.author,
  source: r.source,
  utcOffsetMin: r.place.utcOffsetMin,
});

function run(
  w: Windower,
  events: WindowInput[],
  advanceEvery: number,
): { out: Aggregate[]; results: string[] } {
  const out: Aggregate[] = [];
  const results: string[] = [];
  events.forEach((e, i) => {
    results.push(w.add(e));
    if (i % advanceEvery === advanceEvery - 1) out.push(...w.advance());
  });
  out.push(...w.flush());
  return { out, results };
}

describe('Windower properties', () => {
  it('output does not depend on arrival order within the allowed lateness', () => {
    fc.assert(
      fc.property(
        fc.array(rawEventArb, { maxLength: 150 }),
        fc.integer({ min: 0, max: 12 * HOUR_MS }),
        fc.integer({ min: 0, max: 6 * HOUR_MS }),
        fc.integer({ min: 1, max: 20 }),
        (raw, allowedLatenessMs, allowedDelayMs, advanceEvery) => {
          // Arrival = event time + a delay of at most allowedLateness: nothing is ever late.
          const arrivals = raw
            .map((r) => ({ e: toInput(r), arriveMs: T0 + r.atMs + r.delayFraction * allowedLatenessMs }))
            .sort((a, b) => a.arriveMs - b.arriveMs)
            .map((a) => a.e);
          const shuffled = run(
            new Windower({ buckets: BUCKETS, allowedDelayMs, allowedLatenessMs }),
            arrivals,
            advanceEvery,
          );
          expect(shuffled.results.every((r) => r === 'ok')).toBe(true);
          const inOrder = [...arrivals].sort((a, b) => a.eventTimeMs - b.eventTimeMs);
          const ordered = run(
            new Windower({ buckets: BUCKETS, allowedDelayMs, allowedLatenessMs }),
            inOrder,
            advanceEvery,
          );
          const expected = sorted(recompute(arrivals, BUCKETS));
          expect(sorted(lastPerKey(shuffled.out))).toEqual(expected);
          expect(sorted(lastPerKey(ordered.out))).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('any order: final windows equal a recompute over exactly the events accepted; late ones are counted', () => {
    fc.assert(
      fc.property(
        fc.array(rawEventArb, { maxLength: 150 }),
        fc.integer({ min: 0, max: DAY_MS }),
        fc.integer({ min: 0, max: HOUR_MS }),
        fc.integer({ min: 1, max: 20 }),
        (raw, allowedLatenessMs, allowedDelayMs, advanceEvery) => {
          const events = raw.map(toInput); // arbitrary order
          const w = new Windower({ buckets: BUCKETS, allowedDelayMs, allowedLatenessMs });
          const { out, results } = run(w, events, advanceEvery);
          const accepted = events.filter((_, i) => results[i] === 'ok');
          expect(w.stats().late).toBe(events.length - accepted.length);
          expect(sorted(lastPerKey(out))).toEqual(sorted(recompute(accepted, BUCKETS)));
          // Every window is emitted once with revision=false, later emissions are revisions.
          const seen = new Set<string>();
          for (const a of out) {
            expect(a.revision).toBe(seen.has(keyOf(a)));
            seen.add(keyOf(a));
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('never emits a watermark that moves backwards', () => {
    fc.assert(
      fc.property(fc.array(rawEventArb, { maxLength: 100 }), (raw) => {
        const w = new Windower({ buckets: ['hour'], allowedDelayMs: 0, allowedLatenessMs: HOUR_MS });
        let previous = w.watermarkMs;
        for (const r of raw) {
          w.add(toInput(r));
          w.advance();
          expect(w.watermarkMs).toBeGreaterThanOrEqual(previous);
          previous = w.watermarkMs;
        }
      }),
    );
  });
});

describe('Windower state is bounded', () => {
  it('a month of events keeps open + retained windows below keys × windows within the lateness horizon', () => {
    const allowedLatenessMs = 48 * HOUR_MS;
    const allowedDelayMs = 10 * MINUTE_MS;
    const w = new Windower({ buckets: BUCKETS, allowedDelayMs, allowedLatenessMs });
    const keys = PLACES.length * 2;
    let seed = 7;
    const rand = () => {
      seed = (seed * 1_103_515_245 + 12_345) >>> 0;
      return seed / 4_294_967_296;
    };
    const horizonMs = allowedLatenessMs + allowedDelayMs;
    const perKey = BUCKETS.reduce((s, b) => s + Math.ceil(horizonMs / BUCKET_SIZE_MS[b]) + 2, 0);
    const bound = keys * perKey;
    let maxWindows = 0;
    let maxFirstWeek = 0;
    const n = 30 * 24 * 60; // one message a minute for 30 days, up to 30 min out of order
    for (let i = 0; i < n; i++) {
      const place = PLACES[i % PLACES.length] as (typeof PLACES)[number];
      w.add({
        eventTimeMs: T0 + i * MINUTE_MS - Math.floor(rand() * 30 * MINUTE_MS),
        municipality: place.municipality,
        topic: rand() < 0.5 ? 'heating' : 'waste',
        author: `a${Math.floor(rand() * 50)}`,
        source: 'vk',
        utcOffsetMin: place.utcOffsetMin,
      });
      if (i % 100 === 99) {
        w.advance();
        const s = w.stats();
        maxWindows = Math.max(maxWindows, s.openWindows + s.retainedWindows);
        if (i < 7 * 24 * 60) maxFirstWeek = maxWindows;
      }
    }
    expect(w.stats().late).toBe(0);
    expect(maxWindows).toBeLessThanOrEqual(bound);
    // It plateaus once the lateness horizon is full: the last three weeks hold about what the first week did.
    expect(maxWindows).toBeLessThanOrEqual(maxFirstWeek * 1.05);
    w.flush();
    expect(w.stats()).toMatchObject({ openWindows: 0, retainedWindows: 0, keys: 0 });
  });
});

describe('Windower with an external watermark', () => {
  it('does not move the watermark on add; advance(to) closes windows', () => {
    const w = new Windower({ buckets: ['hour'], allowedDelayMs: 0, watermark: 'external' });
    const ev = { municipality: '38701000', topic: 'roads' as const, source: 'vk', utcOffsetMin: 180 };
    expect(w.add({ ...ev, eventTimeMs: Date.UTC(2025, 0, 1, 10, 5) })).toBe('ok');
    expect(w.add({ ...ev, eventTimeMs: Date.UTC(2025, 0, 3, 10, 5) })).toBe('ok'); // far ahead: no watermark move
    expect(w.add({ ...ev, eventTimeMs: Date.UTC(2025, 0, 1, 10, 30) })).toBe('ok');
    expect(w.advance()).toEqual([]);
    const out = w.advance(Date.UTC(2025, 0, 1, 11));
    expect(out.map((a) => [a.startMs, a.count])).toEqual([[Date.UTC(2025, 0, 1, 10), 2]]);
  });
});
