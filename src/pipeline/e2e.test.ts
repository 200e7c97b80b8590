/**
 * End to end, embedded: generate a stream with ground truth → run the pipeline into DuckDB → ask the API.
 * The counts served equal the valid input; dead letters equal the invalid input; injected incidents are
 * among the anomalies; the bot flood is not.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoreDetection } from '../../bench/lib/score-detection.ts';
import defaultPipeline from '../../pipelines/default.ts';
import { fixedClock } from '../clock.ts';
import { normalizePipeline } from '../config.ts';
import type { RunStats } from '../records.ts';
import { loadGazetteer } from '../reference/gazetteer.ts';
import { loadTopics } from '../reference/topics.ts';
import { buildApi } from '../serve/api.ts';
import { type GroundTruth, generateStream } from '../source/generator/index.ts';
import { openStore, type Store } from '../store/index.ts';
import { runPipeline } from './run.ts';

const dir = mkdtempSync(join(tmpdir(), 'vsplesk-e2e-'));
const gazetteer = loadGazetteer();
const topics = loadTopics();
let store: Store;
let truth: GroundTruth;
let stats: RunStats;
let api: ReturnType<typeof buildApi>;

beforeAll(async () => {
  const gen = generateStream({ days: 60, municipalities: 12, seed: 11 });
  const lines: string[] = [];
  for (const r of gen.records) lines.push(r.line);
  truth = gen.truth();
  const file = join(dir, 'stream.ndjson');
  writeFileSync(file, `${lines.join('\n')}\n`);
  store = await openStore(':memory:', { gazetteer, topics });
  stats = await runPipeline(
    normalizePipeline(defaultPipeline),
    { kind: 'file', path: file },
    {
      store,
      gazetteer,
      clock: fixedClock(Date.parse('2026-11-23T00:00:00Z')),
    },
  );
  api = buildApi({ store, gazetteer, topics });
  await api.ready();
});

afterAll(async () => {
  await api?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('embedded pipeline end to end', () => {
  it('dead-letters exactly the invalid records, by reason', async () => {
    expect(stats.deadLettered).toBe(truth.invalid);
    const health = (await api.inject('/api/health')).json();
    expect(health.deadLetters).toBe(truth.invalid);
  });

  it('serves counts equal to the valid input messages', async () => {
    expect(stats.valid).toBe(truth.valid);
    const res = await api.inject(`/api/series?bucket=day&from=2024-12-01&to=2025-04-01`);
    expect(res.statusCode).toBe(200);
    const series = res.json() as { count: number[] };
    const served = series.count.reduce((a, b) => a + b, 0);
    expect(served + stats.late).toBe(truth.valid);
  });

  it('flags the injected incidents and not the bot flood', async () => {
    const res = await api.inject('/api/anomalies?from=2024-12-01&to=2025-04-01&limit=1000');
    expect(res.statusCode).toBe(200);
    const list = (
      res.json() as {
        items: {
          id: string;
          municipality: string;
          topic: string;
          bucket: string;
          startMs: number;
          endMs: number;
        }[];
      }
    ).items;
    const score = scoreDetection(truth, list);
    expect(score.floodsAlerted).toBe(0);
    expect(score.recall).toBeGreaterThanOrEqual(0.8);
    expect(score.precision).toBeGreaterThanOrEqual(0.5);
  });
});
