/**
 * Anomalies in one exported series (`vsplesk detect`): any regular step (5 minutes … weekly), counts or any
 * real-valued measurement. For every point, using only the points before it:
 *
 *   model   counts (series-counts.ts: seasonal level × negative-binomial upper tail) or values
 *           (values-model.ts: robust additive baseline, two-sided normal tail on level and step residuals) —
 *           forced by `model`, or chosen online (series-model-choice.ts: counts while the values are integers
 *           ≥ 0 at least as variable as Poisson counts);
 *   p       the model's tail probability of the value;       flag when warm, p < pValue (and value ≥ minCount)
 *   score   scoreOf of the calibrated news: episode ranking (series-episode.ts) keeps a surprise's (−log10 p)
 *           excess over the day-decayed peak of the surprises before it (0 when below), so a burst or a level
 *           shift scores highest where it starts; the tail calibration then learns and rescales that news, so a
 *           long burst counts as one episode in the series' tail, not as hours of surprising points. The score
 *           ranks points across series (one threshold for many series); the flag marks every significant point.
 *
 * The step is the median difference between consecutive timestamps (`inferStepMs`); gaps are allowed.
 */
import { EpisodeRanker } from './series-episode.ts';
import { CountsModel, type Seasonality, seasonalityOf } from './series-counts.ts';
import { ModelChooser, type SeriesModel } from './series-model-choice.ts';
import { TailCalibrator } from './series-tail-calibration.ts';
import { ValuesModel } from './values-model.ts';
import { scoreOf } from './poisson-burst.ts';

export {
  negBinomialLogPmf,
  negBinomialLogUpperTail,
  normalLogUpperTail,
} from './series-tails.ts';
export { type Seasonality, seasonalityOf } from './series-counts.ts';
export type { SeriesModel } from './series-model-choice.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** `auto`: chosen online from the values (series-model-choice.ts). */
export type SeriesModelChoice = SeriesModel | 'auto';

export interface SeriesPoint {
  timeMs: number;
  value: number;
}

export interface SeriesOptions {
  /** Flag threshold on the upper-tail probability. Default 1e-4. */
  pValue?: number;
  /** Smallest value that may be flagged under the counts model. Default 0 (no minimum). */
  minCount?: number;
  /** `counts` requires integer values ≥ 0 (a RangeError otherwise). Default `auto`. */
  model?: SeriesModelChoice;
  /** No flags for the first this many points. Default: 14 days of points below a daily step, 28 points daily, 8 weekly. */
  warmupPoints?: number;
}

export interface SeriesResult {
  timeMs: number;
  value: number;
  /** Baseline expectation from earlier points only; NaN for the first point. */
  expected: number;
  /** The model's tail probability (counts: upper, values: two-sided); 1 when there is nothing to compare with yet. */
  pValue: number;
  /** 0..1: scoreOf of the calibrated excess of the surprise over the recent episode's peak (0.33 at 4, 0.5 at 8), else 0. */
  score: number;
  /** The model that scored this point. */
  model: SeriesModel;
  flag: boolean;
}

/**
 * The step of a series: the median of the positive differences between consecutive timestamps (the lower median
 * for an even count; a repeated timestamp is not a step). Precondition: timestamps non-decreasing. NaN without a
 * positive difference.
 * @example inferStepMs([0, 3_600_000, 7_200_000, 14_400_000]) // → 3600000
 */
export function inferStepMs(timesMs: readonly number[]): number {
  const d: number[] = [];
  for (let i = 1; i < timesMs.length; i++) {
    const delta = (timesMs[i] as number) - (timesMs[i - 1] as number);
    if (delta > 0) d.push(delta);
  }
  if (d.length === 0) return Number.NaN;
  d.sort((a, b) => a - b);
  return d[(d.length - 1) >> 1] as number;
}

/**
 * Indexes of points whose difference from the previous point is not the step (more than 10 % off, so a daily
 * series at local midnight across a daylight-saving change — 23 h or 25 h — is still regular).
 * @example findStepBreaks([0, 10, 20, 40], 10) // → [{ index: 3, deltaMs: 20 }]
 */
export function findStepBreaks(
  timesMs: readonly number[],
  stepMs: number,
): { index: number; deltaMs: number }[] {
  const out: { index: number; deltaMs: number }[] = [];
  for (let i = 1; i < timesMs.length; i++) {
    const delta = (timesMs[i] as number) - (timesMs[i - 1] as number);
    if (Math.abs(delta - stepMs) > 0.1 * stepMs) out.push({ index: i, deltaMs: delta });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// The detector

function defaultWarmupPoints(stepMs: number, kind: Seasonality): number {
  if (kind === 'hour-of-week' || kind === 'hour-of-day') return Math.ceil((14 * DAY_MS) / stepMs);
  if (kind === 'day-of-week') return Math.ceil((28 * DAY_MS) / stepMs);
  return 8;
}

function validate(points: readonly SeriesPoint[], opts: SeriesOptions): void {
  if (opts.pValue !== undefined && !(opts.pValue > 0 && opts.pValue < 1))
    throw new RangeError(`detectSeries: pValue must be in (0, 1), got ${opts.pValue}`);
  if (opts.minCount !== undefined && !(opts.minCount >= 0 && Number.isFinite(opts.minCount)))
    throw new RangeError(`detectSeries: minCount must be finite and ≥ 0, got ${opts.minCount}`);
  if (opts.warmupPoints !== undefined && !(Number.isInteger(opts.warmupPoints) && opts.warmupPoints >= 0))
    throw new RangeError(`detectSeries: warmupPoints must be an integer ≥ 0, got ${opts.warmupPoints}`);
  if (opts.model !== undefined && !['auto', 'counts', 'values'].includes(opts.model))
    throw new RangeError(`detectSeries: model must be auto, counts or values, got ${opts.model}`);
  for (let i = 0; i < points.length; i++) {
    const p = points[i] as SeriesPoint;
    if (!Number.isFinite(p.timeMs) || !Number.isFinite(p.value))
      throw new RangeError(`detectSeries: point ${i} must have a finite time and a finite value`);
    if (opts.model === 'counts' && !(Number.isInteger(p.value) && p.value >= 0))
      throw new RangeError(
        `detectSeries: point ${i} is not a count (an integer ≥ 0), as model 'counts' requires`,
      );
    if (i > 0 && !(p.timeMs >= (points[i - 1] as SeriesPoint).timeMs))
      throw new RangeError(`detectSeries: times must not decrease (point ${i})`);
  }
}

/** Memory of the tail calibration's exceedance rate, in points. */
const CALIBRATION_POINTS = 2000;

/**
 * A guard, not a scale: the tails are computed in log space and stay exact far below the smallest double, so
 * bursts of different sizes keep their order (a cap at 308 tied them); only an infinite surprise (a zero scale)
 * is held finite, so an episode's peak still fades.
 */
const MAX_SURPRISE = 1e5;

/** −log10 p, at most MAX_SURPRISE. */
function surpriseOf(logP: number): number {
  return Math.min(MAX_SURPRISE, -logP / Math.LN10);
}

/** Episode memory: a day, or three steps for a daily or longer series. */
function episodeTauMs(stepMs: number): number {
  return Math.max(DAY_MS, 3 * stepMs);
}

/**
 * Test every point of a series against a baseline learned from the points before it (see the file comment).
 * Preconditions: times non-decreasing (a repeated time — a local clock's repeated hour at a daylight-saving
 * change — is another point at the same time), values finite (integers ≥ 0 for model 'counts'); a RangeError
 * otherwise — the command filters bad rows first. Pure: the same points give the same results.
 * @example detectSeries(hourlyCounts, { pValue: 1e-4 }).filter((r) => r.flag)
 */
export function detectSeries(points: readonly SeriesPoint[], opts: SeriesOptions = {}): SeriesResult[] {
  validate(points, opts);
  const n = points.length;
  if (n === 0) return [];
  const stepMs = inferStepMs(points.map((p) => p.timeMs)) || DAY_MS;
  const pValue = opts.pValue ?? 1e-4;
  const lnAlpha = Math.log(pValue);
  const minCount = opts.minCount ?? 0;
  const warmup = opts.warmupPoints ?? defaultWarmupPoints(stepMs, seasonalityOf(stepMs));
  const forced = opts.model === 'auto' ? undefined : opts.model;
  const firstMs = (points[0] as SeriesPoint).timeMs;

  let counts: CountsModel | undefined =
    forced === 'values' ? undefined : new CountsModel(stepMs, firstMs, { warmupPoints: warmup });
  const values = forced === 'counts' ? undefined : new ValuesModel(stepMs);
  const chooser = new ModelChooser();
  const episodes = {
    counts: new EpisodeRanker(episodeTauMs(stepMs)),
    values: new EpisodeRanker(episodeTauMs(stepMs)),
  };
  const calibrators = {
    counts: new TailCalibrator(CALIBRATION_POINTS),
    values: new TailCalibrator(CALIBRATION_POINTS),
  };
  const out: SeriesResult[] = new Array(n);

  for (let i = 0; i < n; i++) {
    const { timeMs, value } = points[i] as SeriesPoint;
    const model = forced ?? chooser.current();
    chooser.observe(value);
    if (counts !== undefined && !chooser.allCounts) counts = undefined; // a non-count: values from here on
    const countsTest = counts?.test(timeMs, value);
    const valuesTest = values?.test(timeMs, value);
    const test = (model === 'counts' ? countsTest : valuesTest) ?? valuesTest ?? countsTest;
    if (test === undefined) throw new Error('detectSeries: no model');
    counts?.learn(value);
    values?.learn(timeMs, value);

    const scoredBy: SeriesModel = test === countsTest ? 'counts' : 'values';
    // News first, then calibration on news: a burst the model must not learn stays surprising for hours, and
    // calibrated on its every point it would make the series look heavy-tailed and a later spike ordinary.
    const news = {
      counts: countsTest ? episodes.counts.next(timeMs, surpriseOf(countsTest.strongestLogP)) : 0,
      values: valuesTest ? episodes.values.next(timeMs, surpriseOf(valuesTest.logP)) : 0,
    };
    const surprise = calibrators[scoredBy].calibrate(news[scoredBy]);
    if (countsTest) calibrators.counts.learn(news.counts);
    if (valuesTest) calibrators.values.learn(news.values);
    const flag = i >= warmup && test.logP < lnAlpha && (scoredBy === 'values' || value >= minCount);
    out[i] = {
      timeMs,
      value,
      expected: test.expected,
      pValue: Math.exp(test.logP),
      score: scoreOf(-surprise),
      flag,
      model: scoredBy,
    };
  }
  return out;
}
