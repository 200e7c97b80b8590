/**
 * Store write throughput: messages rows/s through Store.writeBatch with 10k-row batches (each batch also carries
 * its hourly windows, as the pipeline's would), into a DuckDB file in a temp dir (or ':memory:' with --memory).
 *
 *   npx tsx bench/store-write.ts [--batches 50] [--batch-size 10000] [--memory] [--threads N] [--no-windows]
 *
 * Prints one JSON line. Windows: one hourly window per (municipality, topic, hour) of the batch, as the pipeline
 * emits them (most cells hold 0 or 1 message, so windows are about as many as messages).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Aggregate, ClassifiedDoc, TopicId } from '../src/records.ts';
import { loadGazetteer } from '../src/reference/gazetteer.ts';
import { loadTopics } from '../src/reference/topics.ts';
import { openStore } from '../src/store/index.ts';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const batches = arg('batches', 50);
const batchSize = arg('batch-size', 10_000);
const memory = process.argv.includes('--memory');
const threadsArg = arg('threads', 0);
const withWindows = !process.argv.includes('--no-windows');

const gazetteer = loadGazetteer();
const topics = loadTopics();
const codes = gazetteer.all.slice(0, 200).map((m) => m.code);
const topicIds = topics.map((t) => t.id as TopicId);
const T0 = Date.UTC(2026, 0, 1);
const SPAN_MS = 3 * 3_600_000;
const TEXT =
  'Третий день не вывозят мусор во дворе дома 15 по ул. Ленина, контейнеры переполнены, просим принять меры';

let seq = 0;
function makeBatch(): { messages: ClassifiedDoc[]; aggregates: Aggregate[] } {
  const messages: ClassifiedDoc[] = [];
  const windows = new Map<string, Aggregate>();
  for (let i = 0; i < batchSize; i++) {
    const n = seq++;
    // Each batch covers its own 3 hours, so its windows are closed windows emitted once (as the pipeline emits
    // them once the watermark passes); revisions are the exception and not benchmarked here.
    const eventTimeMs =
      T0 + Math.floor(n / batchSize) * SPAN_MS + Math.floor(((n % batchSize) * SPAN_MS) / batchSize);
    const municipality = codes[n % codes.length] as string;
    const topic = topicIds[(n * 7) % topicIds.length] as TopicId;
    messages.push({
      id: `vk:${n}`,
      source: 'vk',
      createdAt: new Date(eventTimeMs).toISOString(),
      eventTimeMs,
      text: TEXT,
      author: `a${n % 5000}`,
      url: `https://vk.com/wall-1_${n}`,
      normText: TEXT.toLowerCase(),
      tokens: [],
      stems: [],
      topic,
      department: 'ЖКХ',
      topicConfidence: 0.8,
      municipalityCode: municipality,
      regionCode: municipality.slice(0, 2),
      geoMethod: 'code',
    });
    const startMs = eventTimeMs - (eventTimeMs % 3_600_000);
    const key = `${municipality}:${topic}:${startMs}`;
    const w = windows.get(key) ?? {
      bucket: 'hour' as const,
      municipality,
      topic,
      startMs,
      endMs: startMs + 3_600_000,
      count: 0,
      uniqueAuthors: 0,
      sources: {},
      revision: false,
    };
    w.count++;
    w.uniqueAuthors++;
    w.sources = { vk: w.count };
    windows.set(key, w);
  }
  return { messages, aggregates: [...windows.values()] };
}

const dir = mkdtempSync(join(tmpdir(), 'vsplesk-bench-'));
const path = memory ? ':memory:' : join(dir, 'bench.duckdb');
const store = await openStore(path, {
  gazetteer,
  topics,
  ...(threadsArg > 0 ? { threads: threadsArg } : {}),
});
// Batches are made one at a time outside the timed region: only writeBatch is measured.
let windows = 0;
let ms = 0;
for (let i = 0; i < batches; i++) {
  const b = makeBatch();
  const aggregates = withWindows ? b.aggregates : [];
  windows += aggregates.length;
  const t0 = performance.now();
  await store.writeBatch({
    messages: b.messages,
    lateMessages: [],
    aggregates,
    anomalies: [],
    deadLetters: [],
  });
  ms += performance.now() - t0;
}
const seconds = ms / 1000;
const stats = await store.stats();
await store.close();
rmSync(dir, { recursive: true, force: true });
const rows = batches * batchSize;
const result = {
  target: memory ? ':memory:' : 'file',
  threads: threadsArg > 0 ? threadsArg : 'default',
  batches,
  batchSize,
  messages: stats.messages,
  windows,
  seconds: Number(seconds.toFixed(3)),
  windowsPerSecond: Math.round(windows / seconds),
  messagesPerSecond: Math.round(rows / seconds),
};
console.log(JSON.stringify(result));
if (stats.messages !== rows) {
  console.error(`expected ${rows} stored messages, found ${stats.messages}`);
  process.exitCode = 1;
}
