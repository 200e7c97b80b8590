/**
 * End to end, embedded: generate a stream with ground truth → run the pipeline into DuckDB → ask the API.
 * The counts served equal the valid input; dead letters equal the invalid input; injected incidents are
 * among the anomalies; the bot flood is not.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoreGroups } from '../../bench/lib/score-detection.ts';
import defaultPipeline from '../../pipelines/default.ts';
import { fixedClock } from '../clock.ts';
import { normalizePipeline } from '../config.ts';
import type { RunStats } from '../records.ts';
import { loadGazetteer } from '../reference/gazetteer.ts';
import { loadTopics } from '../reference/topics.ts';
import { AUTH_OFF, buildApi } from '../serve/api.ts';
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
  api = buildApi({ store, gazetteer, topics, auth: AUTH_OFF });
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

  it('raises one alert group per injected incident, and none for the bot flood', async () => {
    const res = await api.inject('/api/alerts?from=2024-12-01&to=2025-04-01&expected=0&limit=1000');
    expect(res.statusCode).toBe(200);
    type Item = {
      groupId: string;
      municipality: string;
      topic: string;
      startMs: number;
      endMs: number;
      firstDetectedAtMs: number;
    };
    const groups = new Map<
      string,
      { municipality: string; topics: string[]; startMs: number; endMs: number; detectedAtMs: number }
    >();
    for (const a of (res.json() as { items: Item[] }).items) {
      const g = groups.get(a.groupId) ?? {
        municipality: a.municipality,
        topics: [],
        startMs: a.startMs,
        endMs: a.endMs,
        detectedAtMs: a.firstDetectedAtMs,
      };
      g.topics.push(a.topic);
      g.startMs = Math.min(g.startMs, a.startMs);
      g.endMs = Math.max(g.endMs, a.endMs);
      g.detectedAtMs = Math.min(g.detectedAtMs, a.firstDetectedAtMs);
      groups.set(a.groupId, g);
    }
    // Snowfalls and cold snaps in the generated winter are real rises, not incidents, and no calendar names
    // them: leave out the groups they alone explain (as bench:detect's precision_weather_explained does).
    const H = 3_600_000;
    const near = (g: { startMs: number; endMs: number }, x: { startMs: number; endMs: number }) =>
      g.startMs <= x.endMs + H && g.endMs >= x.startMs - H;
    const weatherOnly = (g: { municipality: string; topics: string[]; startMs: number; endMs: number }) =>
      truth.weatherEvents.some(
        (w) => w.municipality === g.municipality && g.topics.includes(w.topic) && near(g, w),
      ) && !truth.incidents.some((i) => i.municipality === g.municipality && near(g, i));
    const score = scoreGroups(
      truth,
      [...groups.values()].filter((g) => !weatherOnly(g)),
    );
    expect(score.episodes).toBeGreaterThan(0);
    expect(score.floodsAlerted).toBe(0);
    // 12 incidents: a smoke test (bench:detect measures quality on 608); 9 of 12 is the floor here.
    expect(score.recall).toBeGreaterThanOrEqual(0.75);
    expect(score.precision).toBeGreaterThanOrEqual(0.6);
  });

  it("names incidents: their alerts carry the incident's street among their words, and /api/terms shows the messages", async () => {
    const res = await api.inject('/api/alerts?from=2024-12-01&to=2025-04-01&expected=0&limit=1000');
    const alerts = (
      res.json() as { items: { municipality: string; startMs: number; endMs: number; terms: string[] }[] }
    ).items;
    const H = 3_600_000;
    let detected = 0;
    let named = 0;
    for (const inc of truth.incidents) {
      const mine = alerts.filter(
        (a) =>
          a.municipality === inc.municipality && a.startMs <= inc.endMs + H && a.endMs >= inc.startMs - H,
      );
      if (mine.length === 0) continue;
      detected++;
      const street = (inc.streetName ?? '').toLowerCase().replaceAll('ё', 'е');
      if (mine.some((a) => a.terms.some((t) => t === street))) named++;
    }
    expect(detected).toBeGreaterThan(5);
    // Named among all injected incidents (not among those detected: detecting one more small incident must not
    // count against naming). 8 of 12 here; bench:detect measures naming on 60 incidents a seed. Known miss: a
    // fire on наб. Волжская is never named — the first message of its first hour taught the rare topic's table
    // the street, and the next hour's 8 authors no longer pass (docs/detection.md, first-hour learning).
    expect(named / truth.incidents.length).toBeGreaterThanOrEqual(0.6);

    const terms = await api.inject('/api/terms?from=2024-12-01&to=2025-04-01&scope=municipality&limit=5');
    const first = (terms.json() as { items: { id: string; term: string }[] }).items[0];
    expect(first).toBeDefined();
    const one = await api.inject(`/api/terms/${encodeURIComponent(first?.id ?? '')}`);
    const samples = (one.json() as { samples: { text: string }[] }).samples;
    expect(samples.length).toBeGreaterThan(0);
    const stem = (first?.term ?? '').slice(0, 4);
    expect(samples.every((m) => m.text.toLowerCase().replaceAll('ё', 'е').includes(stem))).toBe(true);
  });
});
