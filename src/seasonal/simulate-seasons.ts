/**
 * A seeded generator of daily complaint counts with a seasonal wave whose timing and size vary from season to
 * season (weather), for the backtest (bench/seasonal.ts) and the tests. Not the stream generator
 * (src/source/generator): that one draws messages with a fixed yearly curve; the planner needs years that
 * differ — early and late winters, mild and severe ones.
 *
 * Daily rate in season s at week position x (weeks since the season's 1st with `realistic`, since its first Monday
 * without — fractional):
 *   λ = base · (1 + severity_s · Σ_k amplitude_k · bump_k(x − shift_s)) · campaignFactor(day)
 * where each bump is a raised cosine rising from `riseWeek` to 1 at `peakWeek` and falling to 0 at `endWeek`
 * (the shape of the stream generator's waves, topic-profiles.ts). Counts are Poisson.
 *
 * `realistic` (the backtest) fixes two defects of the first version, kept as the default so that series the tests
 * of other modules were written against stay the same: waves were placed in weeks from the season's first Monday,
 * so their calendar dates moved by up to 6 days with the weekday of the 1st, and a planner whose seasons start in
 * another month saw them 4 or 5 weeks from its own first Monday depending on the year (real weather follows the
 * calendar); and Knuth's Poisson draw uses a number of uniforms that grows with the rate, so any change to a rate
 * redrew every later day and the next topic's weather — with `realistic`, one uniform a day (poissonFromUniform).
 */

import { probit } from 'simple-statistics';
import type { DailySeries } from './daily-series.ts';
import { monthStartDay, yearOfDay } from './days.ts';
import { firstMondayOnOrAfter } from './split-seasons.ts';

export interface WaveSpec {
  /** Week of the season the wave starts rising, peaks, and is over (season weeks from week 0). */
  readonly riseWeek: number;
  readonly peakWeek: number;
  readonly endWeek: number;
  /** Peak rate over the base rate, minus 1, in a season of severity 1 (0: no wave). */
  readonly amplitude: number;
}

export interface SeasonWeather {
  /** Weeks the wave comes late (+) or early (−) this season. */
  readonly shiftWeeks: number;
  /** Multiplies the wave's amplitude (1: a typical season; 0: no wave at all this season). */
  readonly severity: number;
}

export interface SimulateOptions {
  /** First season's first year; the season starts on the 1st of `startMonth` (0–11). */
  readonly firstYear: number;
  readonly startMonth: number;
  /** One entry per season simulated. */
  readonly weather: readonly SeasonWeather[];
  /** Mean complaints a day outside the wave. */
  readonly baseDaily: number;
  /** One wave, or several (heating: the season's start and the winter cold) sharing the season's weather. */
  readonly wave: WaveSpec | readonly WaveSpec[];
  /** Multiplies the rate on days in [fromDay, toDay) — a campaign's true effect (0.6 = −40%). */
  readonly effect?: { readonly fromDay: number; readonly toDay: number; readonly factor: number };
  readonly rand: () => number;
  /** Weeks from the season's 1st and one uniform a day (see above); default false. */
  readonly realistic?: boolean;
}

/** Poisson draw: Knuth's method below 30, a rounded normal above (error negligible at such means). */
export function poissonDraw(lambda: number, rand: () => number): number {
  if (lambda <= 0) return 0;
  if (lambda > 30) {
    const u = Math.max(rand(), 1e-300);
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
    return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * z));
  }
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = rand();
  while (p > limit) {
    k++;
    p *= rand();
  }
  return k;
}

/**
 * Poisson draw by inversion from one uniform u in [0, 1): the smallest k with F(k) > u. One uniform a day whatever
 * the rate — common random numbers: two simulations that differ only in their rates (say, where a wave is
 * anchored) use the same uniforms for the same days, and what is drawn after them (the next topic's weather)
 * stays the same; Knuth's method (poissonDraw) uses a number of uniforms that grows with the rate. Above a rate
 * of 500 (e^−λ underflows near 745), a rounded normal from the same uniform.
 * @example poissonFromUniform(2, 0.5) // F(0) = 0.1353, F(1) = 0.4060, F(2) = 0.6767 → 2
 */
export function poissonFromUniform(lambda: number, u: number): number {
  if (lambda <= 0) return 0;
  if (lambda > 500) {
    const z = probit(Math.min(Math.max(u, 1e-12), 1 - 1e-12));
    return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * z));
  }
  const cap = lambda + 40 * Math.sqrt(lambda) + 40; // F(cap) is 1 to double precision
  let k = 0;
  let p = Math.exp(-lambda);
  let f = p;
  while (u >= f && k < cap) {
    k++;
    p *= lambda / k;
    f += p;
  }
  return k;
}

/** Raised-cosine bump: 0 before `rise`, 1 at `peak`, 0 from `end`. */
export function bump(x: number, wave: WaveSpec): number {
  if (x <= wave.riseWeek || x >= wave.endWeek) return 0;
  if (x <= wave.peakWeek)
    return 0.5 - 0.5 * Math.cos((Math.PI * (x - wave.riseWeek)) / (wave.peakWeek - wave.riseWeek));
  return 0.5 + 0.5 * Math.cos((Math.PI * (x - wave.peakWeek)) / (wave.endWeek - wave.peakWeek));
}

/** The expected daily rate (before Poisson noise) on `day`, for checks and for the tests' true values. */
export function expectedDaily(day: number, opts: Omit<SimulateOptions, 'rand'>): number {
  let year = yearOfDay(day);
  let start = monthStartDay(year, opts.startMonth);
  if (start > day) start = monthStartDay(--year, opts.startMonth);
  const s = year - opts.firstYear;
  const w = opts.weather[s];
  if (w === undefined) return Number.NaN;
  const x = (day - (opts.realistic === true ? start : firstMondayOnOrAfter(start))) / 7;
  const e = opts.effect;
  const factor = e !== undefined && day >= e.fromDay && day < e.toDay ? e.factor : 1;
  const waves: readonly WaveSpec[] = Array.isArray(opts.wave) ? opts.wave : [opts.wave as WaveSpec];
  let shape = 0;
  for (const wave of waves) shape += wave.amplitude * bump(x - w.shiftWeeks, wave);
  return opts.baseDaily * (1 + w.severity * shape) * factor;
}

/** Daily counts from the first season's first day to the last season's end. */
export function simulateSeasons(opts: SimulateOptions): DailySeries {
  const firstDay = monthStartDay(opts.firstYear, opts.startMonth);
  const end = monthStartDay(opts.firstYear + opts.weather.length, opts.startMonth);
  const values: number[] = [];
  for (let d = firstDay; d < end; d++) {
    const lambda = expectedDaily(d, opts);
    values.push(
      opts.realistic === true ? poissonFromUniform(lambda, opts.rand()) : poissonDraw(lambda, opts.rand),
    );
  }
  return { firstDay, values };
}

/** Independent weather for `n` seasons: normal shifts (sd in weeks) and log-normal severities (sd of the log). */
export function drawWeather(
  n: number,
  spread: { shiftSdWeeks: number; severityLogSd: number },
  rand: () => number,
): SeasonWeather[] {
  const normal = () => Math.sqrt(-2 * Math.log(Math.max(rand(), 1e-300))) * Math.cos(2 * Math.PI * rand());
  return Array.from({ length: n }, () => ({
    shiftWeeks: spread.shiftSdWeeks * normal(),
    severity: Math.exp(spread.severityLogSd * normal() - (spread.severityLogSd * spread.severityLogSd) / 2),
  }));
}
