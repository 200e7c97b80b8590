/**
 * Drops redelivered messages (same source and id) so that nothing counts twice. State is bounded by time, not
 * by the number of messages: ids live in two generations of `horizonMs` each, keyed by event time, so an id is
 * remembered for at least one horizon after the newest event seen (set the horizon ≥ the allowed lateness: a
 * redelivery older than that is late anyway).
 */
import { decodeNumber, encodeNumber, type JsonNumber } from '../state/json-number.ts';

export interface DeduperSnapshot {
  current: string[];
  previous: string[];
  generationEndMs: JsonNumber;
}

export class Deduper {
  #current = new Set<string>();
  #previous = new Set<string>();
  #generationEndMs = Number.NEGATIVE_INFINITY;
  readonly #horizonMs: number;

  constructor(horizonMs: number) {
    if (!(horizonMs > 0)) throw new RangeError(`horizonMs must be positive, got ${horizonMs}`);
    this.#horizonMs = horizonMs;
  }

  /** True the first time a (source, id) is seen within the horizon; false for a duplicate. */
  firstSeen(source: string, id: string, eventTimeMs: number): boolean {
    if (eventTimeMs >= this.#generationEndMs) this.#rotate(eventTimeMs);
    const key = `${source}\u0000${id}`;
    if (this.#current.has(key) || this.#previous.has(key)) return false;
    this.#current.add(key);
    return true;
  }

  /** The remembered ids, for a state snapshot (restore with `Deduper.restore`). */
  snapshot(): DeduperSnapshot {
    return {
      current: [...this.#current],
      previous: [...this.#previous],
      generationEndMs: encodeNumber(this.#generationEndMs),
    };
  }

  static restore(horizonMs: number, s: DeduperSnapshot): Deduper {
    const d = new Deduper(horizonMs);
    d.#current = new Set(s.current);
    d.#previous = new Set(s.previous);
    d.#generationEndMs = decodeNumber(s.generationEndMs);
    return d;
  }

  get size(): number {
    return this.#current.size + this.#previous.size;
  }

  #rotate(eventTimeMs: number): void {
    const skipped = eventTimeMs >= this.#generationEndMs + this.#horizonMs;
    this.#previous = skipped ? new Set() : this.#current;
    this.#current = new Set();
    this.#generationEndMs = (Math.floor(eventTimeMs / this.#horizonMs) + 1) * this.#horizonMs;
  }
}
