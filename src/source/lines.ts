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
  /** Total bytes of the line (without the newline, LF or CRLF). */
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
  let lastByte = -1; // last byte kept or dropped of the current line, while it spans chunks
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
    // CRLF files: the line's own last byte (perhaps among the skipped ones) decides, and the CR is part of the
    // line ending, so it counts neither towards the limit nor in a truncated line's head.
    const last = tail.length > 0 ? tail[tail.length - 1] : lastByte;
    const total = buf.length + overflowBytes;
    const bytes = total > 0 && last === 0x0d ? total - 1 : total;
    const truncated = bytes > opts.maxLineBytes;
    buf = buf.subarray(0, Math.min(bytes, opts.maxLineBytes));
    pending = [];
    pendingBytes = 0;
    overflowBytes = 0;
    if (bytes === 0) return;
    const { text, invalidUtf8 } = decode(buf);
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
      lastByte = rest[rest.length - 1] as number;
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
