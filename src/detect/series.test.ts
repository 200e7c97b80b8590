// biome-ignore-all lint/correctness/noPrecisionLoss: reference values are quoted with all the digits mpmath printed
// biome-ignore-all lint/suspicious/noApproximativeNumericConstant: ln 2 here is a reference value, not a constant
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { poissonUpperTail } from './poisson.ts';
import {
  detectSeries,
  findStepBreaks,
  inferStepMs,
  negBinomialLogUpperTail,
  normalLogUpperTail,
  type SeriesPoint,
  seasonalityOf,
} from './series.ts';
import { poissonSample, rng } from './test-random.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Monday 2026-01-05 00:00 UTC. */
const MONDAY = Date.parse('2026-01-05T00:00:00Z');

// ----------------------------------------------------------------------------------------------------------------
// Seeded generators (also write fixtures/series/*.csv)

/** Gamma(shape, 1) by Marsaglia–Tsang. */
function gammaSample(shape: number, rand: () => number): number {
  if (shape < 1) return gammaSample(shape + 1, rand) * rand() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = Math.sqrt(-2 * Math.log(rand() || 1e-12)) * Math.cos(2 * Math.PI * rand());
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    if (Math.log(rand()) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** Negative binomial with mean μ and variance μ + αμ² (a Poisson with a Gamma-distributed rate). */
function negBinomialSample(mu: number, alpha: number, rand: () => number): number {
  return poissonSample(mu * alpha * gammaSample(1 / alpha, rand), rand);
}

/** Hour-of-week shape (0 = Monday 00:00): quiet nights, busy working hours, quieter weekends. Mean ≈ 1. */
function weeklyShape(hourOfWeek: number): number {
  const day = Math.floor(hourOfWeek / 24);
  const hour = hourOfWeek % 24;
  let v = hour < 7 ? 0.15 : hour < 9 ? 1 : hour < 19 ? 1.8 : 0.8;
  if (day >= 5) v *= 0.6;
  return v / 0.93;
}

/** 60 days of hourly Poisson counts with a weekly cycle; `spikeAt` (hour index) gets `spikeExtra` more. */
function hourlySeries(opts: {
  days: number;
  ratePerHour: number;
  seed: number;
  alpha?: number;
  spikeAt?: number;
  spikeExtra?: number;
}): SeriesPoint[] {
  const rand = rng(opts.seed);
  const out: SeriesPoint[] = [];
  for (let h = 0; h < opts.days * 24; h++) {
    const mu = opts.ratePerHour * weeklyShape(h % 168);
    let value = opts.alpha ? negBinomialSample(mu, opts.alpha, rand) : poissonSample(mu, rand);
    if (h === opts.spikeAt) value += opts.spikeExtra ?? 0;
    out.push({ timeMs: MONDAY + h * HOUR_MS, value });
  }
  return out;
}

/** Daily counts: weekdays ~weekday, weekends ~weekend, mildly over-dispersed (α = 0.02). */
function dailySeries(opts: {
  days: number;
  weekday: number;
  weekend: number;
  seed: number;
  spikeAt?: number;
  spikeExtra?: number;
}): SeriesPoint[] {
  const rand = rng(opts.seed);
  const out: SeriesPoint[] = [];
  for (let d = 0; d < opts.days; d++) {
    const mu = d % 7 >= 5 ? opts.weekend : opts.weekday;
    let value = negBinomialSample(mu, 0.02, rand);
    if (d === opts.spikeAt) value += opts.spikeExtra ?? 0;
    out.push({ timeMs: MONDAY + d * DAY_MS, value });
  }
  return out;
}

const flaggedIndexes = (points: SeriesPoint[], pValue = 1e-4) =>
  detectSeries(points, { pValue })
    .map((r, i) => (r.flag ? i : -1))
    .filter((i) => i >= 0);

// ----------------------------------------------------------------------------------------------------------------

describe('tails: reference values', () => {
  // mpmath 1.3.0, mp.dps = 50: betainc(k, 1/α, 0, αμ/(1+αμ), regularized=True), which is P(X ≥ k) for the
  // negative binomial with mean μ and size 1/α (= scipy.stats.nbinom.sf(k − 1, 1/α, 1/(1+αμ)); scipy was not
  // installed), cross-checked by 1 − Σ_{j<k} Γ(j+r)/(Γ(r) j!) p^r q^j at 50 digits.
  it.each([
    [30, 10, 0.1, -7.5379092243512957],
    [5, 2, 0.5, -2.2129729343043586], // = ln(0.109375), exact: size 2, p = ½
    [3, 0.2, 1, -5.3752784076841649], // geometric: (0.2/1.2)^3 = 1/216 = 0.00462962…
    [1000, 100, 0.2, -36.423813445378953],
    [60, 50, 0.01, -1.9846928493499291],
    [50, 50, 0.3, -0.83473654639557405],
    [2, 10, 0.1, -0.0058766084889850424], // 1 − 0.5^10 − 10·0.5^11 = 0.994140625
  ])('negBinomialLogUpperTail(%d, μ=%d, α=%d) = %d', (k, mu, alpha, ref) => {
    expect(negBinomialLogUpperTail(k, mu, alpha)).toBeCloseTo(ref, 10);
  });

  it('negative binomial: α → 0 is the Poisson tail; trivial cases', () => {
    expect(Math.exp(negBinomialLogUpperTail(8, 0.5, 0))).toBeCloseTo(6.2196908637286483e-8, 20);
    expect(negBinomialLogUpperTail(8, 0.5, 1e-9)).toBe(Math.log(poissonUpperTail(8, 0.5)));
    // just above the switch to Poisson the two agree to ~1e-6 relative
    expect(negBinomialLogUpperTail(30, 10, 2e-7) / negBinomialLogUpperTail(30, 10, 0)).toBeCloseTo(1, 5);
    expect(negBinomialLogUpperTail(0, 3, 0.2)).toBe(0);
    expect(negBinomialLogUpperTail(1, 0, 0.2)).toBe(Number.NEGATIVE_INFINITY);
    expect(negBinomialLogUpperTail(1.5, 3, 0.2)).toBeNaN();
  });

  // mpmath 1.3.0, mp.dps = 50: log(1 − ncdf(z)) (= ln scipy.stats.norm.sf(z)); z = 40 and 8 via log(erfc(z/√2)/2).
  it.each([
    [0, -0.69314718055994531],
    [1, -1.8410216450092635],
    [3, -6.6077262215103495],
    [5, -15.064998393988726],
    [8, -35.01343715991455],
    [10, -53.231285150512471],
    [40, -804.60844201375379],
    [-2, -0.023012909328963488],
  ])('normalLogUpperTail(%d) = %d', (z, ref) => {
    expect(normalLogUpperTail(z)).toBeCloseTo(ref, 10);
    expect(normalLogUpperTail(z) / ref).toBeCloseTo(1, 12);
  });
});

describe('step and cycle', () => {
  it('infers the step as the median difference and reports the rows that break it', () => {
    const t = [0, 1, 2, 3, 5, 6, 7, 7.5, 8.5].map((h) => h * HOUR_MS);
    expect(inferStepMs(t)).toBe(HOUR_MS);
    expect(findStepBreaks(t, HOUR_MS)).toEqual([
      { index: 4, deltaMs: 2 * HOUR_MS },
      { index: 7, deltaMs: 0.5 * HOUR_MS },
    ]);
    expect(inferStepMs([5])).toBeNaN();
  });

  it('a daily series at local midnight across a daylight-saving change (23 h, 25 h) is regular', () => {
    const t = [0, 24, 48, 71, 95, 119, 144].map((h) => h * HOUR_MS);
    expect(inferStepMs(t)).toBe(DAY_MS);
    expect(findStepBreaks(t, DAY_MS)).toEqual([]);
  });

  it('chooses the cycle by the step', () => {
    expect(seasonalityOf(5 * 60_000)).toBe('hour-of-day');
    expect(seasonalityOf(30 * 60_000)).toBe('hour-of-day');
    expect(seasonalityOf(HOUR_MS)).toBe('hour-of-week');
    expect(seasonalityOf(DAY_MS)).toBe('day-of-week');
    expect(seasonalityOf(7 * DAY_MS)).toBe('none');
    expect(seasonalityOf(30 * DAY_MS)).toBe('none');
  });
});

describe('detectSeries', () => {
  it('uses only earlier points: results on a prefix equal the prefix of the results', () => {
    const points = hourlySeries({ days: 21, ratePerHour: 3, seed: 7 });
    const full = detectSeries(points);
    const prefix = detectSeries(points.slice(0, 400));
    expect(prefix).toEqual(full.slice(0, 400));
    expect(full[0]?.expected).toBeNaN();
    expect(full[0]).toMatchObject({ pValue: 1, score: 0, flag: false });
  });

  it('hourly Poisson counts with a weekly cycle: the spike is flagged, at most 2 others in 60 days (p = 1e-4)', () => {
    const spikeAt = 44 * 24 + 11; // a Wednesday 11:00 (λ ≈ 7.7)
    for (const seed of [1, 2, 3, 4]) {
      const points = hourlySeries({ days: 60, ratePerHour: 4, seed, spikeAt, spikeExtra: 25 });
      const results = detectSeries(points, { pValue: 1e-4 });
      const spike = results[spikeAt];
      expect(spike?.flag).toBe(true);
      expect(spike?.pValue).toBeLessThan(1e-5);
      expect(spike?.expected).toBeGreaterThan(5);
      expect(spike?.expected).toBeLessThan(11);
      // the score ranks: the spike outranks every other point after the warm-up
      const others = results.filter((_, i) => i >= 14 * 24 && i !== spikeAt).map((r) => r.score);
      expect(spike?.score).toBeGreaterThan(Math.max(...others));
      expect(results.filter((r, i) => r.flag && i !== spikeAt).length).toBeLessThanOrEqual(2);
    }
  });

  it('a sparse hourly series (λ ≈ 0.3/h): 8 in one hour is flagged, nothing else', () => {
    const spikeAt = 46 * 24 + 10;
    for (const seed of [1, 2, 3]) {
      const points = hourlySeries({ days: 60, ratePerHour: 0.3, seed, spikeAt, spikeExtra: 8 });
      expect(flaggedIndexes(points)).toEqual([spikeAt]);
    }
  });

  it('a burst is not absorbed into its own baseline: the hour after an identical burst still fires', () => {
    const points = hourlySeries({ days: 50, ratePerHour: 4, seed: 11 });
    const at = 44 * 24 + 10;
    (points[at] as SeriesPoint).value += 25;
    (points[at + 1] as SeriesPoint).value += 25;
    const results = detectSeries(points);
    expect(results[at]?.flag).toBe(true);
    expect(results[at + 1]?.flag).toBe(true);
    expect(results[at + 2]?.expected).toBeLessThan(1.15 * (results[at - 166]?.expected as number));
  });

  it('daily counts with a weekday/weekend pattern: weekends are not flagged, a weekday spike is', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const points = dailySeries({
        days: 182,
        weekday: 100,
        weekend: 30,
        seed,
        spikeAt: 150,
        spikeExtra: 150,
      });
      const results = detectSeries(points);
      expect(flaggedIndexes(points)).toEqual([150]);
      // the weekend is expected at its own level (true mean 30), not the week's average (80)
      const lastSaturday = 180;
      expect(results[lastSaturday]?.expected).toBeGreaterThan(24);
      expect(results[lastSaturday]?.expected).toBeLessThan(40);
    }
  });

  it('an over-dispersed series (negative binomial, α = 0.3): few false flags where Poisson would flag many', () => {
    let flags = 0;
    let poissonFlags = 0;
    for (const seed of [1, 2, 3]) {
      const points = hourlySeries({ days: 60, ratePerHour: 20, seed, alpha: 0.3 });
      const results = detectSeries(points);
      flags += results.filter((r) => r.flag).length;
      poissonFlags += results.filter(
        (r, i) => i >= 14 * 24 && poissonUpperTail(r.value, r.expected) < 1e-4,
      ).length;
    }
    expect(flags).toBeLessThanOrEqual(3);
    expect(poissonFlags).toBeGreaterThan(30);
  });

  it('non-integer values: Gaussian tail on a robust (MAD) scale, a weekday spike flagged, weekends not', () => {
    const rand = rng(5);
    const points: SeriesPoint[] = [];
    for (let d = 0; d < 182; d++) {
      const mu = d % 7 >= 5 ? 3.2 : 10.5;
      const noise = 0.8 * Math.sqrt(-2 * Math.log(rand() || 1e-12)) * Math.cos(2 * Math.PI * rand());
      points.push({ timeMs: MONDAY + d * DAY_MS, value: Math.max(0, mu + noise) + (d === 150 ? 6 : 0) });
    }
    expect(flaggedIndexes(points)).toEqual([150]);
  });

  it('weekly counts (no cycle) and 5-minute counts: only the injected spike', () => {
    const rand = rng(3);
    const weekly: SeriesPoint[] = [];
    for (let w = 0; w < 150; w++)
      weekly.push({ timeMs: MONDAY + w * 7 * DAY_MS, value: negBinomialSample(500, 0.01, rand) });
    (weekly[120] as SeriesPoint).value = 1100;
    expect(flaggedIndexes(weekly)).toEqual([120]);

    const fiveMin: SeriesPoint[] = [];
    for (let i = 0; i < 30 * 288; i++)
      fiveMin.push({
        timeMs: MONDAY + i * 300_000,
        value: poissonSample(0.5 * weeklyShape(Math.floor(i / 12) % 168), rand),
      });
    const spikeAt = 25 * 288 + 12 * 11; // day 25, 11:00
    (fiveMin[spikeAt] as SeriesPoint).value += 12;
    expect(flaggedIndexes(fiveMin)).toEqual([spikeAt]);
  });

  it('long bursts do not calibrate a later spike down: the tail is calibrated on episodes, not on their points', () => {
    // 5-minute counts (λ = 20); three 8-hour bursts at 3× in the week before a spike. The model does not learn a
    // burst, so its 96 points each stay surprising: calibrated on every point they were most of the tail's
    // excesses and the spike scored ~0 (below the bursts' tails); calibrated on each episode's news, it ranks first.
    const rand = rng(2);
    const points: SeriesPoint[] = [];
    for (let i = 0; i < 30 * 288; i++)
      points.push({ timeMs: MONDAY + i * 300_000, value: poissonSample(20, rand) });
    const lastBurst = 24 * 288 + 170;
    for (const start of [20 * 288 + 30, 22 * 288 + 100, lastBurst])
      for (let k = 0; k < 96; k++) (points[start + k] as SeriesPoint).value += poissonSample(40, rand);
    const spikeAt = 27 * 288 + 130;
    (points[spikeAt] as SeriesPoint).value += 40;
    const scores = detectSeries(points).map((r) => r.score);
    const after = scores.filter((_, i) => i >= lastBurst + 96 && i !== spikeAt);
    expect(scores[spikeAt]).toBeGreaterThan(Math.max(...after));
    expect(scores[spikeAt]).toBeGreaterThan(0.2);
  });

  it('a gap in the series is not a spike and the level survives it', () => {
    const points = hourlySeries({ days: 40, ratePerHour: 4, seed: 9 }).filter(
      (p) => p.timeMs < MONDAY + 20 * DAY_MS || p.timeMs >= MONDAY + 23 * DAY_MS,
    );
    expect(flaggedIndexes(points).length).toBeLessThanOrEqual(1);
  });

  it('honours minCount and warmupPoints, and rejects bad input', () => {
    const points = hourlySeries({ days: 30, ratePerHour: 0.3, seed: 2, spikeAt: 20 * 24 + 3, spikeExtra: 4 });
    const at = 20 * 24 + 3;
    expect(detectSeries(points)[at]?.flag).toBe(true);
    expect(detectSeries(points, { minCount: 10 })[at]?.flag).toBe(false);
    expect(detectSeries(points, { warmupPoints: 600 })[at]?.flag).toBe(false);
    expect(() => detectSeries(points, { pValue: 2 })).toThrow(RangeError);
    expect(() =>
      detectSeries([
        { timeMs: 2, value: 1 },
        { timeMs: 1, value: 1 },
      ]),
    ).toThrow(/must not decrease/);
    expect(() => detectSeries([{ timeMs: 1, value: -1 }], { model: 'counts' })).toThrow(/not a count/);
    expect(() => detectSeries([{ timeMs: 1, value: 2.5 }], { model: 'counts' })).toThrow(/not a count/);
    expect(() => detectSeries([{ timeMs: 1, value: Number.NaN }])).toThrow(/finite/);
    expect(detectSeries([])).toEqual([]);
  });
});

// ----------------------------------------------------------------------------------------------------------------
// Example series for the README: fixtures/series/{hourly,daily}.csv are this generator's output. A missing file
// is written locally (and fails in CI); a changed one fails with a *-changed.csv beside it.

function toCsv(points: SeriesPoint[], format: (ms: number) => string): string {
  return `timestamp,value\n${points.map((p) => `${format(p.timeMs)},${p.value}`).join('\n')}\n`;
}

const FIXTURES: Record<string, () => string> = {
  // 60 days from Monday 2026-01-05, ~4 an hour with a weekly cycle; 30 extra on Wednesday 2026-02-18 11:00 UTC.
  'hourly.csv': () =>
    toCsv(
      hourlySeries({ days: 60, ratePerHour: 4, seed: 2026, spikeAt: 44 * 24 + 11, spikeExtra: 30 }),
      (ms) => new Date(ms).toISOString().replace('.000Z', 'Z'),
    ),
  // 26 weeks from Monday 2026-01-05, ~100 on weekdays, ~30 at weekends; 150 extra on Thursday 2026-06-04.
  'daily.csv': () =>
    toCsv(
      dailySeries({ days: 182, weekday: 100, weekend: 30, seed: 2026, spikeAt: 150, spikeExtra: 150 }),
      (ms) => new Date(ms).toISOString().slice(0, 10),
    ),
};

describe('fixtures/series', () => {
  it.each(Object.keys(FIXTURES))('%s is the generator output', (name) => {
    const path = `fixtures/series/${name}`;
    const expected = (FIXTURES[name] as () => string)();
    if (!existsSync(path)) {
      if (process.env.CI) throw new Error(`${path} is missing (generated locally, never in CI)`);
      mkdirSync('fixtures/series', { recursive: true });
      writeFileSync(path, expected);
    }
    const actual = readFileSync(path, 'utf8');
    if (actual !== expected) writeFileSync(path.replace(/\.csv$/, '-changed.csv'), expected);
    expect(actual === expected, `${path} differs from the generator (see *-changed.csv)`).toBe(true);
  });
});
