/**
 * Established baselines run beside vsplesk's detector in bench:detect, on the same hourly series of distinct
 * authors per (municipality, topic) — dense (silent hours are zeros), final values (they see no late data, an
 * advantage over the streaming detector):
 *
 * - **rolling z-score, same hour of week**: the same hour in each of the previous `weeks` weeks gives mean and
 *   sd; flag when (x − mean) / max(sd, sdFloor) > z. The usual first dashboard rule.
 * - **EARS C2** (CDC Early Aberration Reporting System): the baseline is the 7 values at lags 3…9 (a 2-step
 *   guard band keeps a rising outbreak out of its own baseline); flag when (x − mean) / max(sd, sdFloor) > 3.
 *   Here on hours instead of days.
 *
 * Both need at least `minCount` authors in the hour (as the detector does), and an sd floor: with sd = 0 (a
 * key silent in its baseline) any single message would be an infinite z.
 */
export interface PeerOptions {
  minCount: number;
  sdFloor: number;
}

function meanSd(xs: number[]): { mean: number; sd: number } {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const variance = n > 1 ? xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1) : 0;
  return { mean, sd: Math.sqrt(variance) };
}

/** Hour indices flagged by the same-hour-of-week rolling z-score (needs ≥ 1 week of history). */
export function rollingZScore(
  values: ArrayLike<number>,
  o: PeerOptions & { weeks: number; z: number },
): number[] {
  const flagged: number[] = [];
  for (let h = 168; h < values.length; h++) {
    const x = values[h] as number;
    if (x < o.minCount) continue;
    const past: number[] = [];
    for (let k = 1; k <= o.weeks && h - 168 * k >= 0; k++) past.push(values[h - 168 * k] as number);
    const { mean, sd } = meanSd(past);
    if ((x - mean) / Math.max(sd, o.sdFloor) > o.z) flagged.push(h);
  }
  return flagged;
}

/** Hour indices flagged by EARS C2 (baseline: lags 3…9). */
export function earsC2(values: ArrayLike<number>, o: PeerOptions & { threshold: number }): number[] {
  const flagged: number[] = [];
  for (let h = 9; h < values.length; h++) {
    const x = values[h] as number;
    if (x < o.minCount) continue;
    const past: number[] = [];
    for (let lag = 3; lag <= 9; lag++) past.push(values[h - lag] as number);
    const { mean, sd } = meanSd(past);
    if ((x - mean) / Math.max(sd, o.sdFloor) > o.threshold) flagged.push(h);
  }
  return flagged;
}
