/**
 * Hostile records mixed into a good stream, through the processor (createProcessor) and through the embedded
 * path (file source → processor → DuckDB, runPipeline): every good message is kept — stored byte-identical, its
 * injection attempts included —, every bad record is one dead letter with its reason, nothing throws, and a
 * hostile run changes nothing already stored. docs/hostile-input.md lists what is tried.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import defaultPipeline from '../../pipelines/default.ts';
import { fixedClock } from '../clock.ts';
import { normalizePipeline } from '../config.ts';
import type { RawRecord, Rejected } from '../records.ts';
import { loadGazetteer } from '../reference/gazetteer.ts';
import { loadTopics } from '../reference/topics.ts';
import { openStore, type Store } from '../store/index.ts';
import { createProcessor } from './process.ts';
import { runPipeline } from './run.ts';

const gazetteer = loadGazetteer();
const topics = loadTopics();
const cfg = normalizePipeline(defaultPipeline);
const NOW = Date.parse('2026-06-01T00:00:00Z');
const DAY = 86_400_000;
const clock = fixedClock(NOW);
const codes = gazetteer.all.map((m) => m.code);

// --- good messages ------------------------------------------------------------------------------------------------

const TEXTS = [
  'Третий день не вывозят мусор во дворе дома 15 по ул. Ленина',
  'Нет горячей воды с утра, подъезд 2',
  'На улице Мира не горят фонари',
  'Яма на дороге у школы, машины объезжают по тротуару',
  'В квартире холодно, батареи еле тёплые',
];
/** Text a resident could write, or an attacker: each must come back from the store exactly as sent. */
const VALID_HOSTILE = [
  "'); DROP TABLE message_rows; --",
  "' OR '1'='1",
  'Robert"); DELETE FROM dead_letters; --',
  '<script>alert(document.cookie)</script>',
  '"><img src=x onerror=alert(1)>',
  '</textarea><svg/onload=alert(1)>',
  '\u202eпереворот\u202c',
  '\u2066изолят\u2069',
  'эмодзи 😡🔥',
  '__proto__',
  'constructor',
  '{"__proto__":{"polluted":1}}',
  '\\x00 \\u0000 (escaped, not a control)',
  '\t табуляция',
  'ʼ’‘ «ёлки»',
];

interface Good {
  kind: 'good';
  line: string;
  source: string;
  id: string;
  text: string;
  author?: string;
  url?: string;
}
interface Bad {
  kind: 'bad';
  line: string;
  /** The reason the dead letter must carry; undefined: any reason (random junk). */
  reason?: string;
}

/** A good message: `n` makes the id unique within the run's prefix. */
const goodMessage = (places: readonly string[]) =>
  fc
    .record({
      source: fc.constantFrom('vk', 'ok', 'telegram', 'constructor', "vk'; --", '<b>src</b>'),
      place: fc.constantFrom(...places),
      ageMs: fc.integer({ min: 0, max: 20 * DAY }),
      offset: fc.constantFrom('Z', '+03:00', '+05:00', '-00:30', '+14:00'),
      text: fc.constantFrom(...TEXTS),
      extra: fc.option(fc.constantFrom(...VALID_HOSTILE), { nil: undefined }),
      author: fc.option(fc.constantFrom('a1', ...VALID_HOSTILE), { nil: undefined }),
      url: fc.option(fc.constantFrom('https://vk.com/wall1_2', 'javascript:alert(1)', "'); --"), {
        nil: undefined,
      }),
      numericId: fc.boolean(),
    })
    .map((g) => (prefix: string, n: number): Good => {
      const off =
        g.offset === 'Z'
          ? 0
          : (g.offset[0] === '-' ? -1 : 1) * (Number(g.offset.slice(1, 3)) * 60 + Number(g.offset.slice(4)));
      // Local wall time at the offset, written with it: an event time of NOW − ageMs.
      const local = new Date(NOW - g.ageMs + off * 60_000).toISOString().slice(0, 19);
      const text = g.extra === undefined ? g.text : `${g.text} ${g.extra}`;
      const id = `${prefix}-${n}`;
      const m: Record<string, unknown> = {
        id,
        source: g.source,
        created_at: `${local}${g.offset}`,
        text,
        municipality: g.place,
      };
      if (g.author !== undefined) m.author = g.author;
      if (g.url !== undefined) m.url = g.url;
      return {
        kind: 'good',
        line: JSON.stringify(m),
        source: g.source,
        id,
        text,
        ...(g.author !== undefined ? { author: g.author } : {}),
        ...(g.url !== undefined ? { url: g.url } : {}),
      };
    });

// --- bad records: one corruption of a good message each, with the reason it must get -----------------------------

type Corruption = (m: Record<string, unknown>, line: string) => [string, string];
const set =
  (field: string, value: unknown, reason: string): Corruption =>
  (m) => [JSON.stringify({ ...m, [field]: value }), reason];
const setText =
  (field: string, valueText: string, reason: string): Corruption =>
  (m) => [JSON.stringify({ ...m, [field]: 0 }).replace(`"${field}":0`, `"${field}":${valueText}`), reason];
const drop =
  (field: string): Corruption =>
  (m) => {
    const { [field]: _, ...rest } = m;
    return [JSON.stringify(rest), `missing_field:${field}`];
  };
const nested = (d: number) => '['.repeat(d) + ']'.repeat(d);

const CORRUPTIONS: readonly Corruption[] = [
  (_m, line) => [line.slice(0, Math.max(1, line.length >> 1)), 'invalid_json'],
  (_m, line) => [`${line}}`, 'invalid_json'],
  () => [nested(100_000), 'not_an_object'],
  () => [`${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`, 'missing_field:id'],
  () => ['null', 'not_an_object'],
  drop('id'),
  drop('source'),
  drop('created_at'),
  drop('text'),
  set('text', '   \u3000 ', 'text_empty'),
  set('text', 'ж'.repeat(20_001), 'text_too_long'),
  set('text', 'нет\u0000воды', 'binary_text'),
  set('text', 'нет \ud800 воды', 'binary_text'),
  set('text', '\u001b[2Jочистка', 'binary_text'),
  setText('text', nested(10_000), 'bad_field:text'),
  set('created_at', '0001-01-01T00:00:00Z', 'bad_timestamp'),
  set('created_at', '9999-12-31T23:59:59Z', 'future_timestamp'),
  set('created_at', 'Infinity', 'bad_timestamp'),
  set('created_at', '-Infinity', 'bad_timestamp'),
  set('created_at', "2026-05-01'; DROP TABLE message_rows; --", 'bad_timestamp'),
  setText('lat', '1e999', 'bad_field:lat'),
  (m) => [JSON.stringify({ ...m, lat: 91, lon: 0 }), 'bad_field:lat'],
  (m) => [JSON.stringify({ ...m, lat: 56.8 }), 'missing_field:lon'],
  setText('id', '12345678901234567890', 'bad_field:id'),
  setText('id', '1e400', 'bad_field:id'),
  setText('id', nested(100_000), 'bad_field:id'),
  set('id', 'x'.repeat(513), 'bad_field:id'),
  set('id', 'id\udfff', 'bad_field:id'),
  set('source', 'vk\ud800', 'bad_field:source'),
  set('author', '\udc00', 'bad_field:author'),
  set('source', { $gt: '' }, 'bad_field:source'),
  set('municipality', "1' OR '1'='1", 'unknown_municipality'),
  set('municipality', "65701000'; DROP TABLE message_rows; --", 'bad_field:municipality'),
  set('municipality', '__proto__', 'unknown_municipality'),
  // A well-formed code the gazetteer does not know: rejected at the classify stage.
  set('municipality', '99999999', 'unknown_municipality'),
];

const junk = fc.oneof(
  fc.uint8Array({ maxLength: 80 }).map((b) => new TextDecoder().decode(b)),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 80 }),
);

const badRecord = (places: readonly string[]) =>
  fc.oneof(
    fc
      .tuple(goodMessage(places), fc.integer({ min: 0, max: CORRUPTIONS.length - 1 }))
      .map(([make, k]) => (prefix: string, n: number): Bad => {
        const g = make(prefix, n);
        const [line, reason] = (CORRUPTIONS[k] as Corruption)(JSON.parse(g.line), g.line);
        return { kind: 'bad', line, reason };
      }),
    // Junk lines: whatever they parse to, they are no message (no id), so a dead letter of any known reason.
    junk.map((s) => (): Bad => ({ kind: 'bad', line: s.replace(/"id"/g, '"x"') })),
  );

const KNOWN_REASON =
  /^(?:invalid_json|invalid_utf8|not_an_object|bad_timestamp|future_timestamp|text_too_long|text_empty|binary_text|record_too_large|unknown_municipality|missing_field:\w+|bad_field:\w+)$/;

const stream = (places: readonly string[]) =>
  fc.array(
    fc.oneof({ weight: 3, arbitrary: goodMessage(places) }, { weight: 2, arbitrary: badRecord(places) }),
    {
      maxLength: 40,
    },
  );

describe('processor: hostile records among good ones (property)', () => {
  // One processor for all runs (state carries over, as in a long run); ids are unique per execution, so a
  // shrinking replay is not taken for duplicates.
  const processor = createProcessor(cfg, { gazetteer, clock });
  let execution = 0;

  it('keeps every good message as sent, dead-letters every bad one with its reason, never throws', () => {
    fc.assert(
      fc.property(stream(codes.slice(0, 40)), fc.integer({ min: 1, max: 17 }), (makers, batchSize) => {
        const prefix = `p${execution++}`;
        const items = makers.map((make, i) => make(prefix, i));
        const records: RawRecord[] = items.map((it, i) => ({
          raw: it.line,
          origin: { kind: 'file', file: prefix, line: i + 1 },
        }));
        const stored = new Map<string, { text: string; author?: string; url?: string; source: string }>();
        const dead: Rejected[] = [];
        for (let i = 0; i < records.length; i += batchSize) {
          const out = processor.process(records.slice(i, i + batchSize));
          for (const m of [...out.messages, ...out.lateMessages]) {
            expect(stored.has(`${m.source}\u0000${m.id}`)).toBe(false);
            stored.set(`${m.source}\u0000${m.id}`, m);
          }
          dead.push(...out.deadLetters);
        }
        const goods = items.filter((x): x is Good => x.kind === 'good');
        expect(stored.size).toBe(goods.length);
        for (const g of goods) {
          const m = stored.get(`${g.source}\u0000${g.id}`);
          expect(m, g.line).toBeDefined();
          expect(m?.text).toBe(g.text);
          expect(m?.author).toBe(g.author);
          expect(m?.url).toBe(g.url);
        }
        const bads = items.flatMap((x, i) => (x.kind === 'bad' ? [[i + 1, x] as const] : []));
        expect(dead.length).toBe(bads.length);
        const byLine = new Map(dead.map((d) => [d.origin.kind === 'file' ? d.origin.line : -1, d]));
        for (const [line, b] of bads) {
          const d = byLine.get(line);
          expect(d?.raw).toBe(b.line);
          if (b.reason !== undefined) expect(d?.reason, b.line.slice(0, 120)).toBe(b.reason);
          else expect(d?.reason).toMatch(KNOWN_REASON);
        }
      }),
      { numRuns: 200, seed: 0x5eed_0010 },
    );
    expect(() => processor.finish()).not.toThrow();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  });
});

// --- the embedded path into DuckDB --------------------------------------------------------------------------------

describe('file source → DuckDB: a hostile run after a good one', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vsplesk-hostile-'));
  const dbPath = join(dir, 'store.duckdb');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Table names and row counts, read straight from the file (the store closed). */
  async function tables(): Promise<Map<string, number>> {
    const instance = await DuckDBInstance.create(dbPath, { access_mode: 'READ_ONLY' });
    const conn = await instance.connect();
    try {
      const names = (await conn.runAndReadAll('SELECT table_name FROM duckdb_tables() ORDER BY 1'))
        .getRowObjects()
        .map((r) => String(r.table_name));
      const out = new Map<string, number>();
      for (const t of names) {
        const [row] = (await conn.runAndReadAll(`SELECT count(*) AS n FROM "${t}"`)).getRowObjects();
        out.set(t, Number(row?.n));
      }
      return out;
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
  }

  async function run(name: string, content: Uint8Array) {
    const path = join(dir, name);
    writeFileSync(path, content);
    const store = await openStore(dbPath, { gazetteer, topics });
    try {
      const stats = await runPipeline(cfg, { kind: 'file', path }, { store, gazetteer, clock });
      return { stats, store };
    } catch (e) {
      await store.close();
      throw e;
    }
  }

  /** What a reader sees of the first run's places: its messages, hourly series, alerts and stories. */
  async function view(store: Store, ids: string[], places: readonly string[]) {
    const perPlace = [];
    for (const municipality of places)
      perPlace.push({
        series: await store.series({ bucket: 'hour', municipality, fromMs: NOW - 30 * DAY, toMs: NOW + DAY }),
        alerts: await store.alerts({ municipality, limit: 1000, offset: 0 }),
        stories: await store.stories({ municipality, limit: 1000, offset: 0 }),
      });
    return { messages: await store.messagesByIds(ids), perPlace };
  }

  const placesA = codes.slice(0, 20);
  const placesB = codes.slice(20, 40);
  const enc = new TextEncoder();
  const lines = (xs: readonly { line: string }[]) => xs.map((x) => x.line).join('\n');

  it('stores the good, dead-letters the bad by reason, changes nothing stored before, keeps the tables', async () => {
    const first = fc
      .sample(goodMessage(placesA), { numRuns: 60, seed: 0x5eed_0011 })
      .map((make, i) => make('a', i));
    let r = await run('good.ndjson', enc.encode(`${lines(first)}\n`));
    expect(r.stats.valid).toBe(first.length);
    const idsA = first.map((g) => g.id);
    const before = await view(r.store, idsA, placesA);
    const statsBefore = await r.store.stats();
    await r.store.close();
    const tablesBefore = await tables();
    expect(before.messages).toHaveLength(first.length);

    // The hostile file: good messages of other places, every corruption, junk, a 10 MB line, invalid UTF-8.
    const goods = fc
      .sample(goodMessage(placesB), { numRuns: 40, seed: 0x5eed_0012 })
      .map((make, i) => make('b', i));
    const bads: Bad[] = CORRUPTIONS.map((c, k) => {
      const g = (goods[k % goods.length] as Good).line;
      const [line, reason] = c(JSON.parse(g), g);
      return { kind: 'bad', line, reason };
    });
    const parts: Uint8Array[] = [];
    const expectedReasons: Record<string, number> = {};
    const count = (reason: string) => {
      expectedReasons[reason] = (expectedReasons[reason] ?? 0) + 1;
    };
    goods.forEach((g, i) => {
      parts.push(enc.encode(`${g.line}\n`));
      const b = bads[i % bads.length] as Bad;
      if (i < bads.length) {
        parts.push(enc.encode(`${b.line}\n`));
        count(b.reason as string);
      }
    });
    for (const b of bads.slice(goods.length)) {
      parts.push(enc.encode(`${b.line}\n`));
      count(b.reason as string);
    }
    parts.push(enc.encode(`${JSON.stringify({ id: 'huge', text: 'x'.repeat(10_000_000) })}\n`));
    count('record_too_large');
    parts.push(
      Uint8Array.from([...enc.encode('{"id":"u","text":"'), 0xc3, 0x28, 0xff, ...enc.encode('"}\n')]),
    );
    count('invalid_utf8');
    parts.push(enc.encode(`${(goods[0] as Good).line.replace('"b-0"', '"b-last"')}`)); // no final newline
    const content = Buffer.concat(parts);

    r = await run('hostile.ndjson', content);
    const goodIn = goods.length + 1;
    const badIn = Object.values(expectedReasons).reduce((a, b) => a + b, 0);
    expect(r.stats.valid).toBe(goodIn);
    expect(r.stats.deadLettered).toBe(badIn);
    expect(r.stats.deadByReason).toEqual(expectedReasons);

    const after = await view(r.store, idsA, placesA);
    const statsAfter = await r.store.stats();
    expect(after).toEqual(before);
    expect(statsAfter.messages).toBe(statsBefore.messages + goodIn);
    expect(statsAfter.deadLetters).toBe(statsBefore.deadLetters + badIn);
    expect(statsAfter.deadLettersByReason).toEqual(expectedReasons);

    // Injection attempts come back byte-identical: written as parameters, never as SQL.
    const storedB = await r.store.messagesByIds([...goods.map((g) => g.id), 'b-last']);
    expect(storedB).toHaveLength(goodIn);
    const byKey = new Map(storedB.map((m) => [`${m.source}\u0000${m.id}`, m]));
    for (const g of goods) {
      const m = byKey.get(`${g.source}\u0000${g.id}`);
      expect(m?.text).toBe(g.text);
      expect(m?.author ?? undefined).toBe(g.author);
      expect(m?.url ?? undefined).toBe(g.url);
    }
    expect(goods.some((g) => /DROP TABLE|<script>/.test(`${g.text} ${g.author ?? ''}`))).toBe(true);
    await r.store.close();

    const tablesAfter = await tables();
    expect([...tablesAfter.keys()]).toEqual([...tablesBefore.keys()]);
    expect(tablesAfter.get('dead_letters')).toBe((tablesBefore.get('dead_letters') ?? 0) + badIn);
  });
});
