/**
 * Hostile input at the source: whatever bytes arrive, the line splitter, the file source and the message parser
 * never throw, and every record either becomes a message that keeps the contract (DESIGN.md "Input: one
 * message") or a dead letter whose reason is one of the existing codes (records.ts RejectReason). Property runs
 * use fixed seeds (fast-check prints the seed and the shrunk counterexample on failure); docs/hostile-input.md
 * lists what is tried and the bugs these tests found.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { RawRecord, Rejected } from '../records.ts';
import { readFileSource } from './file.ts';
import { type Line, splitLines } from './lines.ts';
import { MessageSchema, REQUIRED_FIELDS } from './message-schema.ts';
import { DEFAULT_PARSE_LIMITS, type ParseResult, parseMessage } from './parse.ts';
import { GOOD_MESSAGE } from './test-messages.ts';

const NOW = Date.parse('2026-11-23T12:00:00Z');
const origin = { kind: 'file', file: 'hostile.ndjson', line: 1 } as const;
const rec = (raw: string): RawRecord => ({ raw, origin });

/** The reason codes parse.ts and file.ts can give (records.ts RejectReason, fields of the message schema). */
const KNOWN_REASONS: ReadonlySet<string> = new Set([
  'invalid_json',
  'invalid_utf8',
  'not_an_object',
  'bad_timestamp',
  'future_timestamp',
  'text_too_long',
  'text_empty',
  'binary_text',
  'record_too_large',
  'unknown_municipality',
  ...[...REQUIRED_FIELDS, 'lat', 'lon'].map((f) => `missing_field:${f}`),
  ...[...Object.keys(MessageSchema.properties), 'message'].map((f) => `bad_field:${f}`),
]);

// biome-ignore lint/suspicious/noControlCharactersInRegex: what the parser must never let through
const BINARY = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFD]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Parses, failing the property on a throw; checks every accepted message against the contract. */
function parseChecked(raw: string): ParseResult {
  let r: ParseResult;
  try {
    r = parseMessage(rec(raw), NOW);
  } catch (e) {
    throw new Error(`parseMessage threw on ${JSON.stringify(raw.slice(0, 200))}: ${(e as Error).message}`);
  }
  if (!r.ok) {
    expect(KNOWN_REASONS.has(r.rejected.reason), r.rejected.reason).toBe(true);
    expect(r.rejected.raw).toBe(raw);
    expect(r.rejected.origin).toBe(origin);
    return r;
  }
  const m = r.message;
  expect(m.text).toBe(m.text.trim());
  expect(m.text.length).toBeGreaterThan(0);
  expect(m.text.length).toBeLessThanOrEqual(DEFAULT_PARSE_LIMITS.maxTextChars);
  expect(BINARY.test(m.text)).toBe(false);
  for (const v of [m.text, m.id, m.source, m.region, m.author, m.url, m.parentId])
    if (v !== undefined) expect(LONE_SURROGATE.test(v)).toBe(false);
  expect(Number.isFinite(m.eventTimeMs)).toBe(true);
  expect(m.eventTimeMs).toBeGreaterThanOrEqual(DEFAULT_PARSE_LIMITS.minEventTimeMs);
  expect(m.eventTimeMs).toBeLessThanOrEqual(NOW + DEFAULT_PARSE_LIMITS.futureToleranceMs);
  expect(m.lat === undefined).toBe(m.lon === undefined);
  if (m.lat !== undefined && m.lon !== undefined) {
    expect(Math.abs(m.lat)).toBeLessThanOrEqual(90);
    expect(Math.abs(m.lon)).toBeLessThanOrEqual(180);
  }
  if (m.municipality !== undefined) expect(m.municipality).toMatch(/^\d{8}$/);
  return r;
}

const good = { ...GOOD_MESSAGE, parent_id: 'vk:-1234_5000' };

/** A JSON object written by hand, so values may be JSON texts JSON.stringify cannot make (1e999, deep nesting). */
const objectText = (pairs: readonly (readonly [string, string])[]): string =>
  `{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`;
const goodPairs = (): [string, string][] => Object.entries(good).map(([k, v]) => [k, JSON.stringify(v)]);
const nested = (depth: number, open = '[', close = ']') => open.repeat(depth) + close.repeat(depth);

// --- generators ------------------------------------------------------------------------------------------------

/** Pieces of hostile text: controls, bidi overrides, lone surrogates, injection attempts, pollution keys. */
const HOSTILE_PIECES = [
  '\u0000',
  '\u0001',
  '\u0007',
  '\u001b[31m',
  '\u007f',
  '\u0085',
  '\u202e',
  '\u202d',
  '\u2066',
  '\u2069',
  '\u200f',
  '\u200b',
  '\ufeff',
  '\u2028',
  '\ufffd',
  '\uffff',
  '\ud800',
  '\udfff',
  '\ud83d',
  '😀',
  '\r\n',
  "'; DROP TABLE message_rows; --",
  "' OR '1'='1",
  "Robert'); DROP TABLE dead_letters;--",
  '"; SELECT * FROM offsets; --',
  '$1',
  '?',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '</textarea><svg onload=alert(1)>',
  'javascript:alert(1)',
  '&lt;b&gt;',
  '{{constructor.constructor("alert(1)")()}}',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection attempt, as data
  '${7*7}',
  '__proto__',
  'constructor',
  'prototype',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e999',
  'нет воды',
  'ул. Ленина, д. 15',
  ' ',
  '\\',
  '"',
];
const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const hostileString = fc
  .array(fc.oneof(fc.constantFrom(...HOSTILE_PIECES), anyCodeUnit, fc.string({ maxLength: 8 })), {
    maxLength: 12,
  })
  .map((ps) => ps.join(''));

const TIMESTAMPS = [
  '0001-01-01T00:00:00Z',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '9999-12-31T23:59:59+14:00',
  '+275760-09-13T00:00:00Z',
  '-271821-04-20T00:00:00Z',
  'Infinity',
  '-Infinity',
  '+Infinity',
  'NaN',
  '1e999',
  '2026-11-23T07:15:00',
  '2026-11-23T24:00:00Z',
  '2026-02-29T10:00:00Z',
  '2026-11-23T07:15:00+99:99',
  '2026-11-23T07:15:60Z',
  '2026-11-23T07:15:00.1234567891Z',
  '２０２６-11-23T07:15:00Z',
  '2026-11-23T07:15:00+05:00\n',
  '2026-11-23T07:15:00+05:00\u0000',
  '1999-12-31T23:59:59Z',
  '2026-11-24T12:00:00Z',
  '2026-11-25T12:00:01Z',
  '2000-01-01T00:00:00Z',
];

/** One field's value as JSON text: hostile strings, numbers JSON.parse turns into ±Infinity or rounds, nesting… */
const hostileValueText: fc.Arbitrary<string> = fc.oneof(
  hostileString.map((s) => JSON.stringify(s)),
  fc.constantFrom(...TIMESTAMPS).map((s) => JSON.stringify(s)),
  fc.constantFrom(
    'null',
    'true',
    'false',
    '0',
    '-0',
    '1.5',
    '1e999',
    '-1e999',
    '1e-400',
    '1e308',
    '12345678901234567890',
    '-12345678901234567890',
    '9007199254740993',
    '9007199254740991',
    '91',
    '-181',
    '""',
    '[]',
    '{}',
    '{"__proto__":{"polluted":1}}',
    '{"constructor":{"prototype":{"polluted":1}}}',
    '["65701000"]',
  ),
  fc.double().map((d) => (Number.isFinite(d) ? JSON.stringify(d) : 'null')),
  fc.integer({ min: 1, max: 3000 }).map((d) => nested(d)),
  fc.integer({ min: 1, max: 3000 }).map((d) => `${'{"a":'.repeat(d)}1${'}'.repeat(d)}`),
);

const FIELDS = [...Object.keys(good), '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'];

/** A good message with some fields replaced by hostile values, some dropped, and pollution keys added. */
const hostileMessage: fc.Arbitrary<string> = fc
  .array(fc.tuple(fc.constantFrom(...FIELDS), fc.option(hostileValueText, { nil: undefined })), {
    minLength: 1,
    maxLength: 5,
  })
  .map((edits) => {
    const pairs = goodPairs();
    for (const [field, value] of edits) {
      const i = pairs.findIndex(([k]) => k === field);
      if (value === undefined) {
        if (i >= 0) pairs.splice(i, 1);
      } else if (i >= 0) pairs[i] = [field, value];
      else pairs.push([field, value]);
    }
    return objectText(pairs);
  });

const randomBytesAsText = fc.uint8Array({ maxLength: 200 }).map((b) => new TextDecoder('utf-8').decode(b));

describe('parseMessage on hostile input (properties)', () => {
  it('never throws; a message keeps the contract, anything else is a dead letter with a known reason', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          hostileMessage,
          randomBytesAsText,
          fc.string({ unit: anyCodeUnit, maxLength: 200 }),
          fc.jsonValue({ maxDepth: 6 }).map((v) => JSON.stringify(v) ?? 'null'),
        ),
        (raw) => {
          parseChecked(raw);
        },
      ),
      { numRuns: 3000, seed: 0x5eed_0006 },
    );
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('keeps every field as written or rejects the record: no silent change of id, text or names', () => {
    fc.assert(
      fc.property(
        fc.oneof(hostileString, fc.constantFrom(...HOSTILE_PIECES)),
        fc.constantFrom('id', 'source', 'text', 'author', 'url', 'parent_id', 'region'),
        (value, field) => {
          const raw = JSON.stringify({ ...good, [field]: value });
          const r = parseChecked(raw);
          if (!r.ok) return;
          const key = field === 'parent_id' ? 'parentId' : field;
          const got = (r.message as unknown as Record<string, unknown>)[key];
          if (field === 'text') expect(got).toBe(value.trim());
          else if (value === '') expect(got).toBeUndefined();
          else expect(got).toBe(value);
        },
      ),
      { numRuns: 2000, seed: 0x5eed_0007 },
    );
  });

  it('an unknown field holding anything at all does not change the verdict on a good message', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), hostileValueText, (key, value) => {
        fc.pre(!(key in good) && key !== '__proto__');
        const r = parseChecked(objectText([...goodPairs(), [key, value]]));
        expect(r.ok).toBe(true);
      }),
      { numRuns: 500, seed: 0x5eed_0008 },
    );
  });
});

const reasonOf = (raw: string) => {
  const r = parseChecked(raw);
  return r.ok ? 'ok' : r.rejected.reason;
};
const withField = (field: string, valueText: string) =>
  objectText([...goodPairs().filter(([k]) => k !== field), [field, valueText]]);

describe('parseMessage: named hostile cases', () => {
  it.each([
    ['100,000 nested arrays', 'not_an_object', nested(100_000)],
    ['1,000,000 unclosed arrays', 'invalid_json', '['.repeat(1_000_000)],
    ['100,000 nested objects', 'missing_field:id', `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`],
    ['an id of 100,000 nested arrays', 'bad_field:id', withField('id', nested(100_000))],
    [
      'a text of 100,000 nested objects',
      'bad_field:text',
      withField('text', `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`),
    ],
    ['year 1', 'bad_timestamp', withField('created_at', '"0001-01-01T00:00:00Z"')],
    ['year 9999', 'future_timestamp', withField('created_at', '"9999-12-31T23:59:59Z"')],
    ['the last time Date knows', 'bad_timestamp', withField('created_at', '"+275760-09-13T00:00:00Z"')],
    ['"Infinity" as a time', 'bad_timestamp', withField('created_at', '"Infinity"')],
    ['"-Infinity" as a time', 'bad_timestamp', withField('created_at', '"-Infinity"')],
    ['a number as a time', 'bad_field:created_at', withField('created_at', '1e999')],
    ['lat 1e999 (Infinity)', 'bad_field:lat', withField('lat', '1e999')],
    ['lon -1e999 (-Infinity)', 'bad_field:lon', withField('lon', '-1e999')],
    ['lat NaN (not JSON)', 'invalid_json', withField('lat', 'NaN')],
    ['lat "NaN"', 'bad_field:lat', withField('lat', '"NaN"')],
    ['lat 91', 'bad_field:lat', withField('lat', '91')],
    ['lon 180.000001', 'bad_field:lon', withField('lon', '180.000001')],
    ['a 10 MB text', 'text_too_long', JSON.stringify({ ...good, text: 'ж'.repeat(10_000_000) })],
    ['NUL in the text', 'binary_text', JSON.stringify({ ...good, text: 'нет\u0000воды' })],
    [
      'SQL in the municipality',
      'unknown_municipality',
      JSON.stringify({ ...good, municipality: "1'; DROP TABLE x;--" }),
    ],
    [
      '"__proto__" as the municipality',
      'unknown_municipality',
      JSON.stringify({ ...good, municipality: '__proto__' }),
    ],
    ['an array as the municipality', 'bad_field:municipality', withField('municipality', '["65701000"]')],
    [
      'the fields only under __proto__',
      'missing_field:id',
      objectText([['__proto__', JSON.stringify(good)]]),
    ],
    ['a byte-order mark before the object', 'invalid_json', `\ufeff${JSON.stringify(good)}`],
  ])('%s → %s', (_name, reason, raw) => {
    expect(reasonOf(raw)).toBe(reason);
  });

  it('pollution keys stay data: the record parses, Object.prototype is untouched', () => {
    const raw = objectText([
      ...goodPairs(),
      ['__proto__', '{"municipality":"bad","polluted":1}'],
      ['constructor', '{"prototype":{"polluted":1}}'],
    ]);
    expect(reasonOf(raw)).toBe('ok');
    expect(reasonOf(JSON.stringify({ ...good, id: '__proto__', source: 'constructor' }))).toBe('ok');
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('injection attempts in free-text fields are kept as written (the store writes them as parameters)', () => {
    const text = "'); DROP TABLE message_rows; -- <script>alert(1)</script> \u202eздание";
    const r = parseChecked(
      JSON.stringify({ ...good, text, author: "' OR '1'='1", url: 'javascript:alert(1)' }),
    );
    expect(r.ok && r.message).toMatchObject({ text, author: "' OR '1'='1", url: 'javascript:alert(1)' });
  });

  // Regression: JSON.parse rounds integers beyond 2^53, so two producers' ids 12345678901234567890 and
  // …891 both became "12345678901234567000", and the second message was dropped as a duplicate of the first.
  it.each([
    ['12345678901234567890', 'bad_field:id'],
    ['12345678901234567891', 'bad_field:id'],
    ['9007199254740993', 'bad_field:id'],
    ['-9007199254740993', 'bad_field:id'],
    ['1e21', 'bad_field:id'],
    ['1.5', 'bad_field:id'],
    ['9007199254740991', 'ok'],
    ['-42', 'ok'],
  ])('a numeric id %s → %s (an id is kept exactly or not at all)', (id, reason) => {
    expect(reasonOf(withField('id', id))).toBe(reason);
  });

  // Regression: an unpaired surrogate (only a JSON escape makes one) was accepted. DuckDB stores it as U+FFFD,
  // so the stored id or text differed from the input, and as a source name it broke the JSON of the window's
  // `sources`: the whole batch's transaction failed and the run stopped (VSP_STORE_FAILED).
  it.each([
    ['text', 'нет воды \ud800', 'binary_text'],
    ['text', '\udc00 нет воды', 'binary_text'],
    ['id', 'vk:\ud83d', 'bad_field:id'],
    ['source', 'vk\udfff', 'bad_field:source'],
    ['author', '\ud800', 'bad_field:author'],
    ['url', 'https://x/\udc00', 'bad_field:url'],
    ['parent_id', 'p\ud800q', 'bad_field:parent_id'],
    ['region', '6\udc006', 'bad_field:region'],
    ['text', 'нет воды 😀 \ud83d\ude00', 'ok'],
  ])('an unpaired surrogate in %s (%j) → %s', (field, value, reason) => {
    expect(reasonOf(JSON.stringify({ ...good, [field]: value }))).toBe(reason);
  });
});

// --- the line splitter and the file source ---------------------------------------------------------------------

async function linesOf(chunks: readonly Uint8Array[], maxLineBytes: number): Promise<Line[]> {
  async function* gen() {
    yield* chunks;
  }
  const out: Line[] = [];
  for await (const b of splitLines(gen(), { maxLineBytes, batchLines: 3 })) out.push(...b);
  return out;
}

/** What splitLines must give, computed naively: split on LF, a CR before it belongs to the line ending. */
function modelLines(bytes: Uint8Array, maxLineBytes: number) {
  const out: { lineNo: number; truncated: boolean; head: Uint8Array }[] = [];
  let start = 0;
  let lineNo = 0;
  while (start < bytes.length) {
    let nl = bytes.indexOf(0x0a, start);
    if (nl < 0) nl = bytes.length;
    lineNo++;
    let end = nl;
    if (end > start && bytes[end - 1] === 0x0d) end--;
    const content = bytes.subarray(start, end);
    if (content.length > 0)
      out.push({
        lineNo,
        truncated: content.length > maxLineBytes,
        head: content.subarray(0, maxLineBytes),
      });
    start = nl + 1;
  }
  return out;
}

describe('splitLines on hostile bytes (property)', () => {
  it('matches a naive split whatever the bytes, line lengths and chunking', async () => {
    const byte = fc.oneof(
      fc.constantFrom(0x0a, 0x0d, 0x7b, 0xd0, 0xb6, 0xff, 0xc0, 0x80, 0x00),
      fc.integer({ min: 0, max: 255 }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(byte, { maxLength: 120 }),
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 12 }),
        async (arr, cuts, max) => {
          const bytes = Uint8Array.from(arr);
          const chunks: Uint8Array[] = [];
          for (let at = 0, i = 0; at < bytes.length; i++) {
            const n = cuts[i % cuts.length] as number;
            chunks.push(bytes.subarray(at, at + n));
            at += n;
          }
          const got = await linesOf(chunks, max);
          const want = modelLines(bytes, max);
          expect(got.map((l) => [l.lineNo, l.truncated])).toEqual(want.map((l) => [l.lineNo, l.truncated]));
          got.forEach((l, i) => {
            const head = want[i]?.head as Uint8Array;
            expect(l.text).toBe(new TextDecoder('utf-8').decode(head));
            if (!l.truncated) {
              let valid = true;
              try {
                new TextDecoder('utf-8', { fatal: true }).decode(head);
              } catch {
                valid = false;
              }
              expect(l.invalidUtf8).toBe(!valid);
            }
          });
        },
      ),
      { numRuns: 1500, seed: 0x5eed_0009 },
    );
  });

  // Regression: a CRLF line of exactly the limit was reported too large (its CR was counted as record bytes).
  it('a CRLF line of exactly the limit is a record, one byte more is too large', async () => {
    const enc = new TextEncoder();
    const lines = await linesOf([enc.encode(`${'a'.repeat(8)}\r\n${'b'.repeat(9)}\r\nok\r\n`)], 8);
    expect(lines.map((l) => [l.text, l.truncated, l.bytes])).toEqual([
      ['a'.repeat(8), false, 8],
      ['b'.repeat(8), true, 9],
      ['ok', false, 2],
    ]);
  });
});

describe('the file source on hostile files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vsplesk-hostile-source-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function read(name: string, content: Uint8Array, maxRecordBytes: number) {
    const path = join(dir, name);
    writeFileSync(path, content);
    const records: RawRecord[] = [];
    const rejected: Rejected[] = [];
    for await (const b of readFileSource({ path, maxRecordBytes, batchLines: 2 })) {
      records.push(...b.records);
      rejected.push(...b.rejected);
    }
    return { records, rejected };
  }
  const line = (id: string) => JSON.stringify({ ...good, id });

  it('10 MB lines (one a valid message, one JSON-less) become record_too_large; the lines around them are kept', async () => {
    const huge = JSON.stringify({ ...good, id: 'huge', text: 'ж'.repeat(5_000_000) });
    const junk = 'x'.repeat(10_000_000);
    const enc = new TextEncoder();
    const content = enc.encode(
      [line('a'), huge, line('b'), junk, line('c'), `${line('d').slice(0, -1)}`].join('\n'),
    );
    const limit = 1 << 20;
    const { records, rejected } = await read('huge.ndjson', content, limit);
    expect(records.map((r) => [r.origin.kind === 'file' && r.origin.line, r.raw])).toEqual([
      [1, line('a')],
      [3, line('b')],
      [5, line('c')],
      [6, line('d').slice(0, -1)],
    ]);
    expect(rejected.map((r) => [r.origin.kind === 'file' && r.origin.line, r.reason])).toEqual([
      [2, 'record_too_large'],
      [4, 'record_too_large'],
    ]);
    for (const r of rejected) expect(enc.encode(r.raw).length).toBeLessThanOrEqual(limit);
    expect(rejected[1]?.raw).toBe('x'.repeat(limit));
    expect(rejected[0]?.detail).toContain(`${enc.encode(huge).length} bytes`);
    // The last line has no newline and is cut short: a record, which the parser rejects.
    expect(reasonOf(records[3]?.raw ?? '')).toBe('invalid_json');
  });

  it('invalid UTF-8 (overlong, lone continuation, truncated sequence, surrogate halves in CESU) is invalid_utf8', async () => {
    const enc = new TextEncoder();
    const bad = [
      [0xc0, 0xaf],
      [0x80],
      [0xd0],
      [0xed, 0xa0, 0x80],
      [0xf8, 0x88, 0x80, 0x80, 0x80],
      [0xff, 0xfe],
    ];
    const parts: number[] = [];
    bad.forEach((b, i) => {
      parts.push(...enc.encode(line(`good${i}`)), 0x0a);
      parts.push(...enc.encode('{"id":"x","text":"'), ...b, ...enc.encode('"}'), 0x0a);
    });
    const { records, rejected } = await read('utf8.ndjson', Uint8Array.from(parts), 1024);
    expect(records.map((r) => r.raw)).toEqual(bad.map((_, i) => line(`good${i}`)));
    expect(rejected.map((r) => r.reason)).toEqual(bad.map(() => 'invalid_utf8'));
    // The dead letter keeps the line, undecodable bytes shown as U+FFFD.
    for (const r of rejected) expect(r.raw).toMatch(/^\{"id":"x","text":".*\uFFFD.*"\}$/);
  });
});
