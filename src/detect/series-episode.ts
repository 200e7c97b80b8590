/**
 * Episode-aware ranking of surprises (−log10 p): a point keeps its surprise only when it exceeds both the
 * decayed peak of the surprises before it and the previous point's, else it ranks 0. A burst or a level shift therefore ranks highest where it
 * starts (or escalates), and its continuation — still improbable under a baseline that must not absorb it —
 * does not rank as one new anomaly after another. The peak decays with time constant `tauMs` (one day in
 * series.ts: a complaint episode lasts hours; an analyst re-alerted about the same one the next day is told
 * something new only if it grew).
 *
 * Causal: the output at t uses the surprises up to t only.
 * @example const e = new EpisodeRanker(86_400_000); [5, 9, 8, 12].map((s, i) => e.next(i * 300_000, s)) // → [5, 9, 0, 12]
 */
export class EpisodeRanker {
  readonly #tauMs: number;
  #peak = 0;
  #peakMs = Number.NaN;
  #previous = 0;

  constructor(tauMs: number) {
    if (!(tauMs > 0)) throw new RangeError(`EpisodeRanker: tauMs must be > 0, got ${tauMs}`);
    this.#tauMs = tauMs;
  }

  /** The ranked surprise of the point at `timeMs` (times non-decreasing). */
  next(timeMs: number, surprise: number): number {
    const decayed = Number.isNaN(this.#peakMs)
      ? 0
      : this.#peak * Math.exp(-(timeMs - this.#peakMs) / this.#tauMs);
    // Topping the previous point too: a plateau (a sustained shift, surprises capped alike) is one episode.
    const ranked = surprise > decayed && surprise > this.#previous ? surprise : 0;
    if (surprise >= decayed) {
      this.#peak = surprise;
      this.#peakMs = timeMs;
    }
    this.#previous = surprise;
    return ranked;
  }
}
