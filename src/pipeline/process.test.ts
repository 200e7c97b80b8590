/**
 * The processor's contract for restarts and scale-out: a shard's output is a function of its own messages in
 * order. So the same stream gives the same emissions whatever the batch size, across a snapshot → JSON →
 * restore in the middle, and when each shard runs in a process of its own.
 */
import { describe, expect, it } from 'vitest';
import defaultPipeline from '../../pipelines/default.ts';
import { fixedClock } from '../clock.ts';
import { normalizePipeline } from '../config.ts';
import { createDistrictMatcher, loadDistricts } from '../geo/districts.ts';
import type { Aggregate, Alert, Anomaly, RawRecord, Story, TermBurst } from '../records.ts';
import { loadGazetteer } from '../reference/gazetteer.ts';
import { generateStream } from '../source/generator/index.ts';
import type { ShardSnapshot } from '../state/shard-snapshot.ts';
import { createProcessor, type Processor } from './process.ts';
import { createLineRouter, regionOfLine, shardOf, shardOfPlace } from './shard.ts';

const gazetteer = loadGazetteer();
const districts = createDistrictMatcher(loadDistricts());
const cfg = normalizePipeline(defaultPipeline);
const clock = fixedClock(Date.parse('2026-06-01T00:00:00Z'));

const records: RawRecord[] = [...generateStream({ days: 40, municipalities: 14, seed: 5 }).records].map(
  (r, i) => ({ raw: r.line, origin: { kind: 'file', file: 'mem', line: i + 1 } }),
);

interface Emitted {
  aggregates: Aggregate[];
  anomalies: Anomaly[];
  alerts: Alert[];
  termBursts: TermBurst[];
  /** Stories are published once per batch they changed in: their last values, and each message's story. */
  stories: Map<string, Story>;
  storyOf: Map<string, string>;
}

const emitted = (): Emitted => ({
  aggregates: [],
  anomalies: [],
  alerts: [],
  termBursts: [],
  stories: new Map(),
  storyOf: new Map(),
});

function collect(out: ReturnType<Processor['process']>, into: Emitted): void {
  into.aggregates.push(...out.aggregates);
  into.anomalies.push(...out.anomalies);
  into.alerts.push(...out.alerts);
  into.termBursts.push(...out.termBursts);
  for (const s of out.stories) into.stories.set(s.id, s);
  for (const m of [...out.messages, ...out.lateMessages])
    if (m.storyId !== undefined) into.storyOf.set(`${m.municipalityCode} ${m.id}`, m.storyId);
}

const shardOfAgg = (a: { municipality: string }) =>
  shardOfPlace(a.municipality, gazetteer.byCode(a.municipality)?.region ?? '', cfg.shards);

function runBatches(p: Processor, input: readonly RawRecord[], batch: number, into: Emitted): void {
  for (let i = 0; i < input.length; i += batch) {
    collect(p.process(input.slice(i, i + batch)), into);
  }
}

function finish(p: Processor, into: Emitted): Emitted {
  collect(p.finish(), into);
  return into;
}

/** Emissions of one shard, in order. */
function ofShard(e: Emitted, shard: number): Emitted {
  return {
    aggregates: e.aggregates.filter((a) => shardOfAgg(a) === shard),
    anomalies: e.anomalies.filter((a) => shardOfAgg(a) === shard),
    alerts: e.alerts.filter((a) => shardOfAgg(a) === shard),
    termBursts: e.termBursts.filter((b) => shardOfPlace(b.municipality, b.region, cfg.shards) === shard),
    stories: new Map(
      [...e.stories]
        .filter(([, s]) => shardOfPlace(s.municipality, s.region, cfg.shards) === shard)
        .sort((a, b) => (a[0] < b[0] ? -1 : 1)),
    ),
    storyOf: new Map(
      [...e.storyOf]
        .filter(([k]) => shardOfAgg({ municipality: k.split(' ')[0] as string }) === shard)
        .sort((a, b) => (a[0] < b[0] ? -1 : 1)),
    ),
  };
}

function referenceRun(): Emitted {
  const p = createProcessor(cfg, { gazetteer, clock, districts });
  const e = emitted();
  runBatches(p, records, 5_000, e);
  return finish(p, e);
}

/** Three full runs of the stream each: minutes on a loaded 2-core machine (a limit, not a timed assertion). */
const HEAVY = 300_000;

describe('processor determinism', () => {
  const ref = referenceRun();

  it('the reference run flags something and spreads over several shards (the test has teeth)', () => {
    expect(ref.anomalies.length).toBeGreaterThan(5);
    expect(ref.alerts.filter((a) => a.status === 'closed').length).toBeGreaterThan(2);
    expect(ref.termBursts.length).toBeGreaterThan(5);
    expect(ref.stories.size).toBeGreaterThan(20);
    expect([...ref.stories.values()].every((s) => s.closed)).toBe(true);
    expect(ref.storyOf.size).toBeGreaterThan(records.length / 2);
    expect(new Set(ref.aggregates.map(shardOfAgg)).size).toBeGreaterThan(1);
    // A city with known districts is in the stream: district windows are tested (and their state restored).
    expect(ref.anomalies.some((a) => a.district !== undefined)).toBe(true);
  });

  it('gives the same emissions whatever the batch size', () => {
    for (const batch of [1_000, 7_777, records.length]) {
      const p = createProcessor(cfg, { gazetteer, clock, districts });
      const e = emitted();
      runBatches(p, records, batch, e);
      finish(p, e);
      for (let s = 0; s < cfg.shards; s++) expect(ofShard(e, s)).toEqual(ofShard(ref, s));
    }
  }, HEAVY);

  it('continues exactly from a snapshot taken mid-stream (through JSON)', () => {
    for (const cut of [3_001, Math.floor(records.length * 0.6)]) {
      const first = createProcessor(cfg, { gazetteer, clock, districts });
      const e = emitted();
      runBatches(first, records.slice(0, cut), 1_000, e);
      const saved = JSON.parse(JSON.stringify(first.snapshot(first.takeTouched()))) as ShardSnapshot[];
      expect(saved.length).toBeGreaterThan(1);
      const second = createProcessor(cfg, { gazetteer, clock, districts });
      second.restore(saved);
      runBatches(second, records.slice(cut), 2_500, e);
      finish(second, e);
      for (let s = 0; s < cfg.shards; s++) expect(ofShard(e, s)).toEqual(ofShard(ref, s));
    }
  }, HEAVY);

  it('gives each shard the same emissions when it runs alone (scale-out)', () => {
    const route = createLineRouter(gazetteer, cfg.shards);
    for (let s = 0; s < cfg.shards; s++) {
      const mine = records.filter((r) => route(r.raw) === s);
      const p = createProcessor(cfg, { gazetteer, clock, districts });
      const e = emitted();
      runBatches(p, mine, 3_000, e);
      expect(ofShard(finish(p, e), s)).toEqual(ofShard(ref, s));
    }
  });

  it('refuses a snapshot taken with another shard count', () => {
    const p = createProcessor(cfg, { gazetteer, clock, districts });
    p.process(records.slice(0, 2_000));
    const saved = p.snapshot(p.takeTouched());
    const other = createProcessor(cfg, { gazetteer, clock, districts, shards: cfg.shards + 1 });
    expect(() => other.restore(saved)).toThrow(/shards/);
  });
});

describe('Kafka partitions', () => {
  it('dead-letters a record that arrived on a partition other than its region shard', () => {
    const p = createProcessor(cfg, { gazetteer, clock, districts, partitioned: true });
    const valid = records.filter((r) => regionOfLine(r.raw, gazetteer) !== undefined).slice(0, 200);
    const onPartition = valid.map((r): RawRecord => {
      const right = shardOf(regionOfLine(r.raw, gazetteer) as string, cfg.shards);
      return { raw: r.raw, origin: { kind: 'kafka', topic: 't', partition: right, offset: '0' } };
    });
    const wrong = {
      ...onPartition[0],
      origin: { kind: 'kafka', topic: 't', partition: 99, offset: '1' },
    } as RawRecord;
    const out = p.process([...onPartition, wrong]);
    expect(out.deadLetters.map((d) => d.reason)).toEqual(['misrouted']);
    expect(out.messages.length + out.lateMessages.length + p.stats.duplicates).toBe(200);
  });
});
