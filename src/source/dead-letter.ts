/**
 * Dead-letter sinks. Every rejected record goes somewhere with its reason and raw bytes; if a sink cannot
 * write, the run stops (VSP_SOURCE_DEAD_LETTER_FAILED) rather than lose it (STYLE.md C.2).
 */

import { createWriteStream, type WriteStream } from 'node:fs';
import { vspError } from '../errors.ts';
import type { Rejected } from '../records.ts';

export interface DeadLetterSink {
  write(batch: readonly Rejected[]): Promise<void>;
  close(): Promise<void>;
}

/** The NDJSON line a dead letter is written as (also the Kafka dead-letter topic's value later). */
export function deadLetterLine(r: Rejected, atMs: number): string {
  return JSON.stringify({
    reason: r.reason,
    stage: r.stage,
    detail: r.detail,
    origin: r.origin,
    at: new Date(atMs).toISOString(),
    raw: r.raw,
  });
}

/** Appends dead letters to an NDJSON file. */
export function createFileDeadLetterSink(path: string, nowMs: () => number = Date.now): DeadLetterSink {
  let stream: WriteStream | undefined;
  let failure: Error | undefined;
  const open = (): WriteStream => {
    if (!stream) {
      stream = createWriteStream(path, { flags: 'a' });
      stream.on('error', (e) => {
        failure = e;
      });
    }
    return stream;
  };
  return {
    async write(batch) {
      if (batch.length === 0) return;
      const s = open();
      const at = nowMs();
      const ok = s.write(`${batch.map((r) => deadLetterLine(r, at)).join('\n')}\n`);
      if (!ok) await drainedOrFailed(s);
      if (failure) throw vspError('VSP_SOURCE_DEAD_LETTER_FAILED', path, failure);
    },
    async close() {
      if (!stream) return;
      const s = stream;
      await new Promise<void>((resolve, reject) => s.end((e?: Error | null) => (e ? reject(e) : resolve())));
      if (failure) throw vspError('VSP_SOURCE_DEAD_LETTER_FAILED', path, failure);
    },
  };
}

/**
 * Waits for 'drain' or 'error', whichever comes first, and removes both listeners — `Promise.race` of two
 * `once` calls leaves the loser registered: one leaked listener per full buffer (MaxListenersExceededWarning).
 */
function drainedOrFailed(s: WriteStream): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      s.off('drain', done);
      s.off('error', done);
      resolve();
    };
    s.on('drain', done);
    s.on('error', done);
  });
}
