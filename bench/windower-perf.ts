/**
 * Throughput of Windower.add (not a test: no timing assertions anywhere). Run:
 *   npx tsx bench/windower-perf.ts [events=2000000]
 * 1,000 municipalities × 22 topics, ~2,000 authors, 3 sources, events 0–10 min out of order, all three buckets,
 * advance() every 10,000 events.
 */
import { TOPIC_IDS, type TopicId } from '../src/records.ts';
import { HOUR_MS } from '../src/window/assign.ts';
import { Windower, type WindowInput } from '../src/window/windower.ts';

const TOPICS: readonly TopicId[] = TOPIC_IDS;

const n = Number(process.argv[2] ?? 2_000_000);
let seed = 42;
const rand = () => {
  seed = (seed * 1_103_515_245 + 12_345) >>> 0;
  return seed / 4_294_967_296;
};
const municipalities = Array.from({ length: 1000 }, (_, i) => String(65_701_000 + i));
const authors = Array.from({ length: 2000 }, (_, i) => `a${i}`);
const sources = ['vk', 'tg', 'ok'];
const t0 = Date.parse('2026-11-01T00:00:00Z');
const events: WindowInput[] = [];
for (let i = 0; i < n; i++) {
  const m = Math.floor(rand() * rand() * 1000); // skewed: big cities get more
  events.push({
    eventTimeMs: t0 + Math.floor(i * 1500) - Math.floor(rand() * 600_000), // ~2,400 msgs/h, ≤10 min disorder
    municipality: municipalities[m] as string,
    topic: TOPICS[Math.floor(rand() * TOPICS.length)] as TopicId,
    author: rand() < 0.1 ? undefined : authors[Math.floor(rand() * authors.length)],
    source: sources[Math.floor(rand() * 3)] as string,
    utcOffsetMin: 120 + 60 * (m % 11),
  });
}

const w = new Windower({
  buckets: ['5m', 'hour', 'day'],
  allowedDelayMs: 15 * 60_000,
  allowedLatenessMs: 48 * HOUR_MS,
});
let emitted = 0;
const start = process.hrtime.bigint();
for (let i = 0; i < n; i++) {
  w.add(events[i] as WindowInput);
  if (i % 10_000 === 9_999) emitted += w.advance().length;
}
emitted += w.flush().length;
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
console.log(
  JSON.stringify({
    events: n,
    seconds: Number(seconds.toFixed(3)),
    addsPerSecond: Math.round(n / seconds),
    emitted,
    stats: w.stats(),
    heapUsedMB: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
  }),
);
