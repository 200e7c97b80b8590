/**
 * An event-time watermark: "every event older than this has probably arrived". It is the maximum event time
 * seen minus an allowed delay, and it only moves forward (d2ts frontiers): an explicit attempt to move it
 * back throws VSP_WINDOW_WATERMARK_REGRESSED. Old events never move it back; they are simply older.
 */
import { VspError } from '../errors.ts';

export class Watermark {
  readonly allowedDelayMs: number;
  #valueMs: number;
  #maxEventTimeMs = Number.NEGATIVE_INFINITY;

  /** `initialMs` restores a checkpointed watermark; by default nothing has been seen (−∞). */
  constructor(allowedDelayMs: number, initialMs: number = Number.NEGATIVE_INFINITY) {
    if (!(allowedDelayMs >= 0) || !Number.isFinite(allowedDelayMs)) {
      throw new VspError(
        'VSP_CONFIG_INVALID',
        `allowedDelayMs must be a finite number ≥ 0, got ${allowedDelayMs}`,
      );
    }
    this.allowedDelayMs = allowedDelayMs;
    this.#valueMs = initialMs;
  }

  /** Current watermark, epoch ms (−∞ before any event, +∞ after the end of a finite stream). */
  get valueMs(): number {
    return this.#valueMs;
  }

  /** Largest event time observed so far. */
  get maxEventTimeMs(): number {
    return this.#maxEventTimeMs;
  }

  /** Restore a checkpointed state (see Windower.snapshot). */
  static restore(allowedDelayMs: number, valueMs: number, maxEventTimeMs: number): Watermark {
    const w = new Watermark(allowedDelayMs, valueMs);
    w.#maxEventTimeMs = maxEventTimeMs;
    return w;
  }

  /** Take an event time into account; returns the (possibly advanced) watermark. Never moves it back. */
  observe(eventTimeMs: number): number {
    if (eventTimeMs > this.#maxEventTimeMs) {
      this.#maxEventTimeMs = eventTimeMs;
      const candidate = eventTimeMs - this.allowedDelayMs;
      if (candidate > this.#valueMs) this.#valueMs = candidate;
    }
    return this.#valueMs;
  }

  /**
   * Move the watermark explicitly (idle-source heartbeat from a Clock, end of stream with +∞, restore).
   * Throws VSP_WINDOW_WATERMARK_REGRESSED when `valueMs` is behind the current watermark.
   */
  advanceTo(valueMs: number): void {
    if (Number.isNaN(valueMs) || valueMs < this.#valueMs) {
      throw new VspError('VSP_WINDOW_WATERMARK_REGRESSED', `from ${this.#valueMs} to ${valueMs}`);
    }
    this.#valueMs = valueMs;
  }
}
