/**
 * A value's JSON, UTF-8, gzipped (level 1) without the whole text ever being one string: its pieces
 * (json-pieces.ts) are gathered to about `chunkChars` and each chunk becomes one gzip member; the members
 * concatenated are one valid gzip stream (RFC 1952 §2.2; zlib's gunzip reads every member). So a shard's state
 * costs its gzip (~¼ of the JSON) plus one chunk in transient memory, not the JSON string, its UTF-8 copy and the
 * gzip at once.
 */
import { gzipSync } from 'node:zlib';
import { jsonPieces } from './json-pieces.ts';

/** ~1 M characters a member: gzip's 32 KB window makes larger members compress no better. */
export const GZIP_CHUNK_CHARS = 1 << 20;

export interface GzippedJson {
  gzip: Buffer;
  /** Length of the JSON text (characters), for the record: what a plain JSON commit would have held. */
  jsonChars: number;
}

/** @example gunzipSync(gzipJson({ a: 1 }).gzip).toString() // → '{"a":1}' */
export function gzipJson(value: unknown, chunkChars = GZIP_CHUNK_CHARS): GzippedJson {
  const members: Buffer[] = [];
  let parts: string[] = [];
  let partsChars = 0;
  let jsonChars = 0;
  const flush = () => {
    members.push(gzipSync(parts.join(''), { level: 1 }));
    parts = [];
    partsChars = 0;
  };
  for (const piece of jsonPieces(value, chunkChars)) {
    parts.push(piece);
    partsChars += piece.length;
    jsonChars += piece.length;
    if (partsChars >= chunkChars) flush();
  }
  if (partsChars > 0 || members.length === 0) flush();
  return { gzip: members.length === 1 ? (members[0] as Buffer) : Buffer.concat(members), jsonChars };
}
