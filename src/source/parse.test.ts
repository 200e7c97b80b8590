import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RawRecord } from '../records.ts';
import { parseEventTime, parseMessage } from './parse.ts';
import { GOOD_MESSAGE } from './test-messages.ts';

const NOW = Date.parse('2026-11-23T12:00:00Z');
const origin = { kind: 'file', file: 't.ndjson', line: 1 } as const;
const good = { ...GOOD_MESSAGE };
const rec = (o: unknown): RawRecord => ({ raw: typeof o === 'string' ? o : JSON.stringify(o), origin });
const reasonOf = (o: unknown) => {
  const r = parseMessage(rec(o), NOW);
  return r.ok ? 'ok' : r.rejected.reason;
};

describe('parseMessage', () => {
  it('accepts the DESIGN.md example and reads event time from the offset', () => {
    const r = parseMessage(rec(good), NOW);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.message.eventTimeMs).toBe(Date.parse('2026-11-23T02:15:00Z'));
    expect(r.message).toMatchObject({ id: good.id, municipality: '65701000', lat: 56.84, author: 'a9f3' });
  });

  it.each([
    ['{"id":', 'invalid_json'],
    ['[1,2]', 'not_an_object'],
    ['"text"', 'not_an_object'],
    [{ ...good, text: undefined }, 'missing_field:text'],
    [{ ...good, id: '' }, 'missing_field:id'],
    [{ ...good, created_at: undefined }, 'missing_field:created_at'],
    [{ ...good, text: 42 }, 'bad_field:text'],
    [{ ...good, created_at: '2025-13-45T99:00' }, 'bad_timestamp'],
    [{ ...good, created_at: '2025-02-30T10:00:00+03:00' }, 'bad_timestamp'],
    [{ ...good, created_at: '2025-01-10T10:00:00' }, 'bad_timestamp'],
    [{ ...good, created_at: '0001-01-01T00:00:00Z' }, 'bad_timestamp'],
    [{ ...good, created_at: '9999-12-31T23:59:59Z' }, 'future_timestamp'],
    [{ ...good, text: '   ' }, 'text_empty'],
    [{ ...good, text: 'ж'.repeat(20_001) }, 'text_too_long'],
    [{ ...good, text: 'abc\u0000\u0001def' }, 'binary_text'],
    [{ ...good, municipality: 'Курск' }, 'unknown_municipality'],
    [{ ...good, lat: 'north' }, 'bad_field:lat'],
    [{ ...good, lat: 91 }, 'bad_field:lat'],
    [{ ...good, lon: undefined }, 'missing_field:lon'],
    [{ ...good, author: { x: 1 } }, 'bad_field:author'],
  ])('rejects %j as %s', (input, reason) => {
    expect(reasonOf(input)).toBe(reason);
  });

  it('accepts a 20,000-character text (the limit is inclusive) and trims it', () => {
    const r = parseMessage(rec({ ...good, text: ` ${'ж'.repeat(20_000)} ` }), NOW);
    expect(r.ok && r.message.text.length).toBe(20_000);
  });

  it('keeps the raw bytes and the origin in a rejection', () => {
    const r = parseMessage(rec('{broken'), NOW);
    expect(r).toMatchObject({ ok: false, rejected: { raw: '{broken', origin, stage: 'parse' } });
  });

  it('never throws, whatever the input (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.jsonValue().map((v) => JSON.stringify(v)),
        ),
        (raw) => {
          const r = parseMessage({ raw, origin }, NOW);
          expect(typeof r.ok).toBe('boolean');
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('parseEventTime', () => {
  it('reads Z, ±HH:MM and ±HHMM offsets and fractions', () => {
    expect(parseEventTime('2026-01-01T00:00:00Z')).toBe(Date.UTC(2026, 0, 1));
    expect(parseEventTime('2026-01-01T10:00:00+10:00')).toBe(Date.UTC(2026, 0, 1));
    expect(parseEventTime('2026-01-01T10:00+1000')).toBe(Date.UTC(2026, 0, 1));
    expect(parseEventTime('2026-01-01T03:00:00.250+03:00')).toBe(Date.UTC(2026, 0, 1) + 250);
    expect(parseEventTime('2024-02-29T12:00:00Z')).toBe(Date.UTC(2024, 1, 29, 12));
    expect(parseEventTime('2025-02-29T12:00:00Z')).toBeNaN();
  });
});

describe('one schema for the contract', () => {
  it('rejects every record the JSON schema rejects (property)', async () => {
    const { Value } = await import('@sinclair/typebox/value');
    const { MessageSchema } = await import('./message-schema.ts');
    const field = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.object(),
    );
    fc.assert(
      fc.property(
        fc.record(
          { id: field, source: field, created_at: field, text: field, lat: field, lon: field, author: field },
          { requiredKeys: [] },
        ),
        (o) => {
          const r = parseMessage({ raw: JSON.stringify({ ...good, ...o }), origin }, NOW);
          if (!Value.Check(MessageSchema, JSON.parse(JSON.stringify({ ...good, ...o }))))
            expect(r.ok).toBe(false);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
