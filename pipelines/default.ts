/**
 * The default pipeline: file/generator or Kafka source → normalise → classify (topic, geography, dedupe) →
 * 5-minute, hourly and local-day windows (watermark 5 min, lateness 48 h) → tail tests of distinct authors on
 * 5m windows (early) and hourly windows (power), each also over spans of recent windows → alerts; emerging
 * terms per hour → DuckDB.
 * Everything not named here comes from DEFAULT_PIPELINE.
 */
import type { PipelineSpec } from '../src/config.ts';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

export default {
  name: 'default',
  window: { buckets: ['5m', 'hour', 'day'], allowedDelayMs: 5 * MINUTE_MS, allowedLatenessMs: 2 * DAY_MS },
  detect: [
    // 5-minute windows for early warning; the span test over the last 10…60 minutes flags a burst as soon as
    // three distinct people have written (median delay 35 min on bench:detect, was 60 with hourly tests only).
    // One error rate per hour of a series: 12 tests an hour at the hourly series' 1e-6 each gave a 5-minute series
    // 12× its chance flags (docs/detection.md, "One error rate per hour").
    { bucket: '5m', pValue: 1e-6 / 12, minCount: 3, warmupMs: 7 * DAY_MS, spanWindows: 12 },
    // spanWindows: also test the last 2…6 hours together (distinct authors), for bursts spread over hours.
    { bucket: 'hour', pValue: 1e-6, minCount: 3, warmupMs: 7 * DAY_MS, spanWindows: 6 },
  ],
  // Words four or more people start using within an hour beyond what their topics explain (new problems).
  terms: { enabled: true, minAuthors: 4, pValue: 1e-7, minRatio: 3 },
  // A town's topic drifting above its peers over days (on the local-day windows).
  slowRise: { enabled: true },
  // Messages gathered into stories by words and street (cluster/stories.ts): what an alert's explanation lists.
  stories: { enabled: true, neighbourKm: 30 },
  deadLetter: { policy: 'deadLetter' },
  // Residents' raw texts (personal data) are kept a year behind the stream, then deleted; counts and alerts stay.
  retention: { messagesDays: 365 },
} satisfies PipelineSpec;
