/**
 * A smoothed, slowly forgetting hour-of-week profile: factor(h) is how busy local hour-of-week h is relative
 * to the average hour (the factors average 1 over the week).
 *
 * A raw 168-bin histogram is too noisy to divide by: a night bin of a city holds a dozen counts a month
 * (±30 %), enough to make the Poisson test fire on ordinary hours. So the profile is a product model
 * shrunk per bin (empirical Bayes, Gamma(κ, κ) prior on each bin's departure from the model):
 *
 *   qHod[d]   = (HOD[d] + b) / (T + 24 b)              share of local hour-of-day d (shrunk toward flat)
 *   qDow[w]   = (DOW[w] + b) / (T + 7 b)               share of local day-of-week w
 *   m[h]      = qDow[w(h)] · qHod[d(h)]                the product model (sums to 1)
 *   ρ[h]      = (C[h] + κ) / (T·m[h] + κ)              the bin's own departure, trusted once T·m[h] ≫ κ
 *   factor(h) = 168 · m[h] · ρ[h], renormalised to mean 1
 *
 * so a quiet bin follows the day-of-week × hour-of-day model and a busy one (a city's Monday morning, with
 * its weekend backlog) keeps its own value. Counts decay with `timeConstantMs` (lazily, by a common scale) so
 * the shape follows the seasons.
 */
import { decodeNumber, encodeNumber, type JsonNumber } from '../state/json-number.ts';
import { HOURS_PER_WEEK } from './hour-of-week.ts';

/** A profile's learned counts, as JSON (the factors are recomputed from them). */
export interface HourOfWeekProfileSnapshot {
  week: number[];
  hod: number[];
  dow: number[];
  total: number;
  refMs: JsonNumber;
  latestMs: JsonNumber;
  toActual: number;
}

export interface HourOfWeekProfileOptions {
  timeConstantMs: number;
  /** Pseudo-counts per hour-of-day and day-of-week bin pulling the marginals toward flat. Default 5. */
  marginalPseudoCount?: number;
  /** κ: counts a bin needs before its own departure from the product model is trusted. Default 30. */
  binPseudoCount?: number;
}

const MAX_EXPONENT = 30;

export class HourOfWeekProfile {
  readonly #timeConstantMs: number;
  readonly #b: number;
  readonly #kappa: number;
  readonly #week = new Float64Array(HOURS_PER_WEEK);
  readonly #hod = new Float64Array(24);
  readonly #dow = new Float64Array(7);
  #total = 0;
  /** Stored values are counts × e^{(t − refMs)/τ}. */
  #refMs = Number.NaN;
  #latestMs = Number.NEGATIVE_INFINITY;
  /** e^{−(latestMs − refMs)/τ}: turns stored values into counts as of latestMs. */
  #toActual = 1;
  readonly #factors = new Float64Array(HOURS_PER_WEEK).fill(1);
  #stale = false;

  constructor(options: HourOfWeekProfileOptions) {
    this.#timeConstantMs = options.timeConstantMs;
    this.#b = options.marginalPseudoCount ?? 5;
    this.#kappa = options.binPseudoCount ?? 30;
  }

  snapshot(): HourOfWeekProfileSnapshot {
    return {
      week: [...this.#week],
      hod: [...this.#hod],
      dow: [...this.#dow],
      total: this.#total,
      refMs: encodeNumber(this.#refMs),
      latestMs: encodeNumber(this.#latestMs),
      toActual: this.#toActual,
    };
  }

  static restore(options: HourOfWeekProfileOptions, s: HourOfWeekProfileSnapshot): HourOfWeekProfile {
    const p = new HourOfWeekProfile(options);
    p.#week.set(s.week);
    p.#hod.set(s.hod);
    p.#dow.set(s.dow);
    p.#total = s.total;
    p.#refMs = decodeNumber(s.refMs);
    p.#latestMs = decodeNumber(s.latestMs);
    p.#toActual = s.toActual;
    p.#stale = true;
    return p;
  }

  /** Add `count` observed in local hour-of-week `hourOfWeek` at event time `atMs`. */
  add(hourOfWeek: number, count: number, atMs: number): void {
    if (!(count > 0)) return;
    if (Number.isNaN(this.#refMs)) this.#refMs = atMs;
    let exponent = (atMs - this.#refMs) / this.#timeConstantMs;
    if (exponent > MAX_EXPONENT) {
      this.#rescale(Math.exp(-exponent));
      this.#refMs = atMs;
      exponent = 0;
    }
    const scaled = count * Math.exp(exponent);
    this.#week[hourOfWeek] = (this.#week[hourOfWeek] as number) + scaled;
    const hod = hourOfWeek % 24;
    const dow = (hourOfWeek - hod) / 24;
    this.#hod[hod] = (this.#hod[hod] as number) + scaled;
    this.#dow[dow] = (this.#dow[dow] as number) + scaled;
    this.#total += scaled;
    if (atMs > this.#latestMs) {
      this.#latestMs = atMs;
      this.#toActual = Math.exp(-(atMs - this.#refMs) / this.#timeConstantMs);
    }
    this.#stale = true;
  }

  /** Relative busyness of `hourOfWeek`; 1 for every hour while nothing has been learned. */
  factor(hourOfWeek: number): number {
    if (this.#stale) this.#recompute();
    return this.#factors[hourOfWeek] as number;
  }

  /** Decayed number of counts learned, as of the latest addition. */
  get totalCount(): number {
    return this.#total * this.#toActual;
  }

  #recompute(): void {
    const g = this.#toActual;
    const total = this.#total * g;
    const b = this.#b;
    const kappa = this.#kappa;
    let sum = 0;
    for (let h = 0; h < HOURS_PER_WEEK; h++) {
      const hod = h % 24;
      const dow = (h - hod) / 24;
      const qHod = ((this.#hod[hod] as number) * g + b) / (total + 24 * b);
      const qDow = ((this.#dow[dow] as number) * g + b) / (total + 7 * b);
      const m = qHod * qDow;
      const rho = ((this.#week[h] as number) * g + kappa) / (total * m + kappa);
      const f = m * rho;
      this.#factors[h] = f;
      sum += f;
    }
    const norm = HOURS_PER_WEEK / sum;
    for (let h = 0; h < HOURS_PER_WEEK; h++) this.#factors[h] = (this.#factors[h] as number) * norm;
    this.#stale = false;
  }

  #rescale(k: number): void {
    for (const a of [this.#week, this.#hod, this.#dow])
      for (let i = 0; i < a.length; i++) a[i] = (a[i] as number) * k;
    this.#total *= k;
    this.#toActual /= k;
  }
}
