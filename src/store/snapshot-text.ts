/**
 * A shard's state as the `shard_snapshots.snapshot` column holds it: its JSON, or — when the store compresses
 * state (under a memory limit: duckdb-options.ts compressStateFor) — `gz1:` and the JSON's UTF-8 gzipped at level 1,
 * in base64. Reading takes either, so a store switches format between runs without a migration.
 *
 * Why: DuckDB's upsert of a large string holds ~3.5× its size until the commit's checkpoint; at national scale a
 * batch's state is ~50 MB of JSON (4 shards), which needed ~175 MB of DuckDB memory in the transaction and ran a
 * 238 MiB limit out. Gzip level 1 makes it ~4× smaller (12.9 → 3.1 MB a shard, ~0.5 s a shard on a loaded core),
 * base64 adds a third back: ~4.2 MB stored a shard.
 */
import { gunzipSync, gzipSync } from 'node:zlib';

const GZIP_PREFIX = 'gz1:';

/** @example decodeSnapshot(encodeSnapshot('{"shard":0}', true)) // → '{"shard":0}' */
export function encodeSnapshot(json: string, compress: boolean): string {
  return compress ? GZIP_PREFIX + gzipSync(Buffer.from(json, 'utf8'), { level: 1 }).toString('base64') : json;
}

export function decodeSnapshot(stored: string): string {
  return stored.startsWith(GZIP_PREFIX)
    ? gunzipSync(Buffer.from(stored.slice(GZIP_PREFIX.length), 'base64')).toString('utf8')
    : stored;
}
