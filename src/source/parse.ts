/**
 * The message contract (DESIGN.md "Input: one message"). `parseMessage` never throws for bad input: it returns
 * a `Rejected` with a machine-readable reason, which the pipeline dead-letters with the raw bytes.
 */
import type { Message, Origin, RawRecord, Rejected, RejectReason } from '../records.ts';
import { firstSchemaViolation, REQUIRED_FIELDS } from './message-schema.ts';

export interface ParseLimits {
  /** Text longer than this (after trimming) is rejected as `text_too_long`. */
  maxTextChars: number;
  /** Event times later than now + this are rejected as `future_timestamp` (clock skew, wrong offsets). */
  futureToleranceMs: number;
  /** Event times before this are impossible for this product (`bad_timestamp`). */
  minEventTimeMs: number;
}

export const DEFAULT_PARSE_LIMITS: ParseLimits = Object.freeze({
  maxTextChars: 20_000,
  futureToleranceMs: 24 * 3_600_000,
  minEventTimeMs: Date.UTC(2000, 0, 1),
});

/** ISO 8601 date-time with an explicit offset (or Z). Seconds and fractions optional. */
const ISO_WITH_OFFSET =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
const MUNICIPALITY_CODE = /^\d{8}(\d{3})?$/;
/** C0 controls other than tab/newline/CR, DEL, and U+FFFD from undecodable bytes: signs of binary input. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: detecting control characters is the point
const BINARY = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFD]/;
/**
 * A UTF-16 surrogate without its pair: only a JSON escape ("\ud800") makes one. It is not Unicode text — DuckDB
 * stores it as U+FFFD (the text would not come back as written) and rejects it inside JSON (a window's `sources`
 * holding such a source name failed the whole batch's transaction).
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export type ParseResult = { ok: true; message: Message } | { ok: false; rejected: Rejected };

const reject = (raw: string, origin: Origin, reason: RejectReason, detail: string): ParseResult => ({
  ok: false,
  rejected: { reason, stage: 'parse', detail, raw, origin },
});

/** Parses an event time; returns NaN when the string is not ISO 8601 with an offset or names no real date. */
export function parseEventTime(s: string): number {
  const m = ISO_WITH_OFFSET.exec(s);
  if (!m) return Number.NaN;
  const [, y, mo, d, h, mi, sec] = m;
  const ms = Date.parse(s.replace(' ', 'T'));
  if (!Number.isFinite(ms)) return Number.NaN;
  // Date.parse rolls 2025-02-30 over to March: reject dates whose fields do not survive the round trip.
  const month = Number(mo);
  const day = Number(d);
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > 31 ||
    Number(h) > 23 ||
    Number(mi) > 59 ||
    Number(sec ?? 0) > 59
  )
    return Number.NaN;
  return day <= daysInMonth(Number(y), month) ? ms : Number.NaN;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days of a month (1–12) of the proleptic Gregorian calendar, as Date.UTC counts them (no Date allocated). */
function daysInMonth(year: number, month: number): number {
  if (month !== 2) return DAYS_IN_MONTH[month - 1] as number;
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

/** Fields other than `text` (whose surrogates make it `binary_text`) kept as strings; created_at and municipality
 * are matched by patterns that a surrogate cannot pass. */
const STRING_FIELDS = ['id', 'source', 'region', 'author', 'url', 'parent_id'] as const;

const OPTIONAL_STRING_FIELDS = [
  ['municipality', 'municipality'],
  ['region', 'region'],
  ['author', 'author'],
  ['url', 'url'],
  ['parent_id', 'parentId'],
] as const;

/**
 * Validates one raw record against the contract.
 * @example parseMessage({raw: '{"id":"vk:1","source":"vk","created_at":"2026-11-23T07:15:00+05:00","text":"Нет воды"}',
 *   origin}, Date.now()) → { ok: true, message: { id: 'vk:1', eventTimeMs: 1795400100000, … } }
 */
export function parseMessage(
  rec: RawRecord,
  nowMs: number,
  limits: ParseLimits = DEFAULT_PARSE_LIMITS,
): ParseResult {
  const { raw, origin } = rec;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (e) {
    return reject(raw, origin, 'invalid_json', (e as Error).message);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return reject(
      raw,
      origin,
      'not_an_object',
      `expected a JSON object, got ${Array.isArray(value) ? 'array' : typeof value}`,
    );
  const o = value as Record<string, unknown>;

  for (const field of REQUIRED_FIELDS) {
    const v = o[field];
    if (v === undefined || v === null || v === '')
      return reject(raw, origin, `missing_field:${field}`, `${field} is required`);
  }
  const violation = firstSchemaViolation(o);
  if (violation) {
    const { field, message } = violation;
    return reject(raw, origin, `bad_field:${field || 'message'}`, `${field}: ${message}`);
  }
  for (const field of STRING_FIELDS) {
    const v = o[field];
    if (typeof v === 'string' && LONE_SURROGATE.test(v))
      return reject(raw, origin, `bad_field:${field}`, `${field} contains an unpaired UTF-16 surrogate`);
  }
  const id = String(o.id);
  const source = o.source as string;

  const createdAt = o.created_at as string;
  const eventTimeMs = parseEventTime(createdAt);
  if (Number.isNaN(eventTimeMs) || eventTimeMs < limits.minEventTimeMs)
    return reject(
      raw,
      origin,
      'bad_timestamp',
      `created_at '${createdAt.slice(0, 64)}' is not an ISO 8601 time with offset after 2000`,
    );
  if (eventTimeMs > nowMs + limits.futureToleranceMs)
    return reject(raw, origin, 'future_timestamp', `created_at ${createdAt} is in the future`);

  const text = (o.text as string).trim();
  if (text.length === 0) return reject(raw, origin, 'text_empty', 'text is empty after trimming');
  if (text.length > limits.maxTextChars)
    return reject(
      raw,
      origin,
      'text_too_long',
      `text has ${text.length} characters, the limit is ${limits.maxTextChars}`,
    );
  if (BINARY.test(text) || LONE_SURROGATE.test(text))
    return reject(raw, origin, 'binary_text', 'text contains control characters or undecodable bytes');

  const message: Message = { id, source, createdAt, eventTimeMs, text };
  for (const [field, key] of OPTIONAL_STRING_FIELDS) {
    const v = o[field];
    if (v !== undefined && v !== null && v !== '') message[key] = String(v);
  }
  if (message.municipality !== undefined && !MUNICIPALITY_CODE.test(message.municipality))
    return reject(
      raw,
      origin,
      'unknown_municipality',
      `municipality '${message.municipality.slice(0, 32)}' is not an OKTMO code`,
    );
  if (message.municipality?.length === 11) message.municipality = message.municipality.slice(0, 8);

  const hasLat = o.lat !== undefined && o.lat !== null;
  const hasLon = o.lon !== undefined && o.lon !== null;
  if (hasLat !== hasLon)
    return reject(raw, origin, `missing_field:${hasLat ? 'lon' : 'lat'}`, 'lat and lon come together');
  if (hasLat) {
    const lat = o.lat as number;
    const lon = o.lon as number;
    if (!Number.isFinite(lat) || !Number.isFinite(lon))
      return reject(raw, origin, 'bad_field:lat', 'lat and lon must be finite numbers');
    message.lat = lat;
    message.lon = lon;
  }
  return { ok: true, message };
}
