import { describe, expect, it } from 'vitest';
import defaultPipeline from '../../pipelines/default.ts';
import { fixedClock } from '../clock.ts';
import { normalizePipeline } from '../config.ts';
import { createDistrictMatcher, loadDistricts } from '../geo/districts.ts';
import { STEM_IDS } from '../normalise/stem-ids.ts';
import type { RawRecord } from '../records.ts';
import { loadGazetteer } from '../reference/gazetteer.ts';
import { generateStream } from '../source/generator/index.ts';
import { createProcessor, type StoreBatch } from './process.ts';

const cfg = normalizePipeline(defaultPipeline);
const deps = {
  gazetteer: loadGazetteer(),
  clock: fixedClock(Date.parse('2030-01-01T00:00:00Z')),
  districts: createDistrictMatcher(loadDistricts()),
};
const records: RawRecord[] = [
  ...generateStream({ days: 30, municipalities: 10, seed: 11, campaigns: 2 }).records,
].map((r, i) => ({ raw: r.line, origin: { kind: 'generator', seq: i } }));

/** A batch as JSON; its stories sorted (a restored shard lists its towns in another order: the set is the output). */
const text = (b: StoreBatch) =>
  JSON.stringify({ ...b, stories: b.stories.map((s) => JSON.stringify(s)).sort() });

function run(stemIdLimit: number) {
  const p = createProcessor(cfg, { ...deps, stemIdLimit });
  const batches: string[] = [];
  let largest = 0;
  for (let i = 0; i < records.length; i += 2_000) {
    batches.push(text(p.process(records.slice(i, i + 2_000))));
    largest = Math.max(largest, STEM_IDS.size);
  }
  batches.push(text(p.finish()));
  const all = Array.from({ length: p.shards }, (_, s) => s);
  return { batches, state: JSON.stringify(p.snapshot(all)), largest, stats: p.stats };
}

describe('stem id compaction', () => {
  it('keeps the ids below its bound and changes nothing the processor emits or saves', () => {
    const reference = run(Number.POSITIVE_INFINITY);
    const before = STEM_IDS.generation;
    const compacted = run(1_000);
    const compactions = STEM_IDS.generation - before;
    expect(compactions).toBeGreaterThanOrEqual(2); // the test has teeth: it compacted, more than once
    expect(compacted.largest).toBeLessThan(reference.largest);
    expect(compacted.batches).toEqual(reference.batches);
    expect(compacted.state).toBe(reference.state);
    expect(compacted.stats).toEqual(reference.stats);
  }, 120_000);
});
