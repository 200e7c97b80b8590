/**
 * Throughput of detector.observe (not a test: no timing assertions anywhere). Run:
 *   npx tsx bench/detector-perf.ts [aggregates=1000000]
 * Skewed municipalities × 22 topics in 11 time zones (~3,200 active keys), 2,000 non-empty hourly windows an
 * hour arriving in time order, counts 1–6.
 */

import { createDetector } from '../src/detect/index.ts';
import { type Aggregate, TOPIC_IDS, type TopicId } from '../src/records.ts';

const TOPICS: readonly TopicId[] = TOPIC_IDS;
const HOUR_MS = 3_600_000;
const n = Number(process.argv[2] ?? 1_000_000);
let seed = 1;
const rand = () => {
  seed = (seed * 1_103_515_245 + 12_345) >>> 0;
  return seed / 4_294_967_296;
};
const t0 = Date.parse('2026-10-01T00:00:00Z');
const perHour = 2000; // non-empty windows per hour across all keys
const aggs: { agg: Aggregate; utcOffsetMin: number }[] = [];
for (let i = 0; i < n; i++) {
  const m = Math.floor(rand() * rand() * 2000);
  const startMs = t0 + Math.floor(i / perHour) * HOUR_MS;
  const count = 1 + Math.floor(rand() * rand() * 6);
  aggs.push({
    agg: {
      bucket: 'hour',
      municipality: String(65_000_000 + m),
      topic: TOPICS[Math.floor(rand() * 22)] as TopicId,
      startMs,
      endMs: startMs + HOUR_MS,
      count,
      uniqueAuthors: count,
      sources: { vk: count },
      revision: false,
    },
    utcOffsetMin: 120 + 60 * (m % 11),
  });
}
const detector = createDetector({ bucket: 'hour', pValue: 1e-4, minCount: 5, warmupMs: 7 * 24 * HOUR_MS });
let anomalies = 0;
const start = process.hrtime.bigint();
for (const { agg, utcOffsetMin } of aggs) if (detector.observe(agg, { utcOffsetMin })) anomalies++;
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
console.log(
  JSON.stringify({
    aggregates: n,
    simulatedDays: Math.round(n / perHour / 24),
    seconds: Number(seconds.toFixed(3)),
    observesPerSecond: Math.round(n / seconds),
    anomalies,
    stats: detector.stats(),
  }),
);
