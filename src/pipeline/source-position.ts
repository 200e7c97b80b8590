/**
 * Where a finite source (an NDJSON file, the generator) resumes after a crash: the next line (file) or record
 * (generator) to read, committed as the source's offset in the same transaction as the results of the batch that
 * read up to it. A restart reads the source again from its start and skips what was committed: lines are cheap to
 * split, and a batch boundary never depends on where the last run stopped.
 */
import type { Origin } from '../records.ts';
import type { SourceBatch } from '../source/file.ts';

/** The position just after a record: a file's next line number (1-based), the generator's next sequence number. */
export function positionAfter(origin: Origin): number | undefined {
  if (origin.kind === 'file') return origin.line + 1;
  if (origin.kind === 'generator') return origin.seq + 1;
  return undefined;
}

/** The position after a batch: past the furthest record it holds, or `from` when it holds none. */
export function positionAfterBatch(b: SourceBatch, from: number): number {
  let next = from;
  for (const r of b.records) next = Math.max(next, positionAfter(r.origin) ?? next);
  for (const r of b.rejected) next = Math.max(next, positionAfter(r.origin) ?? next);
  return next;
}

/** Drops the records before `next` (committed by an earlier run); a batch left empty is not yielded. */
export async function* skipBefore<B extends SourceBatch>(
  batches: AsyncIterable<B>,
  next: number,
): AsyncGenerator<B> {
  const keep = (o: Origin) => (positionAfter(o) ?? Number.POSITIVE_INFINITY) > next;
  for await (const b of batches) {
    if (next <= 0) {
      yield b;
      continue;
    }
    const records = b.records.filter((r) => keep(r.origin));
    const rejected = b.rejected.filter((r) => keep(r.origin));
    if (records.length > 0 || rejected.length > 0) yield { ...b, records, rejected };
  }
}
