/**
 * Deliberately broken records, each built from an otherwise normal message so that only the defect differs.
 * `reason` is the code the contract's parser (src/source/parse.ts, DESIGN.md) should give it; `kind` says how
 * it was broken (two kinds map to `invalid_json`). `unknown_municipality` ("99999999") is well-formed and
 * passes parsing: it is the geography stage that must reject it.
 */
import type { Prng } from './prng.ts';

export const INVALID_KINDS = [
  'broken_json',
  'missing_text',
  'missing_created_at',
  'bad_timestamp',
  'future_timestamp',
  'text_too_long',
  'text_empty',
  'unknown_municipality',
  'binary_garbage',
  'binary_text',
] as const;
export type InvalidKind = (typeof INVALID_KINDS)[number];

export const INVALID_REASON: Record<InvalidKind, string> = {
  broken_json: 'invalid_json',
  missing_text: 'missing_field:text',
  missing_created_at: 'missing_field:created_at',
  bad_timestamp: 'bad_timestamp',
  future_timestamp: 'future_timestamp',
  text_too_long: 'text_too_long',
  text_empty: 'text_empty',
  unknown_municipality: 'unknown_municipality',
  binary_garbage: 'invalid_json',
  binary_text: 'binary_text',
};

const BAD_TIMESTAMPS = [
  '2025-13-45T99:00',
  '32.01.2025 25:61',
  'вчера в 14:00',
  '2025-02-3T1:00:00+03:00',
  'NaN',
  '0000-00-00T00:00:00Z',
];

function garbage(rng: Prng, n: number, json: boolean): string {
  let s = '';
  for (let i = 0; i < n; i++) {
    const r = rng.next();
    let c: number;
    if (r < 0.3) c = 0xfffd;
    else if (r < 0.6) c = 0x80 + rng.int(0x80);
    else c = rng.int(0x20);
    if (c === 0x0a || c === 0x0d) c = 0x01;
    if (!json && (c === 0x22 || c === 0x5c)) c = 0x02;
    s += String.fromCharCode(c);
  }
  return s;
}

/** Break `msg` (a plain object that would serialise to a valid line) in the way `kind` names. */
export function makeInvalidLine(kind: InvalidKind, msg: Record<string, unknown>, rng: Prng): string {
  const m = { ...msg };
  switch (kind) {
    case 'broken_json': {
      const line = JSON.stringify(m);
      const r = rng.int(3);
      if (r === 0) return line.slice(0, Math.max(5, Math.floor(line.length * (0.2 + 0.7 * rng.next()))));
      if (r === 1) return line.replace(/"/g, "'");
      return line.replace('","source"', '" "source"');
    }
    case 'missing_text':
      delete m.text;
      return JSON.stringify(m);
    case 'missing_created_at':
      delete m.created_at;
      return JSON.stringify(m);
    case 'bad_timestamp':
      m.created_at = BAD_TIMESTAMPS[rng.int(BAD_TIMESTAMPS.length)];
      return JSON.stringify(m);
    case 'future_timestamp': {
      const year = 2090 + rng.int(10);
      m.created_at = String(m.created_at).replace(/^\d{4}/, String(year));
      return JSON.stringify(m);
    }
    case 'text_too_long': {
      const base = `${String(m.text)} `;
      const target = 20_010 + rng.int(10_000);
      m.text = base.repeat(Math.ceil(target / base.length)).slice(0, target);
      return JSON.stringify(m);
    }
    case 'text_empty':
      m.text = ['   ', '\t', ' \n ', '\u00a0 \u00a0'][rng.int(4)];
      return JSON.stringify(m);
    case 'unknown_municipality':
      m.municipality = '99999999';
      return JSON.stringify(m);
    case 'binary_garbage':
      return garbage(rng, 20 + rng.int(300), false);
    case 'binary_text':
      m.text = garbage(rng, 10 + rng.int(100), true);
      return JSON.stringify(m);
  }
}
