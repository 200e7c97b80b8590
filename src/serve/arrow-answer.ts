/**
 * Arrow IPC answers (issue 16, "columnar out"): GET /api/series and /api/top answer
 * `Accept: application/vnd.apache.arrow.stream` with an Arrow IPC stream of one record batch, which pandas
 * (`pyarrow.ipc.open_stream`), polars (`pl.read_ipc_stream`) and R (`arrow::read_ipc_stream`) read as a table.
 * JSON stays the default: an Accept without the Arrow type (or with JSON before it) gets JSON.
 */
import { type RecordBatch, Table, tableToIPC } from 'apache-arrow';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { preferredMediaType } from './media-type.ts';

export const ARROW_STREAM = 'application/vnd.apache.arrow.stream';

/** The answer format a request asks for: Arrow when Accept prefers it to JSON, else JSON. */
export function wantsArrow(accept: string | undefined): boolean {
  return preferredMediaType(accept, [ARROW_STREAM, 'application/json']) === ARROW_STREAM;
}

/** The bytes of an IPC stream holding one batch (deterministic: the same batch gives the same bytes, one ETag). */
export function arrowStreamBytes(batch: RecordBatch): Buffer {
  const u8 = tableToIPC(new Table([batch]), 'stream');
  return Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength);
}

/** The OpenAPI description of a 200 that is JSON (`schema`) or Arrow. */
export function jsonOrArrow200(description: string, schema: unknown) {
  return {
    description,
    content: {
      'application/json': { schema },
      [ARROW_STREAM]: {
        schema: {
          type: 'string',
          format: 'binary',
          description: 'Arrow IPC stream, one record batch (columns in docs/export.md)',
        },
      },
    },
  };
}

/**
 * A route's answer as the request asks: `body` itself (JSON, serialised by the route's schema) or the bytes of
 * `batchOf(body)` as an Arrow stream. Either way the answer varies by Accept (caches key on it: response-cache.ts).
 */
export function jsonOrArrow<T>(
  req: FastifyRequest,
  reply: FastifyReply,
  body: T,
  batchOf: (body: T) => RecordBatch,
): T | Buffer {
  reply.header('vary', 'Accept');
  if (!wantsArrow(req.headers.accept)) return body;
  reply.type(ARROW_STREAM);
  return arrowStreamBytes(batchOf(body));
}
