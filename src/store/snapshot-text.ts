/**
 * A shard's state as the `shard_snapshots.snapshot` column holds it: `gz1:` and the JSON's UTF-8 gzipped at level 1
 * (state/gzip-json.ts: one or more gzip members), in base64. Reading also takes plain JSON, as stores written
 * before state was compressed hold it, so an old store resumes without a migration.
 *
 * Why gzip: DuckDB's upsert of a large string holds ~3.5× its size until the commit's checkpoint; at national scale
 * a batch's state is ~50 MB of JSON (4 shards), which needed ~175 MB of DuckDB memory in the transaction and ran a
 * 238 MiB limit out. Gzip level 1 makes it ~4× smaller (12.7 → 3.3 MB a shard); base64 adds a third back.
 */
import { gunzipSync } from 'node:zlib';
import { gzipJson } from '../state/gzip-json.ts';

const GZIP_PREFIX = 'gz1:';

/** The column's text for a state already gzipped (the runner's, serialised as its batch was made). */
export function storedGzip(gzip: Uint8Array): string {
  return GZIP_PREFIX + Buffer.from(gzip.buffer, gzip.byteOffset, gzip.byteLength).toString('base64');
}

/** @example JSON.parse(decodeSnapshot(encodeSnapshot({ shard: 0 }))) // → { shard: 0 } */
export function encodeSnapshot(snapshot: object): string {
  return storedGzip(gzipJson(snapshot).gzip);
}

export function decodeSnapshot(stored: string): string {
  return stored.startsWith(GZIP_PREFIX)
    ? gunzipSync(Buffer.from(stored.slice(GZIP_PREFIX.length), 'base64')).toString('utf8')
    : stored;
}
