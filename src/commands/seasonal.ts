/**
 * `vsplesk seasonal --input daily.csv [--output out.ndjson] [--seed N]`: the seasonal planner (src/seasonal,
 * docs/seasonal.md) on any plain daily series.
 *
 * Input: CSV `timestamp,value`, one row a day (header optional, as `vsplesk detect`: columns named
 * timestamp|time|ts|date|datetime and value|count|y, else the first two). The day is the date as written
 * (`2025-01-05`, `2025-01-05T00:00+03:00` → 2025-01-05) or, for unix times, the UTC day. Values are numbers ≥ 0.
 * A bad row (fields, timestamp, value, a day already given, a day before the previous row's) is reported on
 * stderr with its line number and reason and skipped; days missing between rows count as 0 (a daily count
 * table has no row for a day without complaints) and their number is reported. Under a year of good rows is an
 * error: the season's start month cannot be known.
 *
 * Output (stdout, or `${output}.tmp` renamed when complete), one JSON line per complete past season
 *   {"season_start","onset_week","peak_week","peak_weekly","total","kind":"observed"}
 * then one for the season holding the day after the last row
 *   {…, "onset_low","onset_high","peak_low","peak_high","recurring","kind":"forecast"}
 * Weeks are ISO dates of Mondays; `peak_low`/`peak_high` bound the peak weekly volume (80% prediction interval),
 * `onset_low`/`onset_high` the onset week. A season without any complaint has `onset_week`/`peak_week` null.
 * The recurrence test's evidence and the statement that weather is not known go to stderr.
 */
import { once } from 'node:events';
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { mulberry32 } from '../classify/softmax-regression.ts';
import { VspError } from '../errors.ts';
import { dayFromIsoDate, dayOfTimeMs, isoDateFromDay } from '../seasonal/days.ts';
import { profileSeries } from '../seasonal/profile-series.ts';
import { parseTimestampMs, parseValue, timeValueRows } from './detect.ts';

export interface SeasonalOptions {
  input: string;
  /** Default: stdout. */
  output?: string;
  /** Seed of the recurrence test's permutations. Default 1. */
  seed?: number;
  /** Where reports go (bad rows, gaps, evidence), one line per call. Default: process.stderr. */
  log?: (line: string) => void;
}

export type SeasonalBadRowReason =
  | 'fields'
  | 'bad_timestamp'
  | 'bad_value'
  | 'duplicate_day'
  | 'before_previous';

export interface SeasonalSummary {
  days: number;
  skipped: number;
  /** Days missing between rows, counted as 0. */
  filled: number;
  observedSeasons: number;
  recurring: boolean;
}

const MAX_REPORTED = 20;

/** The calendar day of a timestamp as written, or why it is not one. */
export function parseDay(stamp: string): number | string {
  const ms = parseTimestampMs(stamp);
  if (typeof ms === 'string') return ms;
  if (/^\d+(\.\d+)?$/.test(stamp)) return dayOfTimeMs(ms);
  return dayFromIsoDate(stamp.slice(0, 10)) as number;
}

export async function runSeasonal(opts: SeasonalOptions): Promise<SeasonalSummary> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const days: number[] = [];
  const values: number[] = [];
  const lineOfDay: number[] = [];
  let skipped = 0;
  const bad = (line: number, reason: SeasonalBadRowReason, detail: string) => {
    skipped++;
    if (skipped <= MAX_REPORTED) log(`${opts.input}:${line}: skipped (${reason}): ${detail}`);
  };
  try {
    for await (const { line: lineNo, stamp, valueText } of timeValueRows(opts.input, bad)) {
      const day = parseDay(stamp);
      if (typeof day === 'string') {
        bad(lineNo, 'bad_timestamp', `'${stamp}' ${day}`);
        continue;
      }
      const value = parseValue(valueText);
      if (typeof value === 'string' || value < 0) {
        bad(lineNo, 'bad_value', `'${valueText}' ${typeof value === 'string' ? value : 'is negative'}`);
        continue;
      }
      const prev = days[days.length - 1];
      if (prev !== undefined && day <= prev) {
        const what = day === prev ? 'duplicate_day' : 'before_previous';
        bad(
          lineNo,
          what,
          `${isoDateFromDay(day)} ${day === prev ? 'was already given' : 'is before'} on line ${lineOfDay[lineOfDay.length - 1]}`,
        );
        continue;
      }
      days.push(day);
      values.push(value);
      lineOfDay.push(lineNo);
    }
  } catch (err) {
    throw new VspError('VSP_SOURCE_UNREADABLE', `${opts.input}: ${(err as Error).message}`, { cause: err });
  }
  if (skipped > MAX_REPORTED) log(`${opts.input}: … and ${skipped - MAX_REPORTED} more bad rows`);
  if (days.length === 0) throw new VspError('VSP_CLI_USAGE', `${opts.input}: no good rows (${skipped} bad)`);

  const firstDay = days[0] as number;
  const span = (days[days.length - 1] as number) - firstDay + 1;
  const series = new Array<number>(span).fill(0);
  for (let i = 0; i < days.length; i++) series[(days[i] as number) - firstDay] = values[i] as number;
  const filled = span - days.length;
  if (filled > 0) log(`${opts.input}: ${filled} day(s) missing between rows, counted as 0`);

  const p = profileSeries({ firstDay, values: series }, { rand: mulberry32(opts.seed ?? 1) });
  if (p === undefined)
    throw new VspError(
      'VSP_CLI_USAGE',
      `${opts.input}: ${span} days from ${isoDateFromDay(firstDay)}: the seasonal planner needs at least a year of daily rows`,
    );

  const lines: string[] = [];
  for (const s of p.observed) {
    lines.push(
      JSON.stringify({
        season_start: isoDateFromDay(s.startDay),
        onset_week: s.onsetMonday === undefined ? null : isoDateFromDay(s.onsetMonday),
        peak_week: s.peakMonday === undefined ? null : isoDateFromDay(s.peakMonday),
        peak_weekly: round(s.peakWeekly),
        total: round(s.total),
        kind: 'observed',
      }),
    );
  }
  const f = p.forecast;
  if (f !== undefined) {
    lines.push(
      JSON.stringify({
        season_start: isoDateFromDay(f.startDay),
        onset_week: isoDateFromDay(f.onsetMonday.point),
        peak_week: isoDateFromDay(f.peakMonday.point),
        peak_weekly: round(f.peakWeekly.point),
        total: round(f.total.point),
        kind: 'forecast',
        onset_low: isoDateFromDay(f.onsetMonday.low),
        onset_high: isoDateFromDay(f.onsetMonday.high),
        peak_low: round(f.peakWeekly.low),
        peak_high: round(f.peakWeekly.high),
        recurring: p.recurrence.recurring,
      }),
    );
  }
  log(`${opts.input}: seasons start on the 1st of month ${p.startMonth + 1}; ${p.recurrence.reason}`);
  log(
    `${opts.input}: forecast from ${p.observed.length} complete season(s); weather is not known in advance: ` +
      '80% intervals hold the spread of past seasons (widened by a weak weather prior and Student t for short histories)',
  );
  await writeAtomically(opts.output, lines.map((l) => `${l}\n`).join(''));
  return {
    days: span,
    skipped,
    filled,
    observedSeasons: p.observed.length,
    recurring: p.recurrence.recurring,
  };
}

const round = (x: number) => Math.round(x * 10) / 10;

async function writeAtomically(output: string | undefined, text: string): Promise<void> {
  if (output === undefined) {
    if (!process.stdout.write(text)) await once(process.stdout, 'drain');
    return;
  }
  const tmp = `${output}.tmp`;
  const out: Writable = createWriteStream(tmp);
  try {
    out.end(text);
    await once(out, 'finish');
  } catch (err) {
    out.destroy();
    rmSync(tmp, { force: true });
    throw err;
  }
  renameSync(tmp, output);
}
