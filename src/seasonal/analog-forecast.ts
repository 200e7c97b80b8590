/**
 * Next season's onset week and peak weekly volume of one town as the distribution of the statistics themselves,
 * from its group's past seasons taken as weather analogs (group-analogs.ts) — an ensemble forecast in the manner
 * of hydrology's ensemble streamflow prediction, which runs the coming season through each past year's weather.
 *
 * The onset is defined on noisy weekly counts (the first week reaching 30% of the season's peak week), so what is
 * to be forecast is not the time the wave rises but what the definition will read off next season's counts — and
 * that depends on the town's size: in a small town, or for a topic whose off-season floor is close to 30% of its
 * peak (planned hot-water shut-offs), one noisy week can cross the threshold weeks before the wave. The median of
 * a town's 2–6 past onsets cannot tell which; the ensemble can:
 *
 * 1. The town's level c (townLevel): its complaints over its past complete seasons over what the group's rate
 *    predicts for the same seasons at its scale (the season's weather cancels: both lived through it), and how much
 *    its seasons stray from the group's beyond Poisson noise.
 * 2. Each draw takes a past season of the group (in turn), read on the calendar when the target season is given
 *    (`target`), moves it by a random shift δ ~ N(0, h²) and scales it by exp(N(0, σ²)) — kernel dressing, so the
 *    next season is not restricted to the few past ones. The dressing matches the second moment: K analogs of
 *    spread s have (K−1)/K·s² alone, a new season around a centre learned from K has (1 + 1/K)·s², so h² = 2s²/K
 *    (s: the spread of the analogs' rise weeks, riseWeekOf); σ² = 2s²/K of their log volumes + the town's straying
 *    + the variance of ln c. Then Poisson weekly counts with means c · scale · rate(w − δ).
 * 3. The definition is applied to each draw: onset week, peak weekly.
 *
 * The onset's point is the week f that maximises P(|onset − f| ≤ 1) — the three-week window most likely to hold
 * the onset. The median minimises the mean absolute error, but where the onset's distribution has two modes (a
 * noise crossing early in the season, or the wave's rise) it lies between them, where the onset never is; a
 * campaign planned for "week f ± 1" wants the window. Peak weekly's point is the draws' median.
 *
 * The draws are seeded by a constant, so a forecast is a function of its inputs.
 */
import { mulberry32 } from '../classify/softmax-regression.ts';
import type { AnalogSeason } from './group-analogs.ts';
import { ONSET_SHARE_OF_PEAK } from './season-stats.ts';
import { poissonDraw } from './simulate-seasons.ts';
import type { Season } from './split-seasons.ts';

export interface AnalogForecast {
  /** Week indices of the season. */
  readonly onset: {
    readonly point: number;
    readonly median: number;
    readonly low: number;
    readonly high: number;
    /** P(|onset − point| ≤ 1) under the ensemble. */
    readonly within1: number;
    /**
     * A one-sided bound: the latest week before which the onset comes in at most (1 − level)/2 of the draws
     * (10%) — what a campaign must start before to lead the wave in 9 seasons of 10. Not the interval's `low`,
     * whose mid-p end may have up to half its own week's mass below the share.
     */
    readonly earliest: number;
  };
  readonly peakWeekly: { readonly point: number; readonly low: number; readonly high: number };
  /** The town's level relative to its group's rate at its scale (1: the group's rate). */
  readonly level: number;
  /** Sd of the log severity each draw is scaled by (the analogs' dressing, the town's straying, its level's error). */
  readonly severitySd: number;
  readonly analogs: number;
  readonly bandwidthWeeks: number;
  readonly draws: number;
}

export interface AnalogOptions {
  /** Central coverage of the intervals (default 0.8). */
  readonly level?: number;
  /** Ensemble size (default 1000). */
  readonly draws?: number;
  /**
   * The forecast season's first day and week-0 Monday: each analog is then read on the calendar — its week w
   * taken (offset of the target's first Monday − offset of the analog's)/7 weeks later, so a week index of the
   * target season means the same days after the 1st in every analog (weather follows the calendar, and a
   * season's first Monday falls 0–6 days after its 1st). Without it, analogs are read by week index.
   */
  readonly target?: { readonly startDay: number; readonly firstMonday: number };
}

/** Index of the first value reaching ONSET_SHARE_OF_PEAK of the largest; undefined when all are 0. */
export function onsetOf(values: readonly number[]): number | undefined {
  let peak = 0;
  for (const v of values) if (v > peak) peak = v;
  if (peak <= 0) return undefined;
  const threshold = ONSET_SHARE_OF_PEAK * peak;
  return values.findIndex((v) => v >= threshold);
}

/**
 * When a wave rises: the first week its 3-week running mean reaches halfway from the curve's median week (the
 * off-season floor) to its largest — a timing that a noisy week near the floor cannot move, unlike the onset's
 * 30% of the peak where the floor is near that share (hot water). Undefined for a flat curve.
 */
export function riseWeekOf(values: readonly number[]): number | undefined {
  const smooth = values.map((_, i) => {
    const a = values[Math.max(0, i - 1)] as number;
    const b = values[i] as number;
    const c = values[Math.min(values.length - 1, i + 1)] as number;
    return (a + b + c) / 3;
  });
  const sorted = [...smooth].sort((x, y) => x - y);
  const floor = sorted[Math.floor(sorted.length / 2)] as number;
  const top = sorted[sorted.length - 1] as number;
  if (!(top > floor)) return undefined;
  const half = floor + 0.5 * (top - floor);
  return smooth.findIndex((v) => v >= half);
}

function interpolate(rate: readonly number[], x: number): number {
  const last = rate.length - 1;
  const c = Math.min(last, Math.max(0, x));
  const i = Math.floor(c);
  const f = c - i;
  return f === 0 ? (rate[i] as number) : (1 - f) * (rate[i] as number) + f * (rate[i + 1] as number);
}

function quantileSortedInt(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.floor(p * sorted.length)))] as number;
}

/**
 * The central `level` interval {L … H} of integer draws by the mid-distribution function
 * F̃(k) = P(X < k) + ½·P(X = k): L the smallest k with F̃(k) ≥ (1 − level)/2, H the largest with
 * F̃(k) ≤ (1 + level)/2 — the discrete form of forecast-season.ts's continuity correction. Plain quantiles of
 * a discrete variable include each end's whole mass and over-cover: 0.85 against 0.78 on the backtest (seeds 1–5).
 * @example draws 1, 2, 2, 2, 3 at level 0.8: F̃(1) = 0.1, F̃(2) = 0.5, F̃(3) = 0.9 → {1 … 3}
 */
export function midQuantileIntervalSorted(
  sorted: readonly number[],
  level: number,
): { low: number; high: number } {
  const n = sorted.length;
  const lo = (1 - level) / 2;
  const hi = (1 + level) / 2;
  let low = sorted[0] as number;
  let high = sorted[n - 1] as number;
  let lowFound = false;
  for (let i = 0; i < n; ) {
    const k = sorted[i] as number;
    let j = i;
    while (j < n && sorted[j] === k) j++;
    const mid = (i + (j - i) / 2) / n;
    if (!lowFound && mid >= lo - 1e-12) {
      low = k;
      lowFound = true;
    }
    if (mid <= hi + 1e-12) high = k;
    i = j;
  }
  return { low, high: Math.max(low, high) };
}

/**
 * The town's level c against its group: its complaints over its complete past seasons divided by the group's rate
 * at its scale over the same weeks (the seasons' weather cancels: both lived through it); 1 without a season in
 * common. `extraVar`: the variance of its seasons' log ratios beyond what Poisson noise explains (≈ 1/count),
 * floored at 0 — how much the town strays from its group's weather; `levelVar`: the variance of ln c.
 * @example seasons of 100 and 400 where the group predicts 200 each → c = 500/400 = 1.25; log ratios
 *   ln(100.5/250.5) = −0.9133 and ln(400.5/250.5) = 0.4693, variance 0.95573 − Poisson 1/250.5 → extraVar 0.95174;
 *   levelVar 1/500 + 0.95174/2 = 0.47787
 */
export function townLevel(
  own: readonly Season[],
  scale: number,
  analogs: readonly AnalogSeason[],
): { level: number; extraVar: number; levelVar: number } {
  const byStart = new Map(analogs.map((a) => [a.startDay, a]));
  const pairs: { observed: number; expected: number }[] = [];
  for (const s of own) {
    const a = s.complete ? byStart.get(s.startDay) : undefined;
    if (a === undefined) continue;
    let observed = 0;
    let expected = 0;
    for (const w of s.weeks) {
      observed += w.total;
      expected += scale * (a.rate[w.index] ?? 0);
    }
    if (expected > 0) pairs.push({ observed, expected });
  }
  const observed = pairs.reduce((a, p) => a + p.observed, 0);
  const expected = pairs.reduce((a, p) => a + p.expected, 0);
  if (pairs.length === 0 || observed === 0) return { level: 1, extraVar: 0, levelVar: 0 };
  const level = observed / expected;
  let extraVar = 0;
  if (pairs.length >= 2) {
    const logs = pairs.map((p) => Math.log((p.observed + 0.5) / (level * p.expected + 0.5)));
    const m = logs.reduce((a, b) => a + b, 0) / logs.length;
    const v = logs.reduce((a, x) => a + (x - m) * (x - m), 0) / (logs.length - 1);
    const poisson = pairs.reduce((a, p) => a + 1 / (level * p.expected + 0.5), 0) / pairs.length;
    extraVar = Math.max(0, v - poisson);
  }
  return { level, extraVar, levelVar: 1 / observed + extraVar / pairs.length };
}

/**
 * @param own the town's complete past seasons (any incomplete ones are ignored)
 * @param scale the town's scale in the analogs' unit (e.g. population / 10,000)
 * Undefined with fewer than 2 analogs with complaints (no spread of timing to dress with).
 */
export function analogForecast(
  own: readonly Season[],
  scale: number,
  analogs: readonly AnalogSeason[],
  opts: AnalogOptions = {},
): AnalogForecast | undefined {
  const usable = analogs
    .map((a) => ({ a, onset: riseWeekOf(a.rate) }))
    .filter((x): x is { a: AnalogSeason; onset: number } => x.onset !== undefined);
  const k = usable.length;
  if (k < 2 || !(scale > 0)) return undefined;
  const town = townLevel(
    own,
    scale,
    usable.map((x) => x.a),
  );
  const t = opts.target;
  const calendarWeeks = (a: AnalogSeason) =>
    t === undefined ? 0 : (t.firstMonday - t.startDay - (a.firstMonday - a.startDay)) / 7;
  const onsets = usable.map((x) => x.onset - calendarWeeks(x.a));
  const mean = onsets.reduce((a, b) => a + b, 0) / k;
  const sd = Math.sqrt(onsets.reduce((a, v) => a + (v - mean) * (v - mean), 0) / (k - 1));
  const bandwidthWeeks = sd * Math.sqrt(2 / k);
  // Severity: the analogs' log season volumes, dressed the same way, plus the town's own straying and the
  // uncertainty of its level.
  const logVolumes = usable.map((x) => Math.log(x.a.rate.reduce((a, b) => a + b, 0)));
  const meanLog = logVolumes.reduce((a, b) => a + b, 0) / k;
  const sdLog = Math.sqrt(logVolumes.reduce((a, v) => a + (v - meanLog) * (v - meanLog), 0) / (k - 1));
  const severitySd = Math.sqrt((2 / k) * sdLog * sdLog + town.extraVar + town.levelVar);
  const n = opts.draws ?? 1000;
  const rand = mulberry32(0x5ea5);
  const normal = () => Math.sqrt(-2 * Math.log(Math.max(rand(), 1e-300))) * Math.cos(2 * Math.PI * rand());
  const drawnOnsets: number[] = [];
  const drawnPeaks: number[] = [];
  const weeks = new Float64Array(Math.max(...usable.map((x) => x.a.rate.length)));
  for (let d = 0; d < n; d++) {
    const a = (usable[d % k] as { a: AnalogSeason }).a;
    const shift = bandwidthWeeks * normal() - calendarWeeks(a);
    const size = town.level * scale * Math.exp(severitySd * normal());
    // One season's weekly counts, its peak week and its onset (onsetOf, without allocating)
    let peak = 0;
    for (let w = 0; w < a.rate.length; w++) {
      const c = poissonDraw(size * interpolate(a.rate, w - shift), rand);
      weeks[w] = c;
      if (c > peak) peak = c;
    }
    if (peak === 0) continue;
    let onset = 0;
    while ((weeks[onset] as number) < ONSET_SHARE_OF_PEAK * peak) onset++;
    drawnOnsets.push(onset);
    drawnPeaks.push(peak);
  }
  if (drawnOnsets.length === 0) return undefined;
  const sortedOnsets = [...drawnOnsets].sort((x, y) => x - y);
  const sortedPeaks = [...drawnPeaks].sort((x, y) => x - y);
  const median = quantileSortedInt(sortedOnsets, 0.5);
  const counts = new Map<number, number>();
  for (const o of drawnOnsets) counts.set(o, (counts.get(o) ?? 0) + 1);
  const windowCount = (f: number) =>
    (counts.get(f - 1) ?? 0) + (counts.get(f) ?? 0) + (counts.get(f + 1) ?? 0);
  let point = median;
  for (const f of counts.keys()) {
    const better = windowCount(f) - windowCount(point);
    if (better > 0 || (better === 0 && Math.abs(f - median) < Math.abs(point - median))) point = f;
  }
  const cover = opts.level ?? 0.8;
  return {
    onset: {
      point,
      median,
      ...midQuantileIntervalSorted(sortedOnsets, cover),
      within1: windowCount(point) / drawnOnsets.length,
      earliest: Math.min(point, quantileSortedInt(sortedOnsets, (1 - cover) / 2)),
    },
    peakWeekly: {
      point: quantileSortedInt(sortedPeaks, 0.5),
      ...midQuantileIntervalSorted(sortedPeaks, cover),
    },
    level: town.level,
    severitySd,
    analogs: k,
    bandwidthWeeks,
    draws: drawnOnsets.length,
  };
}
