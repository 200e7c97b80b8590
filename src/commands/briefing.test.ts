/**
 * `vsplesk briefing` as a user runs it (its own process: DuckDB's file lock is per process) over a store file
 * holding the sample of store/test-records.ts: Екатеринбург's 10 January 2026 in each text format; a bad date or
 * town is a usage error (exit 2), not a stack.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGazetteer } from '../reference/gazetteer.ts';
import { loadTopics } from '../reference/topics.ts';
import { openStore } from '../store/index.ts';
import { alert, EKB, emptyBatch, HOUR_MS, sampleBatch, T0 } from '../store/test-records.ts';

const dir = mkdtempSync(join(tmpdir(), 'vsplesk-briefing-cli-'));
const db = join(dir, 'store.duckdb');
const BIN = new URL('../../bin/vsplesk.mjs', import.meta.url).pathname;

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => {
      stdout += d;
    });
    p.stderr.on('data', (d) => {
      stderr += d;
    });
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  const store = await openStore(db, { gazetteer: loadGazetteer(), topics: loadTopics() });
  await store.writeBatch(sampleBatch());
  await store.writeBatch({
    ...emptyBatch(),
    alerts: [
      alert(EKB, 'heating', T0 + 12 * HOUR_MS, {
        severity: 'critical',
        respondWithinMin: 60,
        terms: ['прорыв', 'теплотрассы'],
        peakObserved: 20,
        peakExpected: 2,
      }),
    ],
  });
  await store.close();
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('vsplesk briefing', () => {
  it('writes Markdown to stdout: the day’s count, the alert and its deadline in local time', async () => {
    const r = await cli([
      'briefing',
      '--db',
      db,
      '--municipality',
      EKB,
      '--date',
      '2026-01-10',
      '--format',
      'md',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('# Утренняя сводка: Екатеринбург');
    expect(r.stdout).toContain('за вчера, 10 января (суббота)');
    // sampleBatch on 10 January local (09T19:00Z–10T19:00Z): heating every third hour from 00:00Z to 18:00Z,
    // 2 each and 20 at 12:00Z (6 × 2 + 20 = 32), waste at 02, 08, 14Z (3 × 3 = 9): 41, and no norm (first day).
    expect(r.stdout).toContain('Вчера — 41 обращение');
    expect(r.stdout).toContain('Отопление: 32 обращения (нормы ещё нет)');
    // The alert began at 12:00 UTC = 17:00 UTC+5, first detected at its end, to be answered within the hour:
    // by 07:00 the next morning that deadline has passed.
    expect(r.stdout).toContain('Отопление — критический, новый: вчера с 17:00 до 18:00');
    expect(r.stdout).toContain('срок ответа истёк вчера в 19:00');
  });

  it('writes HTML and JSON files through a rename, saying where', async () => {
    const html = join(dir, 'b.html');
    const r = await cli([
      'briefing',
      '--db',
      db,
      '--municipality',
      EKB,
      '--date',
      '2026-01-10',
      '--out',
      html,
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`briefing for 2026-01-10 → ${html}`);
    expect(readFileSync(html, 'utf8')).toMatch(/^<!DOCTYPE html>/);
    const json = join(dir, 'b.json');
    await cli([
      'briefing',
      '--db',
      db,
      '--municipality',
      EKB,
      '--date',
      '2026-01-10',
      '--format',
      'json',
      '--out',
      json,
    ]);
    const b = JSON.parse(readFileSync(json, 'utf8'));
    expect(b).toMatchObject({ version: 1, date: '2026-01-10', place: { code: EKB, utcOffsetMin: 300 } });
    expect(b.volume.count).toBe(41);
  });

  it('writes the region digest with --region: every monitored town, the one with the open critical alert first', async () => {
    const r = await cli(['briefing', '--db', db, '--region', '66', '--date', '2026-01-10', '--format', 'md']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('# Сводка по региону: Свердловская обл');
    const rows = r.stdout.split('\n').filter((l) => /^\| \d+ \|/.test(l));
    expect(rows[0]).toMatch(/^\| 1 \| Екатеринбург \| 41 \| 0,3 \| 1 критический \|/);
    expect(rows.some((l) => l.includes('Нижний Тагил'))).toBe(true);
    const both = await cli(['briefing', '--db', db, '--region', '66', '--municipality', EKB]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('exactly one of --municipality CODE and --region CODE');
  });

  it('refuses an unknown town or an impossible date as a usage error', async () => {
    const town = await cli(['briefing', '--db', db, '--municipality', '00000000', '--format', 'md']);
    expect(town.code).toBe(2);
    expect(town.stderr).toContain('VSP_CLI_USAGE');
    const date = await cli(['briefing', '--db', db, '--municipality', EKB, '--date', '2026-02-30']);
    expect(date.code).toBe(2);
    expect(date.stderr).toContain("--date '2026-02-30'");
    const format = await cli(['briefing', '--db', db, '--municipality', EKB, '--format', 'docx']);
    expect(format.code).not.toBe(0);
    expect(format.stderr).toContain('--format must be one of html, md, json, pdf');
  });
});
