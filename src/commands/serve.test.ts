import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AUTH_OFF_WARNING, runServe } from './serve.ts';
import { runTokenCreate, runTokenList, runTokenRevoke } from './token.ts';

const dir = mkdtempSync(join(tmpdir(), 'vsplesk-serve-'));
const BIN = new URL('../../bin/vsplesk.mjs', import.meta.url).pathname;

/** The real command in its own process (DuckDB's file lock is per process). */
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
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('runServe', () => {
  it('takes the rate limit from its options: a limit of 2 answers the third request 429, 0 turns it off', async () => {
    const statuses = async (rateLimit: number) => {
      const s = await runServe({
        db: ':memory:',
        port: 0,
        logger: false,
        auth: 'off',
        warn: () => {},
        rateLimit,
      });
      try {
        const out: number[] = [];
        for (let i = 0; i < 4; i++) out.push((await fetch(`${s.url}/api/regions`)).status);
        return out;
      } finally {
        await s.close();
      }
    };
    expect(await statuses(2)).toEqual([200, 200, 429, 429]);
    expect(await statuses(0)).toEqual([200, 200, 200, 200]);
  });

  it('listens on an ephemeral port with auth on by default: health is open, data needs a token', async () => {
    const warnings: string[] = [];
    const s = await runServe({ db: ':memory:', port: 0, logger: false, warn: (t) => warnings.push(t) });
    try {
      expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const res = await fetch(`${s.url}/api/health`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 'ok' });
      expect((await fetch(`${s.url}/api/regions`)).status).toBe(401);
      const page = await fetch(`${s.url}/`);
      expect(await page.text()).toContain('Всплеск');
      // No token in the store: it says how to make one.
      expect(warnings.join('')).toMatch(
        /holds no live token.*vsplesk token create --db :memory: --role admin/s,
      );
    } finally {
      await s.close();
    }
  });

  it('with --auth off serves everything and warns loudly', async () => {
    const warnings: string[] = [];
    const s = await runServe({
      db: ':memory:',
      port: 0,
      logger: false,
      auth: 'off',
      warn: (t) => warnings.push(t),
    });
    try {
      expect(warnings).toEqual([AUTH_OFF_WARNING]);
      expect(AUTH_OFF_WARNING).toMatch(/WARNING: vsplesk is serving WITHOUT AUTHENTICATION/);
      expect(await (await fetch(`${s.url}/api/health`)).json()).toEqual({
        status: 'ok',
        messages: 0,
        deadLetters: 0,
        lastEventTime: null,
        dataTo: null,
      });
      expect((await fetch(`${s.url}/api/regions`)).status).toBe(200);
    } finally {
      await s.close();
    }
  });
});

describe('vsplesk token', () => {
  it('creates (the token on the last line), lists without secrets, revokes; serve honours them', async () => {
    const db = join(dir, 'tokens.duckdb');
    const head = await runTokenCreate({ db, role: 'head', municipality: '65701000', name: 'мэрия' });
    expect(head[0]).toMatch(
      /^created tok_[0-9a-f]+: role head, municipality 65701000 \(region 66\), name "мэрия"$/,
    );
    const token = head.at(-1) ?? '';
    expect(token).toMatch(/^vsp_[A-Za-z0-9_-]{43}$/);
    const id = /created (tok_[0-9a-f]+)/.exec(head[0] ?? '')?.[1] ?? '';
    const list = await runTokenList({ db });
    expect(list[0]).toMatch(/^id\s+role\s+region\s+municipality\s+name\s+created\s+revoked\s+last used$/);
    expect(list[1]).toMatch(new RegExp(`^${id}\\s+head\\s+66\\s+65701000\\s+мэрия\\s+\\S+\\s+-\\s+-$`));
    expect(list.join('\n')).not.toContain(token.slice(4));

    const s = await runServe({ db, port: 0, logger: false, warn: () => undefined });
    try {
      const as = (path: string) =>
        fetch(`${s.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      expect((await as('/api/regions')).status).toBe(200);
      expect((await as('/api/alerts?region=16')).status).toBe(403);
      // The server holds the file: the command (another process) says so and points to the admin API.
      const locked = await cli(['token', 'revoke', '--db', db, '--id', id]);
      expect(locked.code).toBe(2);
      expect(locked.stderr).toMatch(/VSP_CLI_USAGE: .*in use .*DELETE \/api\/tokens/);
    } finally {
      await s.close();
    }
    expect(await runTokenRevoke({ db, id })).toEqual([`revoked ${id}`]);
    // The command prints the token on the last line of stdout.
    const made = await cli(['token', 'create', '--db', db, '--role', 'planner', '--region', '66']);
    expect([made.code, made.stderr]).toEqual([0, '']);
    expect(made.stdout.trimEnd().split('\n').at(-1)).toMatch(/^vsp_[A-Za-z0-9_-]{43}$/);
    await expect(runTokenRevoke({ db, id: 'tok_ffff' })).rejects.toThrow(/no token 'tok_ffff'/);
    await expect(runTokenCreate({ db, role: 'analyst' })).rejects.toThrow(/needs --region/);
    const s2 = await runServe({ db, port: 0, logger: false, warn: () => undefined });
    try {
      const res = await fetch(`${s2.url}/api/regions`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(401);
    } finally {
      await s2.close();
    }
  });
});
