/**
 * `vsplesk token create|revoke|list --db FILE`: API tokens in the store's tokens table (store/tokens.ts). The
 * secret is printed once, on the last line of `create`'s stdout; the table keeps only its SHA-256. A running
 * `vsplesk serve` holds the DuckDB file's lock: then use the admin API (POST /api/tokens, DELETE /api/tokens/ID).
 */

import { vspError } from '../errors.ts';
import { loadGazetteer } from '../reference/gazetteer.ts';
import {
  type NewToken,
  openTokenStore,
  type TokenRow,
  type TokenStore,
  validateNewToken,
} from '../store/tokens.ts';
import { withAdminStore } from './admin-store.ts';

const withTokens = <T>(db: string, f: (tokens: TokenStore) => Promise<T>): Promise<T> =>
  withAdminStore(db, '(POST /api/tokens, DELETE /api/tokens/ID with an admin token)', async (store) =>
    f(await openTokenStore(store)),
  );

/** Creates a token; returns the lines to print, the token last. */
export async function runTokenCreate(o: NewToken & { db: string }): Promise<string[]> {
  const gazetteer = loadGazetteer();
  const spec = validateNewToken(o, {
    regionOf: (code) => gazetteer.byCode(code)?.region,
    hasRegion: (r) => gazetteer.regions().some((x) => x.code === r),
  });
  const { token, row } = await withTokens(o.db, (tokens) => tokens.create(spec));
  return [
    `created ${row.id}: ${describe(row)}`,
    'the token (shown only this once; the store keeps only its SHA-256):',
    token,
  ];
}

export async function runTokenRevoke(o: { db: string; id: string }): Promise<string[]> {
  const ok = await withTokens(o.db, (tokens) => tokens.revoke(o.id));
  if (!ok) throw vspError('VSP_CLI_USAGE', `no token '${o.id}' in ${o.db}`);
  return [`revoked ${o.id}`];
}

export async function runTokenList(o: { db: string }): Promise<string[]> {
  const rows = await withTokens(o.db, async (tokens) => tokens.list());
  const iso = (ms: number | null) => (ms === null ? '-' : new Date(ms).toISOString());
  const table = [
    ['id', 'role', 'region', 'municipality', 'name', 'created', 'revoked', 'last used'],
    ...rows.map((t) => [
      t.id,
      t.role,
      t.region ?? '-',
      t.municipality ?? '-',
      t.name ?? '-',
      iso(t.createdAtMs),
      iso(t.revokedAtMs),
      iso(t.lastUsedAtMs),
    ]),
  ];
  const widths = table[0]?.map((_, i) => Math.max(...table.map((r) => (r[i] ?? '').length))) ?? [];
  return table.map((r) =>
    r
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd(),
  );
}

function describe(t: TokenRow): string {
  const where =
    t.role === 'admin'
      ? 'everything'
      : t.municipality !== null
        ? `municipality ${t.municipality} (region ${t.region})`
        : `region ${t.region}`;
  return `role ${t.role}, ${where}${t.name === null ? '' : `, name "${t.name}"`}`;
}
