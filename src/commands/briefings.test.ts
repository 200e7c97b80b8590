/**
 * The delivery commands end to end: `vsplesk subscription add|list|remove` and `vsplesk briefings run --once` /
 * `status` as real processes on a DuckDB file, and `serve --briefings DIR` running the scheduler in the server
 * (its clock injected) with the deliveries served at /api/deliveries.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { fixedClock } from '../clock.ts';
import { runServe } from './serve.ts';

const dir = mkdtempSync(join(tmpdir(), 'vsplesk-briefings-'));
const BIN = new URL('../../bin/vsplesk.mjs', import.meta.url).pathname;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

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

describe('subscription and briefings commands', () => {
  it('adds, lists, runs once, reports status (failed: exit 1) and removes', async () => {
    const db = join(dir, 'cli.duckdb');
    const out = join(dir, 'cli-out');
    const add = await cli([
      'subscription',
      'add',
      '--db',
      db,
      '--municipality',
      '27701000',
      '--sink',
      'file',
      '--target',
      out,
      '--format',
      'md,json',
    ]);
    expect(add.code, add.stderr).toBe(0);
    const id = /added (sub_[0-9a-f]+)/.exec(add.stdout)?.[1] as string;
    expect(add.stdout).toContain('Калининград');
    const mail = await cli([
      'subscription',
      'add',
      '--db',
      db,
      '--region',
      '39',
      '--sink',
      'email',
      '--target',
      'region@example.test',
    ]);
    const mailId = /added (sub_[0-9a-f]+)/.exec(mail.stdout)?.[1] as string;
    const bad = await cli([
      'subscription',
      'add',
      '--db',
      db,
      '--municipality',
      '27701000',
      '--sink',
      'webhook',
      '--target',
      'x',
    ]);
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringMatching(/http\(s\) URL/)]);
    const list = await cli(['subscription', 'list', '--db', db]);
    expect(
      list.stdout
        .trim()
        .split('\n')
        .map((l) => l.split('  ')[0]),
    ).toEqual([id, mailId]);
    expect(list.stdout).toContain('07:00 local');

    // A day and a half after the subscriptions were made: one date due for each (created now, so the look-back
    // before that owes nothing). No SMTP: the digest's mail fails, recorded, and the command exits 1.
    const now = new Date(Date.now() + 36 * 3_600_000).toISOString();
    const run = await cli(['briefings', 'run', '--db', db, '--once', '--now', now]);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toMatch(/"event":"briefing_delivery".*"state":"sent"/);
    expect(run.stderr).toMatch(/"state":"failed".*SMTP is not configured/);
    const status = await cli(['briefings', 'status', '--db', db]);
    expect(status.code).toBe(1);
    const lines = status.stdout.trim().split('\n');
    expect(lines.find((l) => l.includes(id))).toMatch(/ sent {2}rounds 1 {2}sent /);
    expect(lines.find((l) => l.includes(mailId))).toMatch(
      / failed {2}rounds 1 .*error: SMTP is not configured/,
    );
    const date = lines[0]?.slice(0, 10) as string;
    expect(JSON.parse(readFileSync(join(out, `27701000-${date}.json`), 'utf8')).date).toBe(date);
    expect(existsSync(join(out, `27701000-${date}.md`))).toBe(true);

    const removed = await cli(['subscription', 'remove', '--db', db, '--id', id]);
    expect(removed.stdout).toContain(`removed ${id}`);
    expect((await cli(['subscription', 'remove', '--db', db, '--id', id])).code).toBe(2);
  }, 60_000);

  it('serve --briefings DIR runs the scheduler in the server and serves its deliveries', async () => {
    const db = join(dir, 'serve.duckdb');
    const added = await cli([
      'subscription',
      'add',
      '--db',
      db,
      '--municipality',
      '30701000',
      '--sink',
      'file',
      '--target',
      'pages',
    ]);
    expect(added.code, added.stderr).toBe(0);
    const briefingsDir = join(dir, 'briefings');
    const s = await runServe({
      db,
      port: 0,
      logger: false,
      auth: 'off',
      warn: () => undefined,
      briefings: { dir: briefingsDir, smtp: null, clock: fixedClock(Date.now() + 36 * 3_600_000) },
    });
    try {
      // The first pass runs at start; wait for its row (no timing is asserted).
      const sent = await vi.waitFor(
        async () => {
          const r = (await (await fetch(`${s.url}/api/deliveries`)).json()) as {
            items: { state: string; date: string }[];
          };
          if (r.items[0]?.state !== 'sent') throw new Error('not yet');
          return r.items[0];
        },
        { timeout: 30_000, interval: 100 },
      );
      expect(readFileSync(join(briefingsDir, 'pages', `30701000-${sent.date}.html`), 'utf8')).toContain(
        'Петропавловск-Камчатский',
      );
    } finally {
      await s.close();
    }
  }, 60_000);
});
