/** Public surface of the detect stage. One detector per file; `createDetector` is the default one. */
import type { Clock } from '../clock.ts';
import {
  createPoissonBurstDetector,
  type Detector,
  type DetectorConfig,
  type DetectorSnapshot,
} from './poisson-burst.ts';

export {
  Baseline,
  type BaselineContext,
  type BaselineOptions,
  type BaselineWindow,
  DEFAULT_BASELINE_OPTIONS,
  type Expectation,
} from './baseline.ts';
export { forEachLocalHour, HOURS_PER_WEEK, localHourOfWeek } from './hour-of-week.ts';
export { HourOfWeekProfile } from './hour-of-week-profile.ts';
export { poissonLogPmf, poissonLogUpperTail, poissonUpperTail } from './poisson.ts';
export {
  createPoissonBurstDetector,
  type Detector,
  type DetectorConfig,
  type DetectorContext,
  type DetectorSnapshot,
  type DetectorStats,
  type FeedbackLabel,
  learningCap,
  POISSON_BURST_DETECTOR,
  scoreOf,
  severityOf,
} from './poisson-burst.ts';

export {
  detectSeries,
  findStepBreaks,
  inferStepMs,
  negBinomialLogPmf,
  negBinomialLogUpperTail,
  normalLogUpperTail,
  type Seasonality,
  type SeriesOptions,
  type SeriesPoint,
  type SeriesResult,
  seasonalityOf,
} from './series.ts';

/**
 * The default detector: Poisson bursts of unique authors against an hour-of-week baseline.
 * Run one per bucket ('hour' for power, '5m' for early warning).
 * @example createDetector({ bucket: 'hour', pValue: 1e-4, minCount: 5, warmupMs: 7 * 86_400_000 })
 */
export function createDetector(cfg: DetectorConfig, clock?: Clock, restoreFrom?: DetectorSnapshot): Detector {
  return createPoissonBurstDetector(cfg, clock, restoreFrom);
}
