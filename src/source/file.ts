/**
 * The NDJSON file source: a path, or '-' for stdin. Streams in constant memory (lines are bounded by
 * maxRecordBytes; see lines.ts) and yields batches of raw records with their file and line as origin.
 */
import { createReadStream } from 'node:fs';
import type { RawRecord, Rejected } from '../records.ts';
import { splitLines } from './lines.ts';

export interface FileSourceOptions {
  path: string;
  /** A line longer than this becomes a `record_too_large` dead letter (its head is kept). */
  maxRecordBytes: number;
  batchLines: number;
  /** Called with bytes read so far (for progress). */
  onBytes?: (bytesRead: number) => void;
}

export interface SourceBatch {
  records: RawRecord[];
  /** Records the source itself could not decode: they go straight to the dead-letter sink. */
  rejected: Rejected[];
}

export async function* readFileSource(opts: FileSourceOptions): AsyncGenerator<SourceBatch> {
  const stream = opts.path === '-' ? process.stdin : createReadStream(opts.path, { highWaterMark: 1 << 20 });
  const file = opts.path === '-' ? '<stdin>' : opts.path;
  let bytesRead = 0;
  async function* counted(): AsyncGenerator<Uint8Array> {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytesRead += chunk.length;
      yield chunk;
    }
  }
  for await (const lines of splitLines(counted(), {
    maxLineBytes: opts.maxRecordBytes,
    batchLines: opts.batchLines,
  })) {
    const records: RawRecord[] = [];
    const rejected: Rejected[] = [];
    for (const l of lines) {
      const origin = { kind: 'file', file, line: l.lineNo } as const;
      if (l.truncated)
        rejected.push({
          reason: 'record_too_large',
          stage: 'parse',
          detail: `line has ${l.bytes} bytes, the limit is ${opts.maxRecordBytes}; its head is kept`,
          raw: l.text,
          origin,
        });
      else if (l.invalidUtf8)
        rejected.push({
          reason: 'invalid_utf8',
          stage: 'parse',
          detail: 'line is not valid UTF-8',
          raw: l.text,
          origin,
        });
      else records.push({ raw: l.text, origin });
    }
    opts.onBytes?.(bytesRead);
    yield { records, rejected };
  }
}
