import { describe, expect, it } from 'vitest';
import type { Aggregate, Anomaly, TopicId } from '../records.ts';
import { createPrng } from '../source/generator/prng.ts';
import { SlowRise } from './slow-rise.ts';

const DAY_MS = 86_400_000;
const T0 = Date.UTC(2025, 0, 1) - 5 * 3_600_000; // local midnight at UTC+5
const TOWNS = ['01', '02', '03', '04', '05', '06'];

function day(municipality: string, d: number, authors: number, topic: TopicId = 'water_sewer'): Aggregate {
  const startMs = T0 + d * DAY_MS;
  return {
    bucket: 'day',
    municipality,
    topic,
    startMs,
    endMs: startMs + DAY_MS,
    count: authors,
    uniqueAuthors: authors,
    sources: { vk: authors },
    revision: false,
  };
}

/** Over-dispersed daily counts: a gamma day factor (CV 0.35, as the generator's) times Poisson. */
function sampler(seed: number) {
  const rng = createPrng(seed, 'slow');
  const normal = () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  const poisson = (l: number) => {
    if (l > 30) return Math.max(0, Math.round(l + Math.sqrt(l) * normal()));
    let k = 0;
    let p = Math.exp(-l);
    let s = p;
    const u = rng.next();
    while (u > s) {
      k++;
      p *= l / k;
      s += p;
    }
    return k;
  };
  return (mean: number) => poisson(mean * Math.max(0.05, 1 + 0.35 * normal()));
}

/** Run `days` days for every town with `meanOf(town, day)`; returns the anomalies, by town. */
function run(days: number, meanOf: (town: string, d: number) => number, seed = 1, det = new SlowRise()) {
  const draw = sampler(seed);
  const out = new Map<string, Anomaly[]>();
  for (let d = 0; d < days; d++)
    for (const town of TOWNS) {
      const n = draw(meanOf(town, d));
      if (n === 0) continue; // no window on a silent day
      const a = det.observe(day(town, d, n));
      if (a) out.set(town, [...(out.get(town) ?? []), a]);
    }
  return { out, det };
}

describe('slow rise (CUSUM against the other towns’ trend)', () => {
  it('stays quiet on a year of over-dispersed steady counts in six towns', () => {
    for (const seed of [1, 2, 3]) {
      const { out, det } = run(365, () => 12, seed);
      expect([...out.values()].flat()).toEqual([]);
      expect(det.stats().tested).toBeGreaterThan(1500);
    }
  });

  it('does not flag a season every town goes through (heating in October)', () => {
    // Every town doubles over three weeks from day 120 and stays there.
    const season = (d: number) => 10 * (d < 120 ? 1 : d < 141 ? 1 + (d - 120) / 21 : 2);
    const { out } = run(220, (_, d) => season(d));
    expect([...out.values()].flat()).toEqual([]);
  });

  it('flags one town drifting up 60 % over two weeks while its peers stay flat, within four weeks', () => {
    const drift = (town: string, d: number) =>
      town === '03' && d >= 100 ? 12 * (1 + 0.6 * Math.min(1, (d - 100) / 14)) : 12;
    const { out } = run(160, drift);
    expect([...out.keys()]).toEqual(['03']);
    const first = (out.get('03') as Anomaly[])[0] as Anomaly;
    expect(first.detector).toBe('cusum');
    expect(first.bucket).toBe('day');
    expect(first.endMs).toBeLessThan(T0 + 128 * DAY_MS);
    expect(first.startMs).toBeGreaterThanOrEqual(T0 + 95 * DAY_MS);
    expect(first.observed).toBeGreaterThan(first.expected);
    // One run, one id, re-emitted as it continues.
    const ids = new Set((out.get('03') as Anomaly[]).map((a) => a.id));
    expect(ids.size).toBeLessThanOrEqual(2);
    expect((out.get('03') as Anomaly[]).at(-1)?.updates).toBeGreaterThan(3);
  });

  it('leaves one-day bursts to the burst tests', () => {
    const bursts = (town: string, d: number) => (town === '02' && d % 30 === 15 ? 120 : 12);
    const { out } = run(200, bursts);
    expect(out.size).toBe(0);
  });

  it('continues identically from a snapshot (through JSON)', () => {
    const drift = (town: string, d: number) => (town === '05' && d >= 60 ? 24 : 12);
    const whole = run(120, drift, 4).out;
    const draw = sampler(4);
    const a = new SlowRise();
    const seen: Anomaly[] = [];
    let det = a;
    for (let d = 0; d < 120; d++) {
      if (d === 70) det = new SlowRise({}, JSON.parse(JSON.stringify(det.snapshot())));
      for (const town of TOWNS) {
        const n = draw(drift(town, d));
        if (n === 0) continue;
        const x = det.observe(day(town, d, n));
        if (x) seen.push(x);
      }
    }
    expect(seen).toEqual([...whole.values()].flat().sort((x, y) => x.detectedAtMs - y.detectedAtMs));
    expect(seen.length).toBeGreaterThan(0);
  });
});
