import { describe, expect, it } from 'vitest';
import { fixedClock } from '../clock.ts';
import { VspError } from '../errors.ts';
import type { Aggregate, Anomaly, Bucket, TopicId } from '../records.ts';
import { Windower, type WindowInput } from '../window/windower.ts';
import { createDetector, type Detector, learningCap, scoreOf, severityOf } from './index.ts';
import { poissonSample, rng } from './test-random.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Monday 00:00 in Yekaterinburg (UTC+5). */
const MONDAY = Date.parse('2026-11-02T00:00:00+05:00');
const YEKATERINBURG = 300;

/** Local hour-of-week shape: quiet nights, busy working hours, a busier Monday morning; mean 1. */
function weeklyShape(mondayBoost: number): number[] {
  const raw: number[] = [];
  for (let day = 0; day < 7; day++) {
    for (let hour = 0; hour < 24; hour++) {
      const weekend = day >= 5;
      let v = hour < 7 ? 0.15 : hour < 9 ? 1 : hour < 19 ? 1.8 : 0.8;
      if (weekend) v *= 0.6;
      if (day === 0 && hour >= 8 && hour < 12) v *= mondayBoost;
      raw.push(v);
    }
  }
  const mean = raw.reduce((s, v) => s + v, 0) / raw.length;
  return raw.map((v) => v / mean);
}

function hourAgg(
  municipality: string,
  topic: TopicId,
  startMs: number,
  count: number,
  uniqueAuthors = count,
): Aggregate {
  return {
    bucket: 'hour',
    municipality,
    topic,
    startMs,
    endMs: startMs + HOUR_MS,
    count,
    uniqueAuthors,
    sources: { vk: count },
    revision: false,
  };
}

/**
 * Hourly unique-author counts of one key drawn from Poisson(rate(hour) × shape(local hour of week)); only the
 * non-empty hours are observed, as the windower would emit them. Returns the anomalies.
 */
function feedSeries(
  detector: Detector,
  opts: {
    municipality: string;
    hours: number;
    rate: (hourIndex: number) => number;
    shape: number[];
    seed: number;
    prior?: number;
  },
): Anomaly[] {
  const rand = rng(opts.seed);
  const out: Anomaly[] = [];
  for (let h = 0; h < opts.hours; h++) {
    const n = poissonSample(opts.rate(h) * (opts.shape[h % 168] as number), rand);
    if (n === 0) continue;
    const a = detector.observe(hourAgg(opts.municipality, 'heating', MONDAY + h * HOUR_MS, n), {
      utcOffsetMin: YEKATERINBURG,
      priorPerHour: opts.prior,
    });
    if (a) out.push(a);
  }
  return out;
}

const HOURLY = { bucket: 'hour' as Bucket, pValue: 1e-4, minCount: 5, warmupMs: 7 * DAY_MS };

describe('Poisson burst detector: a small town (λ ≈ 0.2 unique authors an hour)', () => {
  const town = '65755000';
  /** 30 days of a small town's messages as events, through the windower, then an extra hour. */
  function run(extra: WindowInput[]): { anomalies: Anomaly[]; detector: Detector; windower: Windower } {
    const detector = createDetector(HOURLY);
    const windower = new Windower({ buckets: ['hour'], allowedDelayMs: 0 });
    const rand = rng(2026);
    const shape = weeklyShape(1);
    const events: WindowInput[] = [];
    for (let h = 0; h < 30 * 24; h++) {
      const n = poissonSample(0.2 * (shape[h % 168] as number), rand);
      for (let i = 0; i < n; i++) {
        events.push({
          eventTimeMs: MONDAY + h * HOUR_MS + Math.floor(rand() * HOUR_MS),
          municipality: town,
          topic: 'heating',
          author: `resident-${Math.floor(rand() * 5000)}`,
          source: 'vk',
          utcOffsetMin: YEKATERINBURG,
        });
      }
    }
    const anomalies: Anomaly[] = [];
    for (const e of [...events.sort((a, b) => a.eventTimeMs - b.eventTimeMs), ...extra]) {
      windower.add(e);
      for (const agg of windower.advance()) {
        const a = detector.observe(agg, { utcOffsetMin: YEKATERINBURG, priorPerHour: 0.2 });
        if (a) anomalies.push(a);
      }
    }
    for (const agg of windower.flush()) {
      const a = detector.observe(agg, { utcOffsetMin: YEKATERINBURG, priorPerHour: 0.2 });
      if (a) anomalies.push(a);
    }
    return { anomalies, detector, windower };
  }
  const burstStart = MONDAY + 30 * DAY_MS + 11 * HOUR_MS; // Wednesday, 11:00 local
  const burst = (author: (i: number) => string): WindowInput[] =>
    Array.from({ length: 8 }, (_, i) => ({
      eventTimeMs: burstStart + i * 5 * 60_000,
      municipality: town,
      topic: 'heating' as TopicId,
      author: author(i),
      source: 'vk',
      utcOffsetMin: YEKATERINBURG,
    }));

  it('is quiet for 30 days of ordinary traffic', () => {
    const { anomalies, detector } = run([]);
    expect(anomalies).toEqual([]);
    expect(detector.stats()).toMatchObject({ keys: 1, anomalies: 0 });
  });

  it('fires on 8 distinct authors in one hour', () => {
    const { anomalies } = run(burst((i) => `neighbour-${i}`));
    expect(anomalies).toHaveLength(1);
    const a = anomalies[0] as Anomaly;
    expect(a).toMatchObject({
      id: `hour:${town}:heating:${burstStart}`,
      bucket: 'hour',
      municipality: town,
      topic: 'heating',
      startMs: burstStart,
      endMs: burstStart + HOUR_MS,
      observed: 8,
      detector: 'poisson-burst',
      detectedAtMs: burstStart + HOUR_MS,
    });
    expect(a.expected).toBeGreaterThan(0.05);
    expect(a.expected).toBeLessThan(1);
    expect(a.pValue).toBeLessThan(1e-6);
    expect(a.score).toBeGreaterThan(0.4);
    expect(a.score).toBeLessThan(1);
    expect(['high', 'critical']).toContain(a.severity);
  });

  it('does not fire on the same 8 messages from one author (a bot flood)', () => {
    const { anomalies } = run(burst(() => 'bot-1'));
    expect(anomalies).toEqual([]);
  });
});

describe('Poisson burst detector: no false alarms on ordinary patterns', () => {
  it('a big city’s normal busy Monday morning does not fire', () => {
    const detector = createDetector(HOURLY);
    const shape = weeklyShape(1.8); // Monday 08–12 is ~3× the average hour: the weekend's backlog
    const anomalies = feedSeries(detector, {
      municipality: '65701000',
      hours: 29 * 24, // four weeks and the fifth Monday
      rate: () => 20,
      shape,
      seed: 11,
      prior: 15,
    });
    const mondayMornings = anomalies.filter((a) => {
      const h = ((a.startMs - MONDAY) / HOUR_MS) % 168;
      return h >= 8 && h < 12;
    });
    expect(mondayMornings).toEqual([]);
    expect(anomalies.length).toBeLessThanOrEqual(1);
    expect(detector.stats().observed).toBeGreaterThan(600);
  });

  it('a slow seasonal doubling over three weeks gives few or no alerts', () => {
    const detector = createDetector(HOURLY);
    const anomalies = feedSeries(detector, {
      municipality: '65740000',
      hours: 38 * 24,
      // 1 author/h for 10 days, then doubling smoothly over 21 days, then the new level for a week
      rate: (h) => 1 * 2 ** Math.min(1, Math.max(0, (h / 24 - 10) / 21)),
      shape: weeklyShape(1),
      seed: 5,
      prior: 1,
    });
    expect(anomalies.length).toBeLessThanOrEqual(2);
  });
});

describe('Poisson burst detector: mechanics', () => {
  const ctx = { utcOffsetMin: YEKATERINBURG, priorPerHour: 0.2 };

  it('treats the gap between windows as zeros (a silent key’s expectation falls)', () => {
    const detector = createDetector({ ...HOURLY, warmupMs: 0 });
    detector.observe(hourAgg('1', 'waste', MONDAY + 9 * HOUR_MS, 1), ctx);
    const early = detector.observe(hourAgg('1', 'waste', MONDAY + 10 * HOUR_MS, 5), ctx);
    const other = createDetector({ ...HOURLY, warmupMs: 0 });
    other.observe(hourAgg('1', 'waste', MONDAY + 9 * HOUR_MS, 1), ctx);
    const late = other.observe(hourAgg('1', 'waste', MONDAY + 9 * HOUR_MS + 14 * DAY_MS, 5), ctx);
    expect(late).not.toBeNull();
    if (early) expect((late as Anomaly).expected).toBeLessThan(early.expected);
    expect((late as Anomaly).expected).toBeLessThan(0.2 * 0.5 * 1.8);
  });

  it('stays silent during warmup, even for a clear burst', () => {
    const detector = createDetector(HOURLY);
    detector.observe(hourAgg('1', 'gas', MONDAY, 1), ctx);
    expect(detector.observe(hourAgg('1', 'gas', MONDAY + 3 * DAY_MS, 20), ctx)).toBeNull();
    expect(detector.stats().suppressedInWarmup).toBe(1);
    expect(detector.observe(hourAgg('1', 'gas', MONDAY + 8 * DAY_MS, 20), ctx)).not.toBeNull();
  });

  it('counts a key first seen late in the stream as having the stream’s history of zeros', () => {
    const detector = createDetector(HOURLY);
    detector.observe(hourAgg('other-town', 'gas', MONDAY, 1), ctx);
    const a = detector.observe(hourAgg('new-town', 'gas', MONDAY + 20 * DAY_MS + 10 * HOUR_MS, 8), ctx);
    expect(a).not.toBeNull();
  });

  it('never fires below minCount, however unlikely', () => {
    const detector = createDetector({ ...HOURLY, warmupMs: 0, minCount: 5 });
    detector.observe(hourAgg('1', 'gas', MONDAY, 1), { utcOffsetMin: 300, priorPerHour: 0.001 });
    expect(detector.observe(hourAgg('1', 'gas', MONDAY + 30 * DAY_MS, 4), { utcOffsetMin: 300 })).toBeNull();
  });

  it('does not absorb a burst into its own baseline: a second identical burst the next hour still fires', () => {
    const detector = createDetector(HOURLY);
    const shape = weeklyShape(1);
    feedSeries(detector, { municipality: '1', hours: 14 * 24, rate: () => 0.2, shape, seed: 3, prior: 0.2 });
    const t = MONDAY + 14 * DAY_MS + 10 * HOUR_MS;
    const first = detector.observe(hourAgg('1', 'heating', t, 9), ctx);
    const second = detector.observe(hourAgg('1', 'heating', t + HOUR_MS, 9), ctx);
    expect(first).not.toBeNull();
    expect(second).not.toBeNull();
    expect((second as Anomaly).expected).toBeLessThan(2 * (first as Anomaly).expected);
    expect(detector.stats().cappedLearning).toBe(2);
  });

  it('tests a revision (late authors) and upserts by the same id', () => {
    const detector = createDetector({ ...HOURLY, warmupMs: 0 });
    const t = MONDAY + 10 * DAY_MS + 10 * HOUR_MS;
    detector.observe(hourAgg('1', 'roads', MONDAY, 1), ctx);
    expect(detector.observe(hourAgg('1', 'roads', t, 2), ctx)).toBeNull();
    const revised = detector.observe({ ...hourAgg('1', 'roads', t, 9), revision: true }, ctx);
    expect(revised?.id).toBe(`hour:1:roads:${t}`);
    expect(detector.stats().revisions).toBe(1);
  });

  it('counts how often a flagged window was flagged again, and carries that count through a snapshot', () => {
    const detector = createDetector({ ...HOURLY, warmupMs: 0 });
    const t = MONDAY + 10 * DAY_MS + 10 * HOUR_MS;
    detector.observe(hourAgg('1', 'roads', MONDAY, 1), ctx);
    expect(detector.observe(hourAgg('1', 'roads', t, 9), ctx)?.updates).toBe(0);
    expect(detector.observe({ ...hourAgg('1', 'roads', t, 11), revision: true }, ctx)?.updates).toBe(1);
    const restored = createDetector({ ...HOURLY, warmupMs: 0 }, undefined, detector.snapshot());
    const next = { ...hourAgg('1', 'roads', t, 13), revision: true };
    expect(restored.observe(next, ctx)).toEqual(detector.observe(next, ctx));
    expect(restored.observe(next, ctx)?.updates).toBe(3);
  });

  it('flags a burst spread over several hours as one span, but not one account posting every hour', () => {
    const quiet = { utcOffsetMin: YEKATERINBURG, priorPerHour: 0.01 };
    const span = { ...HOURLY, pValue: 1e-6, minCount: 3, warmupMs: 0, spanWindows: 6 };
    const withAuthors = (startMs: number, authors: string[]): Aggregate => ({
      ...hourAgg('7', 'waste', startMs, authors.length),
      authorIds: authors,
    });
    const t = MONDAY + 20 * DAY_MS + 9 * HOUR_MS;
    // Two new people an hour for four hours: no single hour is unusual enough, the four together are.
    const spread = createDetector(span);
    spread.observe(hourAgg('7', 'waste', MONDAY, 1), quiet);
    const found = [0, 1, 2, 3]
      .map((h) => spread.observe(withAuthors(t + h * HOUR_MS, [`a${h}`, `b${h}`]), quiet))
      .filter((a): a is Anomaly => a !== null);
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]).toMatchObject({ detector: 'poisson-span', municipality: '7', topic: 'waste' });
    expect((found[0] as Anomaly).id.startsWith('span:hour:7:waste:')).toBe(true);
    expect((found[0] as Anomaly).startMs).toBeLessThan(t + 3 * HOUR_MS);
    // The same author every hour for six hours is one voice.
    const flood = createDetector(span);
    flood.observe(hourAgg('7', 'waste', MONDAY, 1), quiet);
    for (let h = 0; h < 6; h++)
      expect(flood.observe(withAuthors(t + h * HOUR_MS, ['bot']), quiet)).toBeNull();
    // Without the span test the spread burst goes unflagged.
    const single = createDetector({ ...span, spanWindows: 0 });
    single.observe(hourAgg('7', 'waste', MONDAY, 1), quiet);
    for (let h = 0; h < 4; h++)
      expect(single.observe(withAuthors(t + h * HOUR_MS, [`a${h}`, `b${h}`]), quiet)).toBeNull();
  });

  it('forgets the span history of a key idle for a week, and a restored detector forgets it at the same window', () => {
    const span = { ...HOURLY, warmupMs: 0, spanWindows: 6 };
    const withAuthors = (m: string, startMs: number): Aggregate => ({
      ...hourAgg(m, 'waste', startMs, 1),
      authorIds: [`${m}@${startMs}`],
    });
    const d = createDetector(span);
    d.observe(withAuthors('idle', MONDAY), ctx);
    const keys = (x: Detector) => (x.snapshot().recent ?? []).map(([k]) => k.split('\u0000')[0]);
    let restored: Detector | undefined;
    // The busy key writes every hour for eight days; the idle key's history goes at the first day past a week.
    for (let h = 1; h <= 8 * 24; h++) {
      const agg = withAuthors('busy', MONDAY + h * HOUR_MS);
      const a = d.observe(agg, ctx);
      if (restored) expect(restored.observe(agg, ctx)).toEqual(a);
      if (h === 3 * 24 + 5)
        restored = createDetector(span, undefined, JSON.parse(JSON.stringify(d.snapshot())));
      if (h < 7 * 24) expect(keys(d)).toContain('idle');
    }
    expect(keys(d)).toEqual(['busy']);
    expect((restored as Detector).snapshot()).toEqual(d.snapshot());
  });

  it("tunes a series' sensitivity from analysts' labels, once per label even across a restart", () => {
    const cfg = { ...HOURLY, pValue: 1e-6, minCount: 3, warmupMs: 0 };
    const t = MONDAY + 10 * DAY_MS + 10 * HOUR_MS;
    const burst = (d: Detector) => d.observe(hourAgg('1', 'roads', t, 4), ctx);
    const seeded = () => {
      const d = createDetector(cfg);
      d.observe(hourAgg('1', 'roads', MONDAY, 1), ctx);
      return d;
    };
    expect(burst(seeded())).not.toBeNull();
    // Three 'noise' verdicts: 1,000× stricter for this key; the same burst no longer fires.
    const noisy = seeded();
    for (const at of [1, 2, 3]) noisy.feedback('1', 'roads', 'noise', at);
    expect(burst(noisy)).toBeNull();
    // Other keys are untouched; 'real' verdicts loosen it back (never beyond the configured threshold).
    expect(noisy.observe(hourAgg('1', 'waste', t, 4), ctx)).not.toBeNull();
    const restored = createDetector(cfg, undefined, JSON.parse(JSON.stringify(noisy.snapshot())));
    restored.feedback('1', 'roads', 'noise', 3); // already applied before the snapshot: skipped
    for (const at of [4, 5, 6, 7]) restored.feedback('1', 'roads', 'real', at);
    expect(restored.feedbackUpToMs).toBe(7);
    expect(restored.observe(hourAgg('1', 'roads', t + 2 * DAY_MS, 5), ctx)).not.toBeNull();
    expect(restored.snapshot().sensitivity).toEqual([]);
  });

  it('estimates the over-dispersion of each topic (weather-driven ones swing more) and leaves Poisson ones at zero', () => {
    const rand = rng(11);
    const exp = (mean: number) => -Math.log(1 - rand()) * mean;
    // Gamma(1/α, αμ) rate (a sum of 1/α exponentials), then Poisson: NB with mean 10 and variance μ + αμ².
    const draw = (alpha: number) => {
      const shape = alpha > 0 ? Math.round(1 / alpha) : 0;
      let lambda = 10;
      if (shape > 0) {
        lambda = 0;
        for (let k = 0; k < shape; k++) lambda += exp(10 / shape);
      }
      return poissonSample(lambda, rand);
    };
    const d = createDetector({ ...HOURLY, warmupMs: 0 });
    const city = { utcOffsetMin: YEKATERINBURG, priorPerHour: 10 };
    for (let h = 0; h < 24 * 120; h++) {
      const at = MONDAY + h * HOUR_MS;
      for (const [topic, alpha] of [
        ['roads', 0],
        ['snow_ice', 0.2],
      ] as const) {
        const n = draw(alpha);
        if (n > 0) d.observe(hourAgg('9', topic, at, n), city);
      }
    }
    const { dispersion, topicDispersion } = d.stats();
    expect(topicDispersion.roads).toBeLessThan(0.03);
    expect(topicDispersion.snow_ice).toBeGreaterThan(0.12);
    expect(topicDispersion.snow_ice).toBeLessThan(0.3);
    // Pooled: in between, used only for topics without enough busy windows of their own.
    expect(dispersion).toBeGreaterThan(topicDispersion.roads ?? 1);
    expect(dispersion).toBeLessThan(topicDispersion.snow_ice ?? 0);
  });

  it('runs on 5-minute windows for early warning, with λ for five minutes', () => {
    const five = createDetector({ ...HOURLY, bucket: '5m' });
    const hourly = createDetector(HOURLY);
    five.observe({ ...hourAgg('1', 'water_sewer', MONDAY, 1), bucket: '5m', endMs: MONDAY + 300_000 }, ctx);
    const start = MONDAY + 9 * DAY_MS + 10 * HOUR_MS + 15 * 60_000;
    const a = five.observe(
      { ...hourAgg('1', 'water_sewer', start, 6), bucket: '5m', endMs: start + 300_000 },
      ctx,
    );
    expect(a?.id).toBe(`5m:1:water_sewer:${start}`);
    expect((a as Anomaly).expected).toBeLessThan((0.2 / 12) * 3);
    expect(hourly.observe({ ...hourAgg('1', 'water_sewer', start, 6), bucket: '5m' }, ctx)).toBeNull();
    expect(hourly.stats().otherBucket).toBe(1);
  });

  it('stamps detectedAtMs from the clock when one is given', () => {
    const detector = createDetector({ ...HOURLY, warmupMs: 0 }, fixedClock(42));
    detector.observe(hourAgg('1', 'gas', MONDAY, 1), ctx);
    expect(detector.observe(hourAgg('1', 'gas', MONDAY + 5 * DAY_MS, 12), ctx)?.detectedAtMs).toBe(42);
  });

  it('keeps state per key, not per message', () => {
    const detector = createDetector(HOURLY);
    for (let h = 0; h < 24 * 14; h++) {
      for (let m = 0; m < 50; m++)
        detector.observe(hourAgg(`m${m}`, 'waste', MONDAY + h * HOUR_MS, 1 + (h % 3)), ctx);
    }
    expect(detector.stats()).toMatchObject({ keys: 50, topics: 1, observed: 50 * 24 * 14 });
  });

  it('validates its configuration', () => {
    expect(() => createDetector({ ...HOURLY, pValue: 0 })).toThrow(VspError);
    expect(() => createDetector({ ...HOURLY, minCount: 0 })).toThrow(VspError);
    expect(() => createDetector({ ...HOURLY, warmupMs: -1 })).toThrow(VspError);
    expect(() => createDetector({ ...HOURLY, bucket: 'week' as Bucket })).toThrow(VspError);
    expect(() => createDetector({ ...HOURLY, baseline: { levelTimeConstantMs: 0 } })).toThrow(VspError);
  });
});

describe('severity, score and learning cap', () => {
  it('maps to critical / high / normal', () => {
    expect(severityOf(10, 2, 1e-5)).toBe('critical'); // ≥ 5× expected and ≥ 10 authors
    expect(severityOf(9, 1, 1e-5)).toBe('normal'); // 9× but fewer than 10 authors
    expect(severityOf(6, 0.1, 1e-9)).toBe('high'); // very surprising, but six voices: not a crisis
    expect(severityOf(4, 0.01, 1e-9)).toBe('high');
    expect(severityOf(12, 3, 1e-7)).toBe('high');
    expect(severityOf(30, 10, 1e-5)).toBe('normal');
  });

  it('scores monotonically in −log10 p within 0..1', () => {
    expect(scoreOf(0)).toBe(0);
    expect(scoreOf(-8)).toBe(0.5);
    expect(scoreOf(-4)).toBeLessThan(scoreOf(-5));
    expect(scoreOf(Number.NEGATIVE_INFINITY)).toBe(1);
  });

  it('caps learning at ⌈λ + 3√λ + 1⌉', () => {
    expect(learningCap(0.25)).toBe(3);
    expect(learningCap(100)).toBe(131);
  });
});
