/**
 * Does a topic's wave come back every season in this place, or was it one bad winter (or nothing)?
 *
 * Each complete season is a vector of its first 52 weekly totals, square-root transformed (the variance-
 * stabilising transform for counts, so a big week does not dominate). The statistic is the mean pairwise Pearson
 * correlation between seasons: high when every season rises and falls at the same time of the season. One bad
 * winter among flat ones correlates with none of them, and flat seasons correlate only by chance, so the mean
 * stays near 0.
 *
 * Evidence: a permutation test. Under "no common seasonal shape" the time of the season carries no information,
 * so each season is shifted circularly by its own random number of weeks (which keeps each season's own
 * smoothness and its single wave, if any) and the statistic recomputed; p = (1 + #{null ≥ observed}) / (1 + R).
 *
 * A town with under 3 seasons can borrow its group's shape (testRecurrenceAgainstReference): the statistic is
 * then the *smallest* correlation of any of its seasons with the group's mean season, so every season seen here
 * must follow the region's wave — one bad winter among flat ones does not, whatever the region did — and the
 * same circular-shift null gives its p-value (with 2 seasons the pairwise test alone cannot go below 1/52).
 *
 * `recurring` also asks that the wave be big enough to plan a campaign for: the mean season's peak (3-week
 * running mean) at least `minAmplitude` (default 1.5) times its median week. A large city's topic can vary by 10%
 * across the year with overwhelming significance and still not be a wave. And it asks that the shared shape be a
 * large part of each season: mean correlation (smallest, against a group) at least `minCorrelation` (default 0.3,
 * "moderate": between two seasons, the correlation is the share of a season's week-to-week variance that the
 * common shape explains). Significance alone lets 1 in 100 flat topics through (alpha 0.01), and a planner looks at
 * hundreds of (town, topic) pairs: the backtest's seeds 6–10 found 6 of 360 non-seasonal topics recurring on p and
 * amplitude alone, with mean correlations 0.08–0.16, where real waves show 0.5–0.9.
 */

export interface RecurrenceOptions {
  /** Random source in [0, 1) (seeded in tests and by the callers: results must be reproducible). */
  rand: () => number;
  /** Permutations. Default 999. */
  permutations?: number;
  /** Significance level for `recurring`. Default 0.01. */
  alpha?: number;
  /** Smallest peak-to-median ratio of the mean season for `recurring`. Default 1.5. */
  minAmplitude?: number;
  /** Smallest mean pairwise correlation (or smallest correlation with the reference) for `recurring`. Default 0.3. */
  minCorrelation?: number;
}

export interface Recurrence {
  /** Complete seasons compared. */
  readonly seasons: number;
  /** Mean pairwise correlation of the seasons' shapes (NaN with fewer than 2 seasons). */
  readonly meanCorrelation: number;
  /** Permutation p-value (1 with fewer than 2 seasons: no evidence). */
  readonly pValue: number;
  /** Per season, the correlation of its shape with the mean of the others (how well it agrees). */
  readonly agreement: readonly number[];
  /** Peak (3-week running mean) over the median week of the mean season. */
  readonly amplitude: number;
  readonly recurring: boolean;
  /** One line: why recurring or not. */
  readonly reason: string;
}

/** Weeks compared: 52, or fewer when a season's last week runs past the series' end. */
const MAX_WEEKS = 52;
const weeksCompared = (seasonWeeks: readonly (readonly number[])[]) =>
  Math.min(MAX_WEEKS, ...seasonWeeks.map((s) => s.length));

function pearson(a: Float64Array, b: Float64Array): number {
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < a.length; i++) {
    ma += a[i] as number;
    mb += b[i] as number;
  }
  ma /= a.length;
  mb /= b.length;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    const da = (a[i] as number) - ma;
    const db = (b[i] as number) - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}

function shift(x: Float64Array, s: number): Float64Array {
  if (s === 0) return x;
  const y = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) y[i] = x[(i + s) % x.length] as number;
  return y;
}

function meanPairwise(v: readonly Float64Array[], shifts: readonly number[]): number {
  const shifted = v.map((x, k) => shift(x, shifts[k] as number));
  let sum = 0;
  let pairs = 0;
  for (let i = 0; i < shifted.length; i++) {
    for (let j = i + 1; j < shifted.length; j++) {
      sum += pearson(shifted[i] as Float64Array, shifted[j] as Float64Array);
      pairs++;
    }
  }
  return sum / pairs;
}

function amplitudeOf(seasonWeeks: readonly (readonly number[])[]): number {
  const WEEKS = weeksCompared(seasonWeeks);
  const mean = new Float64Array(WEEKS);
  for (const s of seasonWeeks)
    for (let i = 0; i < WEEKS; i++) mean[i] = (mean[i] as number) + (s[i] ?? 0) / seasonWeeks.length;
  const smooth = Array.from(mean, (_, i) => {
    const a = mean[(i + WEEKS - 1) % WEEKS] as number;
    const c = mean[(i + 1) % WEEKS] as number;
    return (a + (mean[i] as number) + c) / 3;
  });
  const sorted = Array.from(mean).sort((x, y) => x - y);
  const median =
    ((sorted[Math.floor((WEEKS - 1) / 2)] as number) + (sorted[Math.floor(WEEKS / 2)] as number)) / 2;
  const peak = Math.max(...smooth);
  if (peak === 0) return 1;
  return median > 0 ? peak / median : Number.POSITIVE_INFINITY;
}

/**
 * @param seasonWeeks per complete season, its weekly totals from week index 0 (52 compared, or as many as every
 *   season has; later weeks ignored)
 */
export function testRecurrence(
  seasonWeeks: readonly (readonly number[])[],
  opts: RecurrenceOptions,
): Recurrence {
  const n = seasonWeeks.length;
  const amplitude = n > 0 ? amplitudeOf(seasonWeeks) : 1;
  if (n < 2) {
    return {
      seasons: n,
      meanCorrelation: Number.NaN,
      pValue: 1,
      agreement: [],
      amplitude,
      recurring: false,
      reason: `полных сезонов: ${n}; чтобы судить о повторяемости, нужно хотя бы 2`,
    };
  }
  const WEEKS = weeksCompared(seasonWeeks);
  const v = seasonWeeks.map((s) => Float64Array.from({ length: WEEKS }, (_, i) => Math.sqrt(s[i] as number)));
  const agreement = v.map((x, k) => {
    const others = new Float64Array(WEEKS);
    for (let j = 0; j < n; j++) {
      if (j === k) continue;
      for (let i = 0; i < WEEKS; i++)
        others[i] = (others[i] as number) + ((v[j] as Float64Array)[i] as number);
    }
    return pearson(x, others);
  });
  return permutationVerdict(
    (shifts) => meanPairwise(v, shifts),
    { seasons: n, weeks: WEEKS, amplitude, agreement },
    opts,
    (observed, pValue) =>
      `сезонов: ${n}, средняя корреляция ${ru(observed, 2)}, p = ${ru(pValue, 2, true)}, ${peakRu(amplitude)}`,
  );
}

/**
 * Recurrence of a short history against a group's 52-week mean season (`reference`, e.g. the region's other
 * towns, each normalised to its total): min over seasons of corr(√season, reference), p-value by independent
 * circular shifts of the seasons. Same options and result as testRecurrence (`meanCorrelation` holds the min).
 */
export function testRecurrenceAgainstReference(
  seasonWeeks: readonly (readonly number[])[],
  reference: readonly number[],
  opts: RecurrenceOptions,
): Recurrence {
  const n = seasonWeeks.length;
  const amplitude = n > 0 ? amplitudeOf(seasonWeeks) : 1;
  const WEEKS = Math.min(weeksCompared(seasonWeeks), reference.length);
  if (n === 0 || WEEKS < MAX_WEEKS - 1) {
    return {
      seasons: n,
      meanCorrelation: Number.NaN,
      pValue: 1,
      agreement: [],
      amplitude,
      recurring: false,
      reason: n === 0 ? 'полных сезонов нет: судить не о чем' : 'эталон группы или сезоны короче 51 недели',
    };
  }
  const ref = Float64Array.from({ length: WEEKS }, (_, i) => reference[i] as number);
  const v = seasonWeeks.map((s) => Float64Array.from({ length: WEEKS }, (_, i) => Math.sqrt(s[i] as number)));
  const minCorr = (shifts: readonly number[]) => {
    let m = Number.POSITIVE_INFINITY;
    v.forEach((x, k) => {
      m = Math.min(m, pearson(shift(x, shifts[k] as number), ref));
    });
    return m;
  };
  const agreement = v.map((x) => pearson(x, ref));
  return permutationVerdict(
    minCorr,
    { seasons: n, weeks: WEEKS, amplitude, agreement },
    opts,
    (observed, pValue) =>
      `сезонов: ${n}, сравнение с формой сезона по группе городов, наименьшая корреляция ${ru(observed, 2)}, p = ${ru(pValue, 2, true)}, ${peakRu(amplitude)}`,
  );
}

/**
 * The verdict both tests share: `statistic` at no shift against independent circular shifts of each season
 * (p-value with the +1 of an exact permutation test), then significant, big and strong enough to call recurring.
 */
function permutationVerdict(
  statistic: (shifts: readonly number[]) => number,
  c: { seasons: number; weeks: number; amplitude: number; agreement: number[] },
  opts: RecurrenceOptions,
  describe: (observed: number, pValue: number) => string,
): Recurrence {
  const permutations = opts.permutations ?? 999;
  const alpha = opts.alpha ?? 0.01;
  const minAmplitude = opts.minAmplitude ?? 1.5;
  const minCorrelation = opts.minCorrelation ?? 0.3;
  const zero = new Array<number>(c.seasons).fill(0);
  const observed = statistic(zero);
  let atLeast = 0;
  for (let r = 0; r < permutations; r++) {
    const shifts = zero.map(() => Math.floor(opts.rand() * c.weeks));
    if (statistic(shifts) >= observed - 1e-12) atLeast++;
  }
  const pValue = (1 + atLeast) / (1 + permutations);
  const significant = pValue <= alpha;
  const strong = observed >= minCorrelation;
  const recurring = significant && c.amplitude >= minAmplitude && strong;
  const reason = verdictRu(
    { recurring, significant, strong, alpha, minCorrelation, minAmplitude },
    describe(observed, pValue),
  );
  return {
    seasons: c.seasons,
    meanCorrelation: observed,
    pValue,
    agreement: c.agreement,
    amplitude: c.amplitude,
    recurring,
    reason,
  };
}

/** A number as Russian writes it: decimal comma; `precision`: significant digits instead of decimals. */
const ru = (x: number, digits: number, precision = false) =>
  (precision ? x.toPrecision(digits) : x.toFixed(digits)).replace('.', ',');

/** «пик в 4,2 раза выше медианной недели»; a season whose median week is empty has no ratio to give. */
const peakRu = (amplitude: number) =>
  Number.isFinite(amplitude)
    ? `пик в ${ru(amplitude, 1)} раза выше медианной недели`
    : 'в медианную неделю обращений нет';

/** The planner reads this (UI, API, `vsplesk seasonal`): which test decided, in Russian, then the figures. */
function verdictRu(
  v: {
    recurring: boolean;
    significant: boolean;
    strong: boolean;
    alpha: number;
    minCorrelation: number;
    minAmplitude: number;
  },
  stats: string,
): string {
  if (v.recurring) return `повторяется: ${stats}`;
  if (!v.significant) return `повторяемость не доказана (p > ${ru(v.alpha, 2)}): ${stats}`;
  if (!v.strong)
    return `общая форма сезона слишком слаба, чтобы назвать тему сезонной (корреляция < ${ru(v.minCorrelation, 1)}): ${stats}`;
  return `повторяется, но без выраженной волны (пик < ${ru(v.minAmplitude, 1)}× медианы): ${stats}`;
}
