/**
 * `vsplesk detect --input series.csv [--output out.csv] [--p-value 1e-4] [--model auto|counts|values]`: run the
 * series detector (src/detect/series.ts, docs/series-detect.md) on any exported `timestamp,value` series.
 *
 * Input: CSV, comma-separated, one point a line. A header is optional: when the first line's fields are not a
 * timestamp and a number it is a header, and columns named timestamp|time|ts|date|datetime and
 * value|count|y are used (else the first two). Without a header a row has exactly two fields (a third is most
 * likely a decimal comma: an error, not a guess). Fields may be double-quoted.
 *   timestamp  ISO 8601 — `2026-01-05`, `2026-01-05T10:00`, `…:00Z`, `…:00+03:00`, `…:00.250+0300`; no offset
 *              means UTC — or unix time, seconds below 1e11, else milliseconds.
 *   value      a finite number (`12`, `-3.5`, `1e3`); with `--model counts` an integer ≥ 0.
 * Rows must not move back in time; a row may repeat the previous timestamp (a local clock's repeated hour when
 * daylight saving ends) and is kept, reported with the step breaks. A bad row (fields, timestamp, value, order) is reported on stderr with its
 * line number and reason, skipped and counted; the run never stops for one. Rows whose spacing breaks the
 * series' step (the median difference) are kept and reported.
 *
 * Output (stdout by default; a file is written to `${output}.tmp` and renamed when complete), one line per
 * good row in input order, timestamp and value copied as given:
 *   timestamp,value,expected,score,flag
 * `expected` is empty for the first row (nothing to compare with); `score` in [0, 1] (6 significant digits: it
 * ranks points, within and across series); `flag` 1 or 0. The summary line on stderr names the model(s) used.
 *
 * Memory: the good rows are held (the step is the median spacing of the whole series): about 100 bytes a row.
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream, renameSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Writable } from 'node:stream';
import {
  detectSeries,
  findStepBreaks,
  inferStepMs,
  type SeriesModelChoice,
  type SeriesPoint,
} from '../detect/series.ts';
import { VspError } from '../errors.ts';

export interface DetectOptions {
  input: string;
  /** Default: stdout. Written to `${output}.tmp` and renamed when complete. */
  output?: string;
  /** Flag threshold on the upper-tail p-value. Default 1e-4. */
  pValue?: number;
  /** `counts` (integers ≥ 0; other values are bad rows), `values` (any finite number), or `auto` (default). */
  model?: SeriesModelChoice;
  /** Where reports go (bad rows, step breaks, summary), one line per call. Default: process.stderr. */
  log?: (line: string) => void;
}

export interface DetectSummary {
  /** Good rows written. */
  rows: number;
  flagged: number;
  /** Bad rows skipped. */
  skipped: number;
  /** The inferred step (NaN with fewer than two rows). */
  stepMs: number;
  /** Rows whose distance from the previous row is not the step (kept). */
  stepBreaks: number;
  /** Rows scored by each model. */
  byModel: { counts: number; values: number };
}

/** Reasons a row is skipped (the stderr line adds the detail). */
export type BadRowReason = 'fields' | 'bad_timestamp' | 'bad_value' | 'before_previous';

const MAX_REPORTED = 20;

export async function runDetect(opts: DetectOptions): Promise<DetectSummary> {
  if (opts.pValue !== undefined && !(opts.pValue > 0 && opts.pValue < 1))
    throw new VspError('VSP_CLI_USAGE', `--p-value must be in (0, 1), got ${opts.pValue}`);
  const model = opts.model ?? 'auto';
  if (!['auto', 'counts', 'values'].includes(model))
    throw new VspError('VSP_CLI_USAGE', `--model must be auto, counts or values, got ${model}`);
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));

  const stamps: string[] = [];
  const valueTexts: string[] = [];
  const lineOf: number[] = [];
  const points: SeriesPoint[] = [];
  const badByReason: Partial<Record<BadRowReason, number>> = {};
  let skipped = 0;
  const bad = (line: number, reason: BadRowReason, detail: string) => {
    skipped++;
    badByReason[reason] = (badByReason[reason] ?? 0) + 1;
    if (skipped <= MAX_REPORTED) log(`${opts.input}:${line}: skipped (${reason}): ${detail}`);
  };

  try {
    for await (const { line: lineNo, stamp, valueText } of timeValueRows(opts.input, bad)) {
      const timeMs = parseTimestampMs(stamp);
      if (typeof timeMs === 'string') {
        bad(lineNo, 'bad_timestamp', `'${stamp}' ${timeMs}`);
        continue;
      }
      const value = model === 'counts' ? parseCount(valueText) : parseValue(valueText);
      if (typeof value === 'string') {
        bad(lineNo, 'bad_value', `'${valueText}' ${value}`);
        continue;
      }
      const prev = points[points.length - 1];
      // An equal time is kept: a local clock repeats an hour when daylight saving ends, and those are real rows.
      if (prev !== undefined && timeMs < prev.timeMs) {
        bad(
          lineNo,
          'before_previous',
          `'${stamp}' is before line ${lineOf[lineOf.length - 1]} ('${stamps[stamps.length - 1]}')`,
        );
        continue;
      }
      points.push({ timeMs, value });
      stamps.push(stamp);
      valueTexts.push(valueText);
      lineOf.push(lineNo);
    }
  } catch (err) {
    throw new VspError('VSP_SOURCE_UNREADABLE', `${opts.input}: ${(err as Error).message}`, { cause: err });
  }
  if (skipped > MAX_REPORTED) log(`${opts.input}: … and ${skipped - MAX_REPORTED} more bad rows`);

  const times = points.map((p) => p.timeMs);
  const stepMs = inferStepMs(times);
  const breaks = Number.isNaN(stepMs) ? [] : findStepBreaks(times, stepMs);
  if (breaks.length > 0) {
    const shown = breaks
      .slice(0, 10)
      .map((b) => `line ${lineOf[b.index]} (${formatDuration(b.deltaMs)} after the previous row)`)
      .join(', ');
    log(
      `${opts.input}: ${breaks.length} row(s) off the step of ${formatDuration(stepMs)} (kept): ${shown}${breaks.length > 10 ? ', …' : ''}`,
    );
  }

  const results = detectSeries(points, {
    model,
    ...(opts.pValue !== undefined ? { pValue: opts.pValue } : {}),
  });
  let flagged = 0;
  const byModel = { counts: 0, values: 0 };
  const tmp = opts.output ? `${opts.output}.tmp` : undefined;
  const out: Writable = tmp ? createWriteStream(tmp) : process.stdout;
  try {
    let pending = 'timestamp,value,expected,score,flag\n';
    for (let i = 0; i < results.length; i++) {
      const r = results[i] as (typeof results)[number];
      if (r.flag) flagged++;
      byModel[r.model]++;
      const expected = Number.isNaN(r.expected) ? '' : String(Number(r.expected.toPrecision(6)));
      pending += `${csvField(stamps[i] as string)},${valueTexts[i]},${expected},${Number(r.score.toPrecision(6))},${r.flag ? 1 : 0}\n`;
      if (pending.length >= 64 * 1024) {
        if (!out.write(pending)) await once(out, 'drain');
        pending = '';
      }
    }
    if (pending !== '' && !out.write(pending)) await once(out, 'drain');
    if (tmp) {
      out.end();
      await once(out, 'finish');
    }
  } catch (err) {
    if (tmp) {
      out.destroy();
      rmSync(tmp, { force: true });
    }
    throw err;
  }
  if (tmp && opts.output) renameSync(tmp, opts.output);

  const reasons = Object.entries(badByReason)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  log(
    `${opts.input}: ${results.length} rows, ${flagged} flagged, ${skipped} bad rows skipped${reasons ? ` (${reasons})` : ''}` +
      (Number.isNaN(stepMs) ? '' : `, step ${formatDuration(stepMs)}`) +
      `, model ${modelSummary(byModel)}`,
  );
  return { rows: results.length, flagged, skipped, stepMs, stepBreaks: breaks.length, byModel };
}

/** Split one CSV line on commas; a field may be double-quoted ("" is a quote inside). Fields are trimmed. */
/**
 * The rows of a `timestamp,value` CSV (`vsplesk detect`, `vsplesk seasonal`): a byte-order mark and blank lines
 * skipped, a header recognised by its names (else the first two columns), a row with the wrong number of fields
 * reported to `bad` as 'fields' (with the decimal-comma hint) and left out. Fields are returned as written: each
 * command parses its own timestamp and value.
 */
export async function* timeValueRows(
  input: string,
  bad: (line: number, reason: 'fields', detail: string) => void,
): AsyncGenerator<{ line: number; stamp: string; valueText: string }> {
  let columns: { time: number; value: number; count: number } | undefined;
  let line = 0;
  const rl = createInterface({
    input: createReadStream(input, { encoding: 'utf8', highWaterMark: 256 * 1024 }),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  for await (const raw of rl) {
    line++;
    const text = (line === 1 ? raw.replace(/^\uFEFF/, '') : raw).trim();
    if (text === '') continue;
    const fields = splitCsvLine(text);
    if (columns === undefined) {
      columns = headerColumns(fields);
      if (columns !== undefined) continue;
      columns = { time: 0, value: 1, count: 2 };
    }
    if (fields.length !== columns.count) {
      const hint = decimalCommaHint(columns.count, fields.length);
      bad(line, 'fields', `expected ${columns.count} fields, got ${fields.length}${hint}`);
      continue;
    }
    yield { line, stamp: fields[columns.time] as string, valueText: fields[columns.value] as string };
  }
}

export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    while (line[i] === ' ' || line[i] === '\t') i++;
    let field = '';
    if (line[i] === '"') {
      i++;
      for (; i < line.length; i++) {
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            field += '"';
            i++;
          } else {
            i++;
            break;
          }
        } else field += line[i];
      }
      const comma = line.indexOf(',', i);
      field += (comma < 0 ? line.slice(i) : line.slice(i, comma)).trim();
      i = comma < 0 ? line.length : comma;
    } else {
      const comma = line.indexOf(',', i);
      field = (comma < 0 ? line.slice(i) : line.slice(i, comma)).trim();
      i = comma < 0 ? line.length : comma;
    }
    out.push(field);
    if (i >= line.length) return out;
    i++; // the comma
  }
}

/** What a row with one field too many most likely is: a decimal comma in an unquoted value. */
export function decimalCommaHint(expected: number, got: number): string {
  return expected === 2 && got === 3 ? ' (a decimal comma? use a dot or quote the value)' : '';
}

const TIME_NAMES = ['timestamp', 'time', 'ts', 'date', 'datetime'];
const VALUE_NAMES = ['value', 'count', 'y'];

/** Column positions when `fields` is a header line (no field is a number or a timestamp), else undefined. */
export function headerColumns(
  fields: readonly string[],
): { time: number; value: number; count: number } | undefined {
  const isWord = (f: string) => typeof parseValue(f) === 'string' && typeof parseTimestampMs(f) === 'string';
  if (!fields.every(isWord)) return undefined;
  const names = fields.map((f) => f.toLowerCase());
  const time = names.findIndex((n) => TIME_NAMES.includes(n));
  const value = names.findIndex((n) => VALUE_NAMES.includes(n));
  if (time >= 0 && value >= 0) return { time, value, count: fields.length };
  return { time: 0, value: 1, count: fields.length }; // unnamed columns: the first two
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/**
 * Epoch ms of an ISO 8601 date or date-time (no offset = UTC) or a unix time (seconds below 1e11, else ms);
 * a string saying what is wrong otherwise.
 * @example parseTimestampMs('2026-01-05T10:00:00+03:00') // → 1767596400000 (07:00 UTC)
 */
export function parseTimestampMs(s: string): number | string {
  if (/^\d+(\.\d+)?$/.test(s)) {
    const n = Number(s);
    return Math.round(n < 1e11 ? n * 1000 : n);
  }
  const m = ISO.exec(s);
  if (m === null) return 'is neither ISO 8601 (2026-01-05T10:00:00+03:00) nor unix seconds/ms';
  const [, y, mo, d, hh, mi, ss, frac, off] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(hh ?? 0);
  const minute = Number(mi ?? 0);
  const second = Number(ss ?? 0);
  if (month < 1 || month > 12) return `has month ${month}`;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth) return `has day ${day} (${year}-${mo} has ${daysInMonth})`;
  if (hour > 23 || minute > 59 || second > 59) return 'has a time of day out of range';
  let offsetMin = 0;
  if (off !== undefined && off !== 'Z' && off !== 'z') {
    const digits = off.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (oh > 18 || om > 59) return `has offset ${off} out of range`;
    offsetMin = (off[0] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const ms = frac === undefined ? 0 : Math.round(Number(`0.${frac}`) * 1000);
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  return utc - offsetMin * 60_000;
}

/** A finite number, or a string saying what is wrong. */
export function parseValue(s: string): number | string {
  if (s === '') return 'is empty';
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(s)) return 'is not a number';
  const v = Number(s);
  if (!Number.isFinite(v)) return 'is not finite';
  return v === 0 ? 0 : v; // -0 → 0
}

/** An integer ≥ 0 (what `--model counts` accepts), or a string saying what is wrong. */
export function parseCount(s: string): number | string {
  const v = parseValue(s);
  if (typeof v === 'string') return v;
  if (v < 0) return 'is negative (--model counts takes integers ≥ 0)';
  if (!Number.isInteger(v)) return 'is not an integer (--model counts takes integers ≥ 0)';
  return v;
}

/** `counts`, `values`, or both with their row counts when the online choice changed along the series. */
function modelSummary(byModel: { counts: number; values: number }): string {
  if (byModel.values === 0) return 'counts';
  if (byModel.counts === 0) return 'values';
  return `counts ${byModel.counts} rows, values ${byModel.values} rows`;
}

function csvField(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function formatDuration(ms: number): string {
  const units: [number, string][] = [
    [7 * 86_400_000, 'w'],
    [86_400_000, 'd'],
    [3_600_000, 'h'],
    [60_000, 'min'],
    [1_000, 's'],
  ];
  for (const [size, unit] of units) if (ms >= size && ms % size === 0) return `${ms / size} ${unit}`;
  return `${ms} ms`;
}
