/**
 * Splits a byte stream into lines with bounded memory: a line longer than `maxLineBytes` is not buffered
 * whole — its head is kept for the dead letter and the rest is skipped up to the next newline. Undecodable
 * UTF-8 is reported per line rather than silently replaced.
 */
export interface Line {
  /** Decoded text (undecodable bytes become U+FFFD; see `invalidUtf8`). */
  text: string;
  /** 1-based line number in the stream. */
  lineNo: number;
  /** The line exceeded maxLineBytes; `text` holds only its first maxLineBytes bytes. */
  truncated: boolean;
  /** Total bytes of the line (without the newline). */
  bytes: number;
  invalidUtf8: boolean;
}

const NEWLINE = 0x0a;
const fatal = new TextDecoder('utf-8', { fatal: true });
const lenient = new TextDecoder('utf-8');

function decode(buf: Uint8Array): { text: string; invalidUtf8: boolean } {
  try {
    return { text: fatal.decode(buf), invalidUtf8: false };
  } catch {
    return { text: lenient.decode(buf), invalidUtf8: true };
  }
}

/** Yields batches of lines (up to `batchLines`) from byte chunks. Empty lines are skipped but counted. */
export async function* splitLines(
  chunks: AsyncIterable<Uint8Array>,
  opts: { maxLineBytes: number; batchLines: number },
): AsyncGenerator<Line[]> {
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let overflowBytes = 0; // bytes dropped from the current over-long line
  let lineNo = 0;
  let batch: Line[] = [];

  const finishLine = (tail: Uint8Array): void => {
    lineNo++;
    let buf: Uint8Array;
    if (pending.length === 0) buf = tail;
    else {
      pending.push(tail);
      buf = Buffer.concat(pending);
    }
    const truncated = overflowBytes > 0 || buf.length > opts.maxLineBytes;
    const bytes = buf.length + overflowBytes;
    if (buf.length > opts.maxLineBytes) buf = buf.subarray(0, opts.maxLineBytes);
    let end = buf.length;
    if (end > 0 && buf[end - 1] === 0x0d) end--; // CRLF files
    pending = [];
    pendingBytes = 0;
    overflowBytes = 0;
    if (end === 0 && !truncated) return;
    const { text, invalidUtf8 } = decode(buf.subarray(0, end));
    batch.push({ text, lineNo, truncated, bytes, invalidUtf8 });
  };

  for await (const chunk of chunks) {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(NEWLINE, start);
      if (nl < 0) break;
      finishLine(chunk.subarray(start, nl));
      start = nl + 1;
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      const room = opts.maxLineBytes + 1 - pendingBytes;
      if (room > 0) {
        const keep = rest.length <= room ? rest : rest.subarray(0, room);
        // Copy: the stream may reuse its buffer.
        pending.push(Uint8Array.from(keep));
        pendingBytes += keep.length;
        overflowBytes += rest.length - keep.length;
      } else overflowBytes += rest.length;
    }
    if (batch.length >= opts.batchLines) {
      yield batch;
      batch = [];
    }
  }
  if (pendingBytes > 0 || overflowBytes > 0) finishLine(new Uint8Array(0));
  if (batch.length > 0) yield batch;
}
