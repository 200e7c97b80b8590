import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rng } from '../detect/test-random.ts';
import { VspError } from '../errors.ts';
import { isoDateFromDay } from '../seasonal/days.ts';
import { simulateSeasons } from '../seasonal/simulate-seasons.ts';
import { parseDay, runSeasonal } from './seasonal.ts';

const dir = mkdtempSync(join(tmpdir(), 'vsplesk-seasonal-'));

async function run(name: string, content: string) {
  const input = join(dir, `${name}.csv`);
  const output = join(dir, `${name}.ndjson`);
  writeFileSync(input, content);
  const logs: string[] = [];
  const summary = await runSeasonal({ input, output, log: (l) => logs.push(l) });
  const lines = readFileSync(output, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { summary, lines, logs };
}

function csv(firstDay: number, values: readonly number[], header = true): string {
  const rows = values.map((v, i) => `${isoDateFromDay(firstDay + i)},${v}`);
  return `${header ? 'date,count\n' : ''}${rows.join('\n')}\n`;
}

/** A winter wave; July halved so that July is the lowest month by construction (summer is flat otherwise). */
const winter = (seasons: number, seed: number) => {
  const s = simulateSeasons({
    firstYear: 2019,
    startMonth: 6,
    weather: Array.from({ length: seasons }, (_, i) => ({
      shiftWeeks: (i % 3) - 1,
      severity: 1 + 0.2 * ((i % 2) - 0.5),
    })),
    baseDaily: 2,
    wave: { riseWeek: 14, peakWeek: 26, endWeek: 40, amplitude: 8 },
    rand: rng(seed),
  });
  const values = s.values.map((v, i) =>
    isoDateFromDay(s.firstDay + i).slice(5, 7) === '07' ? Math.floor(v / 2) : v,
  );
  return { firstDay: s.firstDay, values };
};

describe('vsplesk seasonal', () => {
  it('prints one line per past season and a forecast with exactly the issue’s keys', async () => {
    const s = winter(5, 3);
    const { lines, summary, logs } = await run('winter', csv(s.firstDay, s.values));
    expect(summary.observedSeasons).toBe(5);
    expect(lines).toHaveLength(6);
    for (const l of lines.slice(0, 5)) {
      expect(Object.keys(l).sort()).toEqual([
        'kind',
        'onset_week',
        'peak_week',
        'peak_weekly',
        'season_start',
        'total',
      ]);
      expect(l.kind).toBe('observed');
    }
    expect(lines.map((l) => l.season_start)).toEqual([
      '2019-07-01',
      '2020-07-01',
      '2021-07-01',
      '2022-07-01',
      '2023-07-01',
      '2024-07-01',
    ]);
    const f = lines[5] as Record<string, unknown>;
    expect(Object.keys(f).sort()).toEqual(
      [
        'kind',
        'onset_high',
        'onset_low',
        'onset_week',
        'peak_high',
        'peak_low',
        'peak_week',
        'peak_weekly',
        'recurring',
        'season_start',
        'total',
      ].sort(),
    );
    expect(f.kind).toBe('forecast');
    expect(f.recurring).toBe(true);
    expect(String(f.onset_low) <= String(f.onset_week) && String(f.onset_week) <= String(f.onset_high)).toBe(
      true,
    );
    expect(f.peak_low as number).toBeLessThan(f.peak_weekly as number);
    expect(f.peak_weekly as number).toBeLessThan(f.peak_high as number);
    // Weeks are Mondays.
    expect(new Date(`${f.onset_week}T00:00:00Z`).getUTCDay()).toBe(1);
    // Observed totals are the sums of the input's full weeks in each season: the whole input minus the partial
    // weeks at its two ends (the series runs from a Monday, 2019-07-01, to Sunday 2024-06-30).
    const sum = s.values.reduce((a, b) => a + b, 0);
    expect(lines.slice(0, 5).reduce((a, l) => a + (l.total as number), 0)).toBe(sum);
    expect(logs.some((l) => /повторяется: сезонов/.test(l))).toBe(true);
    expect(logs.some((l) => /weather is not known/.test(l))).toBe(true);
  });

  it('calls a flat series not recurring', async () => {
    const r = rng(5);
    const values = Array.from({ length: 4 * 365 }, () => Math.floor(r() * 7));
    const { lines } = await run('flat', csv(18000, values, false));
    expect(lines[lines.length - 1]?.recurring).toBe(false);
  });

  it('reports bad rows with line number and reason, and fills gaps with 0', async () => {
    const s = winter(2, 4);
    const rows = csv(s.firstDay, s.values).split('\n');
    rows[3] = '2019-07-03,abc'; // line 4: bad value
    rows[5] = `${rows[4]}`; // line 6 repeats line 5's day
    rows[10] = '2019-07-10,1,5'; // line 11: a decimal comma
    rows[20] = '2019-13-01,1'; // line 21
    rows[30] = '2019-07-29,-2'; // line 31
    rows.splice(50, 3); // three days missing
    const { summary, logs } = await run('bad', rows.join('\n'));
    expect(summary.skipped).toBe(5);
    expect(logs).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/:4: skipped \(bad_value\): 'abc' is not a number/),
        expect.stringMatching(/:6: skipped \(duplicate_day\): 2019-07-04 was already given on line 5/),
        expect.stringMatching(/:11: skipped \(fields\): expected 2 fields, got 3 \(a decimal comma/),
        expect.stringMatching(/:21: skipped \(bad_timestamp\): '2019-13-01' has month 13/),
        expect.stringMatching(/:31: skipped \(bad_value\): '-2' is negative/),
        expect.stringMatching(/8 day\(s\) missing between rows, counted as 0/),
      ]),
    );
    expect(summary.filled).toBe(8); // the 5 skipped rows and the 3 removed
  });

  it('refuses under a year of data, and an empty file', async () => {
    await expect(run('short', csv(18000, Array(200).fill(1)))).rejects.toThrow(/at least a year/);
    await expect(run('empty', 'date,value\n')).rejects.toBeInstanceOf(VspError);
  });

  it('takes the day as written, whatever the offset', () => {
    expect(isoDateFromDay(parseDay('2025-01-05T00:00:00+03:00') as number)).toBe('2025-01-05');
    expect(isoDateFromDay(parseDay('1736035200') as number)).toBe('2025-01-05'); // 2025-01-05T00:00Z
    expect(parseDay('05.01.2025')).toMatch(/neither/);
  });
});
