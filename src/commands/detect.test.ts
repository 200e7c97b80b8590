import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SeriesModelChoice } from '../detect/series.ts';
import { VspError } from '../errors.ts';
import { parseCount, parseTimestampMs, parseValue, runDetect, splitCsvLine } from './detect.ts';

const dir = mkdtempSync(join(tmpdir(), 'vsplesk-detect-'));
const HOUR_MS = 3_600_000;

function readCsv(path: string): string[][] {
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(','));
}

async function run(name: string, content: string, pValue?: number, model?: SeriesModelChoice) {
  const input = join(dir, `${name}.csv`);
  const output = join(dir, `${name}.out.csv`);
  writeFileSync(input, content);
  const logs: string[] = [];
  const summary = await runDetect({
    input,
    output,
    log: (l) => logs.push(l),
    ...(pValue ? { pValue } : {}),
    ...(model ? { model } : {}),
  });
  return { summary, rows: readCsv(output), logs, output };
}

describe('parsing', () => {
  it.each([
    ['2026-01-05T10:00:00Z', Date.UTC(2026, 0, 5, 10)],
    ['2026-01-05T10:00:00', Date.UTC(2026, 0, 5, 10)], // no offset means UTC
    ['2026-01-05 10:00', Date.UTC(2026, 0, 5, 10)],
    ['2026-01-05T10:00:00+03:00', Date.UTC(2026, 0, 5, 7)],
    ['2026-01-05T10:00:00.250+0300', Date.UTC(2026, 0, 5, 7, 0, 0, 250)],
    ['2026-01-05T10:00:00-05', Date.UTC(2026, 0, 5, 15)],
    ['2026-01-05', Date.UTC(2026, 0, 5)],
    ['1767607200', Date.UTC(2026, 0, 5, 10)], // unix seconds
    ['1767607200000', Date.UTC(2026, 0, 5, 10)], // unix ms
    ['1767607200.5', Date.UTC(2026, 0, 5, 10) + 500],
  ])('timestamp %s', (s, ms) => {
    expect(parseTimestampMs(s)).toBe(ms);
  });

  it.each([
    ['2026-02-30T00:00:00Z', /day 30/],
    ['2026-13-01', /month 13/],
    ['2026-01-05T25:00:00Z', /out of range/],
    ['05.01.2026', /neither ISO 8601/],
    ['', /neither/],
  ])('bad timestamp %s', (s, why) => {
    expect(parseTimestampMs(s)).toMatch(why);
  });

  it('values: any finite number; counts: integers ≥ 0', () => {
    expect(parseValue('12')).toBe(12);
    expect(parseValue('3.5')).toBe(3.5);
    expect(parseValue('1e3')).toBe(1000);
    expect(parseValue('-0')).toBe(0);
    expect(parseValue('-2.25')).toBe(-2.25);
    expect(parseCount('7')).toBe(7);
    expect(parseCount('-2')).toMatch(/is negative/);
    expect(parseCount('2.5')).toMatch(/not an integer/);
    expect(parseCount('abc')).toBe('is not a number');
    expect(parseValue('abc')).toBe('is not a number');
    expect(parseValue('')).toBe('is empty');
    expect(parseValue('NaN')).toBe('is not a number');
  });

  it('splits quoted CSV fields', () => {
    expect(splitCsvLine('"2026-01-05T10:00:00Z", "12"')).toEqual(['2026-01-05T10:00:00Z', '12']);
    expect(splitCsvLine('a,"b,""c""",')).toEqual(['a', 'b,"c"', '']);
  });
});

describe('runDetect', () => {
  it('hourly counts with offsets and unix seconds mixed: one series, a spike flagged', async () => {
    const lines: string[] = [];
    const start = Date.UTC(2026, 0, 5);
    // a third of the rows in +03:00, a third in unix seconds, a third in UTC without offset
    const stampOf = (h: number) => {
      const t = start + h * HOUR_MS;
      if (h % 3 === 0) return `${new Date(t + 3 * HOUR_MS).toISOString().slice(0, 19)}+03:00`;
      return h % 3 === 1 ? String(t / 1000) : new Date(t).toISOString().slice(0, 19);
    };
    const spikes = [25 * 24 + 12, 26 * 24 + 13, 27 * 24 + 14]; // one of each format
    for (let h = 0; h < 28 * 24; h++) {
      const value = spikes.includes(h) ? 40 : 3 + ((h * 7) % 5); // 3..7, deterministic
      lines.push(`${stampOf(h)},${value}`);
    }
    const { summary, rows, logs } = await run('mixed', `${lines.join('\n')}\n`);
    expect(summary).toEqual({
      rows: 28 * 24,
      flagged: 3,
      skipped: 0,
      stepMs: HOUR_MS,
      stepBreaks: 0,
      byModel: { counts: 28 * 24, values: 0 },
    });
    expect(rows[0]).toEqual(['timestamp', 'value', 'expected', 'score', 'flag']);
    expect(rows[1]?.[2]).toBe(''); // nothing to compare the first row with
    const flagged = rows.filter((r) => r[4] === '1');
    expect(flagged.map((r) => r[0])).toEqual(spikes.map(stampOf));
    expect(flagged.map((r) => r[0])).toEqual([
      '2026-01-30T15:00:00+03:00',
      '1769864400' /* 2026-01-31T13:00Z */,
      '2026-02-01T14:00:00',
    ]);
    expect(Number(flagged[0]?.[3])).toBeGreaterThan(0.33);
    expect(rows.slice(1).every((r) => Number(r[3]) >= 0 && Number(r[3]) <= 1)).toBe(true);
    expect(logs.at(-1)).toMatch(/672 rows, 3 flagged, 0 bad rows skipped, step 1 h, model counts$/);
  });

  it('reports a bad row with its line number and reason, skips it and goes on', async () => {
    const content = [
      'timestamp,value',
      '2026-01-05,10',
      '2026-01-06,abc',
      '2026-01-07,12',
      '2026-01-08,-3',
      'yesterday,4',
      '2026-01-06,9',
      '2026-01-09,11,5',
      '',
      '2026-01-09,11',
      '2026-01-12,10',
    ].join('\r\n');
    const { summary, rows, logs } = await run('bad', content, undefined, 'counts');
    expect(summary).toMatchObject({ rows: 4, skipped: 5, stepMs: 2 * 86_400_000, stepBreaks: 1 });
    expect(rows.slice(1).map((r) => r[0])).toEqual(['2026-01-05', '2026-01-07', '2026-01-09', '2026-01-12']);
    expect(logs.some((l) => /bad\.csv:3: skipped \(bad_value\): 'abc' is not a number/.test(l))).toBe(true);
    expect(logs.some((l) => /:5: skipped \(bad_value\): '-3' is negative/.test(l))).toBe(true);
    expect(logs.some((l) => /:6: skipped \(bad_timestamp\): 'yesterday' is neither ISO 8601/.test(l))).toBe(
      true,
    );
    expect(logs.some((l) => /:7: skipped \(before_previous\).*line 4/.test(l))).toBe(true);
    expect(
      logs.some((l) => /:8: skipped \(fields\): expected 2 fields, got 3 \(a decimal comma/.test(l)),
    ).toBe(true);
    expect(logs.some((l) => /1 row\(s\) off the step of 2 d \(kept\): line 11 \(3 d after/.test(l))).toBe(
      true,
    );
    expect(logs.at(-1)).toMatch(
      /5 bad rows skipped \(bad_value 2, bad_timestamp 1, before_previous 1, fields 1\)/,
    );
  });

  it('negative and fractional values are scored by the values model; --model counts reports them as bad rows', async () => {
    const lines = ['timestamp,value'];
    const start = Date.UTC(2026, 0, 5);
    for (let h = 0; h < 24 * 20; h++) {
      const wobble = ((h * 37) % 11) / 10 - 0.5; // deterministic, in [−0.5, 0.5]
      const v = h === 24 * 18 ? 9.5 : -2 + wobble;
      lines.push(`${new Date(start + h * HOUR_MS).toISOString()},${v.toFixed(2)}`);
    }
    const auto = await run('temperature', `${lines.join('\n')}\n`);
    expect(auto.summary).toMatchObject({ rows: 480, skipped: 0, byModel: { counts: 0, values: 480 } });
    expect(auto.logs.at(-1)).toMatch(/model values$/);
    const scores = auto.rows.slice(1).map((r) => Number(r[3]));
    expect(scores.indexOf(Math.max(...scores))).toBe(24 * 18); // the jump ranks first
    const forced = await run('temperature-counts', `${lines.join('\n')}\n`, undefined, 'counts');
    expect(forced.summary.rows).toBe(0);
    expect(forced.summary.skipped).toBe(480);
    expect(forced.logs[0]).toMatch(/:2: skipped \(bad_value\): '-\d\.\d\d' is (negative|not an integer)/);
    await expect(
      run('bad-model', '2026-01-05,1\n', undefined, 'poisson' as SeriesModelChoice),
    ).rejects.toMatchObject({
      code: 'VSP_CLI_USAGE',
    });
  });

  it('an integer count series forced to the values model is scored by it', async () => {
    const lines = Array.from(
      { length: 200 },
      (_, h) => `${new Date(Date.UTC(2026, 0, 5) + h * HOUR_MS).toISOString()},${(h * 7919) % 13}`,
    );
    const counts = await run('c-auto', `${lines.join('\n')}\n`);
    const values = await run('c-values', `${lines.join('\n')}\n`, undefined, 'values');
    expect(counts.summary.byModel).toEqual({ counts: 200, values: 0 });
    expect(values.summary.byModel).toEqual({ counts: 0, values: 200 });
  });

  it('a header is optional and names its columns', async () => {
    const a = await run('noheader', '2026-01-05,1\n2026-01-06,2\n');
    expect(a.summary.rows).toBe(2);
    const b = await run('named', 'value,time,note\n1,2026-01-05,x\n2,2026-01-06,y\n');
    expect(b.rows.slice(1).map((r) => [r[0], r[1]])).toEqual([
      ['2026-01-05', '1'],
      ['2026-01-06', '2'],
    ]);
  });

  it('writes through a temp file, leaves none behind, and fails clearly on a missing input', async () => {
    const { output } = await run('small', 'timestamp,value\n2026-01-05,1\n');
    expect(existsSync(output)).toBe(true);
    expect(existsSync(`${output}.tmp`)).toBe(false);
    await expect(runDetect({ input: join(dir, 'missing.csv'), log: () => {} })).rejects.toMatchObject({
      code: 'VSP_SOURCE_UNREADABLE',
    });
    await expect(runDetect({ input: output, pValue: 3 })).rejects.toBeInstanceOf(VspError);
    expect((await run('empty', '')).summary).toMatchObject({ rows: 0, flagged: 0 });
  });

  it('the example fixtures: the injected spikes are flagged and little else', async () => {
    const logs: string[] = [];
    const hourlyOut = join(dir, 'hourly.out.csv');
    const h = await runDetect({
      input: 'fixtures/series/hourly.csv',
      output: hourlyOut,
      log: (l) => logs.push(l),
    });
    const hourlyFlags = readCsv(hourlyOut).filter((r) => r[4] === '1');
    expect(hourlyFlags.map((r) => r[0])).toContain('2026-02-18T11:00:00Z');
    expect(h).toMatchObject({ rows: 1440, skipped: 0, stepMs: HOUR_MS, stepBreaks: 0 });
    expect(h.flagged).toBeLessThanOrEqual(3);

    const dailyOut = join(dir, 'daily.out.csv');
    const d = await runDetect({
      input: 'fixtures/series/daily.csv',
      output: dailyOut,
      log: (l) => logs.push(l),
    });
    const dailyFlags = readCsv(dailyOut).filter((r) => r[4] === '1');
    expect(dailyFlags.map((r) => r[0])).toEqual(['2026-06-04']);
    expect(d).toMatchObject({ rows: 182, flagged: 1, stepMs: 86_400_000 });
  });

  it('keeps a row that repeats the previous timestamp (a repeated hour when daylight saving ends)', async () => {
    const hours = Array.from({ length: 48 }, (_, h) => `2014-11-01T${String(h % 24).padStart(2, '0')}:00`);
    const days = hours.map((t, i) => (i < 24 ? t : t.replace('11-01', '11-02')));
    const lines = ['timestamp,value', ...days.map((t, i) => `${t},${10 + (i % 3)}`)];
    lines.splice(28, 0, `${days[26]},12`); // 02:00 twice
    const { summary, rows, logs } = await run('repeat', lines.join('\n'));
    expect(summary).toMatchObject({ rows: 49, skipped: 0, stepMs: 3_600_000 });
    expect(rows.filter((r) => r[0] === days[26])).toHaveLength(2);
    expect(logs.some((l) => /off the step of 1 h \(kept\): line 29 \(0 ms after/.test(l))).toBe(true);
  });
});
