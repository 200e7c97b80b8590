import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../clock.ts';
import { loadGazetteer } from '../reference/gazetteer.ts';
import { loadTopics } from '../reference/topics.ts';
import { openStore } from './duckdb.ts';
import { EKB, KAZAN } from './test-records.ts';
import { generateToken, hashToken, openTokenStore, validateNewToken } from './tokens.ts';

const gazetteer = loadGazetteer();
const topics = loadTopics();
const places = {
  regionOf: (code: string) => gazetteer.byCode(code)?.region,
  hasRegion: (r: string) => gazetteer.regions().some((x) => x.code === r),
};
const dir = mkdtempSync(join(tmpdir(), 'vsplesk-tokens-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tokens', () => {
  it('are 256 random bits, url-safe, and hashed with SHA-256 (reference: sha256("abc"))', () => {
    const a = generateToken();
    expect(a).toMatch(/^vsp_[A-Za-z0-9_-]{43}$/);
    expect(generateToken()).not.toBe(a);
    // FIPS 180-2 test vector.
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('checks role and scope against the gazetteer; a head’s region is derived', () => {
    expect(validateNewToken({ role: 'head', municipality: EKB }, places)).toEqual({
      role: 'head',
      region: '66',
      municipality: EKB,
      name: null,
    });
    expect(validateNewToken({ role: 'analyst', region: '16', name: ' Казань ' }, places)).toMatchObject({
      region: '16',
      municipality: null,
      name: 'Казань',
    });
    const bad = [
      { role: 'head' },
      { role: 'head', municipality: '00000000' },
      { role: 'head', municipality: EKB, region: '16' },
      { role: 'analyst' },
      { role: 'planner', region: '999' },
      { role: 'planner', region: '66', municipality: EKB },
      { role: 'admin', region: '66' },
      { role: 'root' },
    ];
    for (const t of bad)
      expect(
        () => validateNewToken(t as Parameters<typeof validateNewToken>[0], places),
        JSON.stringify(t),
      ).toThrow(/VSP_CLI_USAGE|bad command-line usage/);
  });

  it('stores only hashes, verifies, revokes, and survives a reopen of the file', async () => {
    const db = join(dir, 't.duckdb');
    let now = Date.UTC(2026, 0, 1);
    const clock = { nowMs: () => now };
    let store = await openStore(db, { gazetteer, topics });
    let tokens = await openTokenStore(store, { clock });
    const head = await tokens.create(
      validateNewToken({ role: 'head', municipality: KAZAN, name: 'мэр' }, places),
    );
    now += 1000; // created later: tokens are listed by creation time
    const admin = await tokens.create(validateNewToken({ role: 'admin' }, places));
    expect(tokens.verify(head.token)).toEqual({
      tokenId: head.row.id,
      role: 'head',
      scope: { kind: 'municipality', municipality: KAZAN, region: '16' },
    });
    expect(tokens.verify(admin.token)?.scope).toEqual({ kind: 'all' });
    expect(tokens.verify(`${head.token}x`)).toBeUndefined();
    // The table holds no token, only its hash.
    const rows = await store.runQuery('tokens_list', {}, 'read');
    expect(JSON.stringify(rows, (_k, v) => (typeof v === 'bigint' ? Number(v) : v))).not.toContain(
      head.token.slice(4),
    );
    expect(rows.map((r) => r.token_sha256)).toEqual([hashToken(head.token), hashToken(admin.token)]);

    now += 120_000; // past the 1-minute throttle of last_used_at
    expect(await tokens.revoke(head.row.id)).toBe(true);
    expect(await tokens.revoke('tok_none')).toBe(false);
    expect(tokens.verify(head.token)).toBeUndefined();
    await store.close();

    store = await openStore(db, { gazetteer, topics });
    tokens = await openTokenStore(store, { clock: fixedClock(now) });
    expect(tokens.verify(head.token)).toBeUndefined();
    expect(tokens.verify(admin.token)?.role).toBe('admin');
    const listed = tokens.list();
    expect(listed.map((t) => [t.role, t.revokedAtMs, t.name])).toEqual([
      ['head', now, 'мэр'],
      ['admin', null, null],
    ]);
    // Its use was recorded (written behind the read above).
    await store.runQuery('tokens_list', {}, 'write');
    const used = await store.runQuery('tokens_list', {}, 'read');
    expect(used.map((r) => (r.last_used_at_ms == null ? null : Number(r.last_used_at_ms)))).toEqual([
      Date.UTC(2026, 0, 1) + 1000,
      now,
    ]);
    await store.close();
  });
});
