/**
 * Episode-aware ranking of surprises (−log10 p): a point ranks by how far its surprise exceeds the larger of the
 * decayed peak of the surprises before it and the previous point's, 0 when it does not exceed them. In −log10
 * units that excess is log10 of how many times rarer the point is than what the episode already showed: the
 * news in it. A burst or a level shift therefore ranks highest where it starts; a new high inside the episode
 * ranks by its margin over the peak (a rising burst's every new high is not a new anomaly), and a pattern that
 * repeats within the memory (an hourly spike) ranks near 0. The peak decays with time constant `tauMs` (one day
 * in series.ts: a complaint episode lasts hours; an analyst re-alerted about the same one the next day is told
 * something new only if it grew).
 *
 * Causal: the output at t uses the surprises up to t only.
 * @example const e = new EpisodeRanker(86_400_000); [5, 9, 8, 12].map((s, i) => e.next(i * 300_000, s)) // → [5, 4, 0, ≈3.06]
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
    // Over the previous point too: a plateau (a sustained shift, surprises capped alike) is one episode.
    const ranked = Math.max(0, surprise - Math.max(decayed, this.#previous));
    if (surprise >= decayed) {
      this.#peak = surprise;
      this.#peakMs = timeMs;
    }
    this.#previous = surprise;
    return ranked;
  }
}
