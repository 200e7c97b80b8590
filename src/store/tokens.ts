/**
 * API tokens (issue 6, access control): random bearer tokens with a role and a scope, kept in the store's DuckDB
 * file as hashes only. This module owns the `tokens` table (queries/tokens_*.sql) and creates it on open.
 *
 * The serving process reads the table once and keeps it in memory: it holds the DuckDB file's write lock, so no
 * other process can change the table while it runs; its own changes (the admin API) go through this module,
 * which keeps the memory and the table in step.
 */
import { createHash, randomBytes } from 'node:crypto';
import { type Clock, systemClock } from '../clock.ts';
import { vspError } from '../errors.ts';
import type { Store } from './types.ts';

export const ROLES = ['admin', 'analyst', 'head', 'planner'] as const;
export type Role = (typeof ROLES)[number];

/** What a token may see: everything, one region, or one municipality (with its region). */
export type Scope =
  | { kind: 'all' }
  | { kind: 'region'; region: string }
  | { kind: 'municipality'; municipality: string; region: string };

export interface TokenRow {
  id: string;
  role: Role;
  region: string | null;
  municipality: string | null;
  name: string | null;
  createdAtMs: number;
  revokedAtMs: number | null;
  lastUsedAtMs: number | null;
}

/** A verified token: who is asking and what they may see. */
export interface Principal {
  tokenId: string;
  role: Role;
  scope: Scope;
}

export interface NewToken {
  role: Role;
  region?: string | undefined;
  municipality?: string | undefined;
  name?: string | undefined;
}

/** 32 random bytes (256 bits) as base64url, behind a prefix that secret scanners and people recognise. */
const TOKEN_PREFIX = 'vsp_';
const TOKEN_BYTES = 32;
/** last_used_at is written at most this often per token: a request must not cost a write. */
const TOUCH_EVERY_MS = 60_000;

/**
 * SHA-256 of the token, hex. A plain fast hash is enough here (no salt, no bcrypt/scrypt): the tokens are 256
 * random bits, not passwords, so a stolen table cannot be brute-forced or looked up in precomputed tables — the
 * slow hashes exist for low-entropy human secrets. A fast hash also lets every request be checked cheaply.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(TOKEN_BYTES).toString('base64url');
}

/** The scope a token row grants (admin: everything). */
export function scopeOf(t: Pick<TokenRow, 'role' | 'region' | 'municipality'>): Scope {
  if (t.role === 'admin') return { kind: 'all' };
  if (t.role === 'head') {
    if (t.municipality === null || t.region === null)
      throw vspError('VSP_CONFIG_INVALID', 'a head token needs a municipality and its region');
    return { kind: 'municipality', municipality: t.municipality, region: t.region };
  }
  if (t.region === null) throw vspError('VSP_CONFIG_INVALID', `an ${t.role} token needs a region`);
  return { kind: 'region', region: t.region };
}

/**
 * Checks a new token's role and scope against the gazetteer: admin takes no place; analyst and planner one region
 * (required); head one municipality (required), its region derived. Throws VSP_CLI_USAGE naming the problem.
 */
export function validateNewToken(
  t: NewToken,
  places: {
    regionOf(municipality: string): string | undefined;
    hasRegion(region: string): boolean;
  },
): { role: Role; region: string | null; municipality: string | null; name: string | null } {
  if (!(ROLES as readonly string[]).includes(t.role))
    throw vspError('VSP_CLI_USAGE', `role must be one of ${ROLES.join(', ')}; got '${t.role}'`);
  const name = t.name === undefined || t.name.trim() === '' ? null : t.name.trim().slice(0, 200);
  if (t.role === 'admin') {
    if (t.region !== undefined || t.municipality !== undefined)
      throw vspError('VSP_CLI_USAGE', 'an admin token sees everything: no --region or --municipality');
    return { role: t.role, region: null, municipality: null, name };
  }
  if (t.role === 'head') {
    if (t.municipality === undefined)
      throw vspError('VSP_CLI_USAGE', 'a head token needs --municipality CODE');
    const region = places.regionOf(t.municipality);
    if (region === undefined)
      throw vspError('VSP_CLI_USAGE', `unknown municipality '${t.municipality}' (not in the gazetteer)`);
    if (t.region !== undefined && t.region !== region)
      throw vspError(
        'VSP_CLI_USAGE',
        `municipality ${t.municipality} is in region ${region}, not ${t.region}`,
      );
    return { role: t.role, region, municipality: t.municipality, name };
  }
  if (t.municipality !== undefined)
    throw vspError('VSP_CLI_USAGE', `an ${t.role} token covers a region: --region, not --municipality`);
  if (t.region === undefined) throw vspError('VSP_CLI_USAGE', `an ${t.role} token needs --region R`);
  if (!places.hasRegion(t.region))
    throw vspError('VSP_CLI_USAGE', `unknown region '${t.region}' (not in the gazetteer)`);
  return { role: t.role, region: t.region, municipality: null, name };
}

export interface TokenStore {
  /** Creates a token; the secret is returned once and never stored. */
  create(t: ReturnType<typeof validateNewToken>): Promise<{ token: string; row: TokenRow }>;
  /** Revokes a token; false when there is no such id. Revoking twice keeps the first time. */
  revoke(id: string): Promise<boolean>;
  list(): TokenRow[];
  /** The principal of a live token, or undefined (unknown or revoked). Records its use (throttled). */
  verify(token: string): Principal | undefined;
}

/** Opens the token table of a store (creating it if needed) and loads it. */
export async function openTokenStore(
  store: Pick<Store, 'runQuery'>,
  o: { clock?: Clock; onError?: (e: unknown) => void } = {},
): Promise<TokenStore> {
  const clock = o.clock ?? systemClock;
  await store.runQuery('tokens_create_table', {}, 'write');
  const byHash = new Map<string, { row: TokenRow; principal: Principal | undefined }>();
  const add = (row: TokenRow, hash: string) => {
    let principal: Principal | undefined;
    try {
      if (!(ROLES as readonly string[]).includes(row.role)) throw new Error(`unknown role ${row.role}`);
      principal = { tokenId: row.id, role: row.role, scope: scopeOf(row) };
    } catch {
      principal = undefined; // a malformed row (edited by hand) grants nothing
    }
    byHash.set(hash, { row, principal });
  };
  // A presented token → its entry, for tokens that matched: the SHA-256 per request (~5 µs) is skipped for the
  // tokens in use. Only matching tokens are kept, so the memo is bounded by the table, not by what callers send;
  // revocation is still read from the entry on every request.
  const known = new Map<string, { row: TokenRow; principal: Principal | undefined }>();
  for (const r of await store.runQuery('tokens_list', {}, 'read')) add(toRow(r), String(r.token_sha256));

  return {
    async create(t) {
      const token = generateToken();
      const hash = hashToken(token);
      const row: TokenRow = {
        id: `tok_${randomBytes(6).toString('hex')}`,
        ...t,
        createdAtMs: clock.nowMs(),
        revokedAtMs: null,
        lastUsedAtMs: null,
      };
      await store.runQuery(
        'tokens_insert',
        {
          id: row.id,
          token_sha256: hash,
          role: row.role,
          region: row.region,
          municipality: row.municipality,
          name: row.name,
          created_at_ms: row.createdAtMs,
        },
        'write',
      );
      add(row, hash);
      return { token, row: { ...row } };
    },

    async revoke(id) {
      const [r] = await store.runQuery('tokens_revoke', { id, at_ms: clock.nowMs() }, 'write');
      if (!r) return false;
      for (const e of byHash.values()) if (e.row.id === id) e.row.revokedAtMs = Number(r.revoked_at_ms);
      return true;
    },

    list() {
      return [...byHash.values()]
        .map((e) => ({ ...e.row }))
        .sort((a, b) => a.createdAtMs - b.createdAtMs || (a.id < b.id ? -1 : 1));
    },

    verify(token) {
      let e = known.get(token);
      if (e === undefined) {
        e = byHash.get(hashToken(token));
        if (e !== undefined) known.set(token, e);
      }
      if (!e || e.row.revokedAtMs !== null || !e.principal) return undefined;
      const now = clock.nowMs();
      if (e.row.lastUsedAtMs === null || now - e.row.lastUsedAtMs >= TOUCH_EVERY_MS) {
        e.row.lastUsedAtMs = now;
        // Fire and forget: a failed bookkeeping write must not fail the request; it is reported.
        store.runQuery('tokens_touch', { id: e.row.id, at_ms: now }, 'bookkeeping').catch((err: unknown) => {
          o.onError?.(err);
        });
      }
      return e.principal;
    },
  };
}

function toRow(r: Record<string, unknown>): TokenRow {
  const str = (v: unknown) => (v == null ? null : String(v));
  const num = (v: unknown) => (v == null ? null : Number(v));
  return {
    id: String(r.id),
    role: String(r.role) as Role,
    region: str(r.region),
    municipality: str(r.municipality),
    name: str(r.name),
    createdAtMs: Number(r.created_at_ms),
    revokedAtMs: num(r.revoked_at_ms),
    lastUsedAtMs: num(r.last_used_at_ms),
  };
}
