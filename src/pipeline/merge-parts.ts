/**
 * A batch split by shard over worker threads, put back together: the workers' parts merged into the one batch the
 * processor on one thread would have made, as far as the store can tell. Messages, late messages and dead letters
 * come back in input order (the store numbers message keys by first appearance, and the dead-letter file is read
 * by people); windows, anomalies, alerts, term bursts and stories are upserts keyed within one shard, so each
 * worker's are appended in its own order, which is the only order they have.
 */
import type { Rejected, RunStats } from '../records.ts';
import type { StorableDoc } from '../store/types.ts';
import { emptyStoreBatch, RECORD_OUTCOME, type StoreBatch } from './process.ts';
import { emptyStats } from './stats.ts';

/** A StoreBatch whose messages carry only what the store keeps (what crosses the thread boundary). */
export type LeanStoreBatch = Omit<StoreBatch, 'messages' | 'lateMessages'> & {
  messages: StorableDoc[];
  lateMessages: StorableDoc[];
};

/** One worker's result for its share of a batch. */
export interface WorkerPart {
  out: LeanStoreBatch;
  /** RECORD_OUTCOME of each record the worker was given, in the order given. */
  outcomes: Uint8Array;
}

/**
 * Merges the parts of one batch. `route[i]`: the worker that got record i (each worker got its records in input
 * order). The first `sourceRejected` dead letters of part 0 are the source's own (it was given them first), and
 * lead the merged dead letters as they lead a single processor's.
 * @example route [0, 1, 0], part 0 outcomes [message, deadLetter], part 1 [message]
 *   → messages [part0.messages[0], part1.messages[0]], deadLetters [part0.deadLetters[0]]
 */
export function mergeShardParts(
  route: Uint8Array,
  parts: readonly WorkerPart[],
  sourceRejected = 0,
): LeanStoreBatch {
  const out: LeanStoreBatch = {
    ...emptyStoreBatch(),
    deadLetters: parts[0]?.out.deadLetters.slice(0, sourceRejected) ?? [],
  };
  // Per worker: its next outcome, message, late message and dead letter.
  const nextOutcome = new Int32Array(parts.length);
  const nextMessage = new Int32Array(parts.length);
  const nextLate = new Int32Array(parts.length);
  const nextDead = new Int32Array(parts.length);
  nextDead[0] = sourceRejected;
  for (let i = 0; i < route.length; i++) {
    const w = route[i] as number;
    const part = parts[w] as WorkerPart;
    const outcome = part.outcomes[bump(nextOutcome, w)];
    if (outcome === RECORD_OUTCOME.message)
      out.messages.push(part.out.messages[bump(nextMessage, w)] as StorableDoc);
    else if (outcome === RECORD_OUTCOME.late)
      out.lateMessages.push(part.out.lateMessages[bump(nextLate, w)] as StorableDoc);
    else if (outcome === RECORD_OUTCOME.deadLetter)
      out.deadLetters.push(part.out.deadLetters[bump(nextDead, w)] as Rejected);
  }
  for (const { out: p } of parts) appendResults(out, p);
  return out;
}

/** The cursor's value for worker `w`, moved on by one. */
function bump(cursor: Int32Array, w: number): number {
  const i = cursor[w] as number;
  cursor[w] = i + 1;
  return i;
}

/** Parts with nothing routed to them (finish, state): their batches concatenated in worker order. */
export function concatParts(parts: readonly LeanStoreBatch[]): LeanStoreBatch {
  const out = mergeShardParts(new Uint8Array(0), []);
  for (const p of parts) {
    appendAll(out.messages, p.messages);
    appendAll(out.lateMessages, p.lateMessages);
    appendAll(out.deadLetters, p.deadLetters);
    appendResults(out, p);
  }
  return out;
}

/** What the shards computed (keyed within a shard, so any order of parts is the same store). */
function appendResults(to: LeanStoreBatch, from: LeanStoreBatch): void {
  appendAll(to.aggregates, from.aggregates);
  appendAll(to.anomalies, from.anomalies);
  appendAll(to.alerts, from.alerts);
  appendAll(to.termBursts, from.termBursts);
  appendAll(to.stories, from.stories);
}

/** push(...items) overflows the stack past ~100k items. */
function appendAll<T>(to: T[], items: readonly T[]): void {
  for (const x of items) to.push(x);
}

/** The run counters of all workers together. */
export function sumStats(parts: readonly RunStats[]): RunStats {
  const s = emptyStats();
  for (const p of parts) {
    s.read += p.read;
    s.valid += p.valid;
    s.deadLettered += p.deadLettered;
    s.late += p.late;
    s.duplicates += p.duplicates;
    s.unknownMunicipality += p.unknownMunicipality;
    s.windowsEmitted += p.windowsEmitted;
    s.anomalies += p.anomalies;
    for (const [reason, n] of Object.entries(p.deadByReason))
      s.deadByReason[reason] = (s.deadByReason[reason] ?? 0) + n;
  }
  return s;
}
