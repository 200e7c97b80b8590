/**
 * Detection quality against the generator's ground truth (not a test: prints JSON lines).
 *   npx tsx bench/detect-quality.ts [--days 120] [--municipalities 30] [--seeds 1,2,3]
 * Runs generate → processor (no store) and scores the flagged windows: precision, recall, F1, false alerts per
 * municipality-month, detection delay. Alerts that coincide with the generator's weather events (cold snaps,
 * snowfalls, planned hot-water shut-offs: real rises, not incidents) are reported apart as `explained`.
 */
import { parseArgs } from 'node:util';
import defaultPipeline from '../pipelines/default.ts';
import { fixedClock } from '../src/clock.ts';
import { normalizePipeline } from '../src/config.ts';
import { createProcessor } from '../src/pipeline/process.ts';
import type { Anomaly, RawRecord } from '../src/records.ts';
import { loadGazetteer } from '../src/reference/gazetteer.ts';
import { generateStream } from '../src/source/generator/index.ts';
import { scoreDetection } from './lib/score-detection.ts';

const { values } = parseArgs({
  options: {
    days: { type: 'string', default: '120' },
    municipalities: { type: 'string', default: '30' },
    seeds: { type: 'string', default: '1,2,3' },
    verbose: { type: 'boolean', default: false },
    /** JSON merged over pipelines/default.ts, e.g. '{"detect":[{"bucket":"hour","pValue":1e-5,"minCount":3,"warmupMs":604800000}]}' */
    pipeline: { type: 'string', default: '{}' },
  },
});
const gazetteer = loadGazetteer();
const MONTH_MS = 30.44 * 24 * 3_600_000;

for (const seed of values.seeds.split(',').map(Number)) {
  const days = Number(values.days);
  const municipalities = Number(values.municipalities);
  const gen = generateStream({ days, municipalities, seed });
  const processor = createProcessor(
    normalizePipeline({ ...defaultPipeline, ...JSON.parse(values.pipeline) }),
    {
      gazetteer,
      // "Now" just after the stream ends, so the generator's deliberately future-dated records stay invalid.
      clock: fixedClock(Date.parse('2025-01-01T00:00:00Z') + (days + 3) * 86_400_000),
    },
  );
  const anomalies: Anomaly[] = [];
  let batch: RawRecord[] = [];
  let seq = 0;
  const t0 = performance.now();
  for (const r of gen.records) {
    batch.push({ raw: r.line, origin: { kind: 'generator', seq: seq++ } });
    if (batch.length === 20_000) {
      anomalies.push(...processor.process(batch).anomalies);
      batch = [];
    }
  }
  anomalies.push(...processor.process(batch).anomalies, ...processor.finish().anomalies);
  const seconds = (performance.now() - t0) / 1000;
  const truth = gen.truth();
  const score = scoreDetection(truth, anomalies);
  const weather = truth.weatherEvents ?? [];
  const explained = score.falseEpisodes.filter((ep) =>
    weather.some(
      (w) =>
        w.topic === ep.topic &&
        w.municipality === ep.municipality &&
        ep.startMs <= w.endMs &&
        ep.endMs >= w.startMs,
    ),
  );
  const unexplained = score.falseEpisodes.length - explained.length;
  const precisionExplained = score.episodes
    ? (score.truePositiveEpisodes + explained.length) / score.episodes
    : 1;
  const municipalityMonths = (municipalities * days * 24 * 3_600_000) / MONTH_MS;
  console.log(
    JSON.stringify({
      seed,
      days,
      municipalities,
      messages: truth.valid,
      incidents: score.incidents,
      episodes: score.episodes,
      precision: +score.precision.toFixed(3),
      precision_weather_explained: +precisionExplained.toFixed(3),
      recall: +score.recall.toFixed(3),
      f1: +score.f1.toFixed(3),
      false_alerts_per_municipality_month: +(score.falseEpisodes.length / municipalityMonths).toFixed(3),
      unexplained_false_alerts_per_municipality_month: +(unexplained / municipalityMonths).toFixed(3),
      floods_alerted: score.floodsAlerted,
      delay_median_min: score.delayMedianMin,
      delay_p95_min: score.delayP95Min,
      seconds: +seconds.toFixed(1),
    }),
  );
  if (values.verbose) {
    for (const m of score.missed)
      console.log('  missed', JSON.stringify({ ...m, messageIds: undefined, words: undefined }));
    for (const f of score.falseEpisodes)
      console.log(
        '  false',
        f.municipality,
        f.topic,
        new Date(f.startMs).toISOString(),
        (f.endMs - f.startMs) / 3.6e6,
        'h',
        explained.includes(f) ? '(weather)' : '',
      );
  }
}
