/**
 * The feedback loop end to end, embedded: analysts' 'noise' verdicts stored through the store (as the API does)
 * reach the detectors of a pipeline sharing that store, and the series they name alerts less.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import defaultPipeline from '../../pipelines/default.ts';
import { fixedClock } from '../clock.ts';
import { normalizePipeline } from '../config.ts';
import type { KnownEvent } from '../detect/calendar.ts';
import { loadGazetteer } from '../reference/gazetteer.ts';
import { loadTopics } from '../reference/topics.ts';
import { generateStream } from '../source/generator/index.ts';
import { openStore, type Store } from '../store/index.ts';
import { runPipeline } from './run.ts';

const dir = mkdtempSync(join(tmpdir(), 'vsplesk-feedback-'));
const file = join(dir, 's.ndjson');
const gazetteer = loadGazetteer();
const topics = loadTopics();
const cfg = normalizePipeline({ ...defaultPipeline, batchSize: 2000 });
const clock = fixedClock(Date.parse('2026-06-01T00:00:00Z'));
const stores: Store[] = [];

async function run(feedback: { municipality: string; topic: string }[], events: KnownEvent[] = []) {
  const store = await openStore(':memory:', { gazetteer, topics });
  stores.push(store);
  for (const e of events) await store.addKnownEvent(e, 500);
  for (const [i, f] of feedback.entries())
    await store.addAlertFeedback({
      alertId: `given-${i}`,
      municipality: f.municipality,
      topic: f.topic as never,
      label: 'noise',
      note: null,
      atMs: 1000 + i,
    });
  await runPipeline(cfg, { kind: 'file', path: file }, { store, gazetteer, clock });
  return (await store.alerts({ limit: 5000, offset: 0 })).items;
}

beforeAll(() => {
  const gen = generateStream({ days: 50, municipalities: 10, seed: 21 });
  writeFileSync(file, `${[...gen.records].map((r) => r.line).join('\n')}\n`);
});

afterAll(async () => {
  for (const s of stores) await s.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('analyst feedback in a running pipeline', () => {
  it('makes the series an analyst called noise alert less, and leaves the others as they were', async () => {
    const before = await run([]);
    // A series whose alerts are not overwhelming (p > 1e-9): 1,000× stricter thresholds must silence some.
    const count = new Map<string, number>();
    for (const a of before) {
      if (a.minPValue <= 1e-9) continue;
      const k = `${a.municipality}|${a.topic}`;
      count.set(k, (count.get(k) ?? 0) + 1);
    }
    const [noisy] = [...count].sort((a, b) => b[1] - a[1])[0] ?? [];
    expect(noisy).toBeDefined();
    const [municipality, topic] = (noisy as string).split('|') as [string, string];
    const after = await run([1, 2, 3].map(() => ({ municipality, topic })));
    const of = (list: typeof before, same: boolean) =>
      list.filter((a) => (a.municipality === municipality && a.topic === topic) === same).length;
    expect(of(after, true)).toBeLessThan(of(before, true));
    // Other series: thresholds untouched (their alerts may shift only through shared profiles, not in number).
    expect(Math.abs(of(after, false) - of(before, false))).toBeLessThanOrEqual(2);
  });

  it('labels the alerts a known cause entered through the store explains as expected', async () => {
    const before = await run([]);
    const target = before.find((a) => a.cause === null) as (typeof before)[number];
    expect(target).toBeDefined();
    const event: KnownEvent = {
      id: 'works-1',
      kind: 'road_works',
      label: 'Ремонт набережной',
      topics: [target.topic],
      municipality: target.municipality,
      from: '2024-12-01',
      to: '2025-12-31',
    };
    const after = await run([], [event]);
    const mine = after.filter((a) => a.municipality === target.municipality && a.topic === target.topic);
    expect(mine.length).toBeGreaterThan(0);
    for (const a of mine)
      expect(a.cause).toEqual({ id: 'works-1', kind: 'road_works', label: 'Ремонт набережной' });
    expect(after.filter((a) => a.cause !== null).length).toBe(
      mine.length + before.filter((a) => a.cause).length,
    );
  });
});
