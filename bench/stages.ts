/**
 * Per-stage cost of the processor (issue 16): each stage run alone over the same messages, in stream order, timed in
 * CPU milliseconds (user + system: on a shared machine wall time moves with the neighbours). Not a test; prints one
 * JSON line.   F=stream.ndjson npx tsx bench/stages.ts [--rounds 3]
 *
 * First every line is parsed, normalised and classified (those stages are timed on the way); then the shard stages
 * (near-duplicate voices, emerging terms, stories) are each fed the resulting documents on a fresh instance, one
 * shard for all. Each stage's figure is the least of `rounds` runs. Windows and detectors run inside the processor
 * only (bench/processor.ts): their cost is the rest of its time.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createGeoResolver } from '../src/classify/geo.ts';
import { NearDuplicates } from '../src/classify/near-duplicates.ts';
import { createTopicClassifier } from '../src/classify/topic.ts';
import { Stories } from '../src/cluster/stories.ts';
import { extractStreets, formatStreet } from '../src/cluster/streets.ts';
import { EmergingTerms } from '../src/detect/emerging-terms.ts';
import { neighboursWithin } from '../src/geo/neighbours.ts';
import { createNormaliser } from '../src/normalise/index.ts';
import type { Doc, Message, TopicId } from '../src/records.ts';
import { loadGazetteer } from '../src/reference/gazetteer.ts';
import { DEFAULT_PARSE_LIMITS, parseMessage } from '../src/source/parse.ts';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' } } });
const rounds = Number(values.rounds);
const lines = readFileSync(process.env.F ?? '.cache/bench/stream-60d-15m-s4.ndjson', 'utf8')
  .split('\n')
  .filter(Boolean);

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
/** The least CPU time of `rounds` runs of `f` (each on fresh state made by `f`). */
const timed = (f: () => void): number => {
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < rounds; r++) {
    const t0 = cpuMs();
    f();
    best = Math.min(best, cpuMs() - t0);
  }
  return Math.round(best);
};

const nowMs = Date.parse('2030-01-01T00:00:00Z');
let messages: Message[] = [];
const parseMs = timed(() => {
  messages = [];
  for (let i = 0; i < lines.length; i++) {
    const p = parseMessage(
      { raw: lines[i] as string, origin: { kind: 'generator', seq: i } },
      nowMs,
      DEFAULT_PARSE_LIMITS,
    );
    if (p.ok) messages.push(p.message);
  }
});
let docs: Doc[] = [];
const normaliseMs = timed(() => {
  const normalise = createNormaliser();
  docs = messages.map((m) => normalise(m));
});
const gazetteer = loadGazetteer();
const resolveGeo = createGeoResolver(gazetteer);
// As the processor builds them (pipelines/default.ts: stories.neighbourKm 30).
const neighbours = neighboursWithin(gazetteer, 30);
const geo = docs.map((d) => resolveGeo(d));
let topics: TopicId[] = [];
const topicMs = timed(() => {
  const classify = createTopicClassifier();
  topics = docs.map((d) => classify(d).topic);
});
let streets: { key: string; label: string }[][] = [];
const streetsMs = timed(() => {
  streets = docs.map((d) =>
    extractStreets(d.text).map((m) => ({ key: m.key, label: formatStreet({ kind: m.kind, name: m.name }) })),
  );
});
const placed = docs
  .map((d, i) => ({ d, g: geo[i] as ReturnType<typeof resolveGeo>, i }))
  .filter(({ g }) => !g.unknownCode && g.municipalityCode !== 'unknown');
const voicesMs = timed(() => {
  const voices = new NearDuplicates();
  for (const { d, g } of placed)
    voices.voiceOf({
      municipality: g.municipalityCode,
      eventTimeMs: d.eventTimeMs,
      author: d.author ?? `\u0000${d.id}`,
      stems: d.stems,
    });
});
const termsMs = timed(() => {
  const terms = new EmergingTerms();
  let wm = Number.NEGATIVE_INFINITY;
  for (const { d, g, i } of placed) {
    terms.add({
      id: d.id,
      municipality: g.municipalityCode,
      region: g.regionCode,
      topic: topics[i] as TopicId,
      eventTimeMs: d.eventTimeMs,
      ...(d.author !== undefined ? { author: d.author } : {}),
      tokens: d.tokens,
      stems: d.stems,
      stemIds: d.stemIds,
    });
    if (d.eventTimeMs - 300_000 > wm) {
      wm = d.eventTimeMs - 300_000;
      terms.advance(wm);
    }
  }
});
const storiesMs = timed(() => {
  const stories = new Stories({}, undefined, neighbours);
  for (const { d, g, i } of placed) {
    stories.add({
      id: d.id,
      municipality: g.municipalityCode,
      region: g.regionCode,
      topic: topics[i] as TopicId,
      eventTimeMs: d.eventTimeMs,
      ...(d.author !== undefined ? { author: d.author } : {}),
      stems: d.stems,
      stemIds: d.stemIds,
      tokens: d.tokens,
      streets: streets[i] ?? [],
      ...(d.lat !== undefined && d.lon !== undefined ? { lat: d.lat, lon: d.lon } : {}),
    });
    if (i % 1000 === 0) {
      stories.advance(d.eventTimeMs - 300_000);
      stories.take();
    }
  }
});
console.log(
  JSON.stringify({
    bench: 'stages',
    messages: lines.length,
    cpu_ms: {
      parse: parseMs,
      normalise: normaliseMs,
      topic: topicMs,
      streets: streetsMs,
      voices: voicesMs,
      terms: termsMs,
      stories: storiesMs,
    },
  }),
);
