/**
 * The `values` model of `vsplesk detect`: any real-valued measurement (a rate, a temperature, a latency; negative
 * and fractional values welcome). For every point, from the points before it only:
 *
 *   expected  = level + offset(position in the cycle)                     (additive: values may be ≤ 0)
 *   level z   = (x − expected) / σ_level        σ = robust scale of past level residuals
 *   step z    = (Δx − Δoffset) / σ_step         Δ = change from the previous point; σ of past changes
 *   ln p      = min(ln P(|Z| ≥ |level z|), ln P(|Z| ≥ |step z|)) + ln 2   (two-sided; Bonferroni for the two)
 *
 * - Two-sided: a measurement is anomalous either way (a temperature drop, a latency jump); counts are tested on
 *   the upper tail only (series.ts) because the product looks for spikes of complaints.
 * - Two residuals: the level residual sees a spike or a drift away from a seasonal baseline; the step residual
 *   sees a level shift at the point it happens, even in a series that wanders (a random walk has a wide level
 *   residual and a narrow step one). The smaller p-value of the two wins, doubled.
 * - Robust scale: 1.4826 × the median absolute residual of the last week of points (30…2000), so the
 *   anomalies it looks for do not widen it; when over half the residuals are exactly 0 (a quantised or flat
 *   series) the mean absolute residual × 1.2533 instead (both are σ for a normal).
 * - Scale floor: q/√12, q the smallest non-zero |Δx| of the last week — the series' resolution (a square wave's
 *   q is its jump, so the model's own small lag at a transition is not a 100σ surprise).
 * - Level: Holt–Winters-style exponential smoothing with time constant max(1 day, 8 points), fed the residual
 *   clipped at ±3σ (Huber), so an outlier moves it by at most 3σ/τ.
 * - Offsets: hour of the day below a daily step, day of the week below a weekly one, none otherwise; each a
 *   decayed mean (4 weeks) of clipped x − level at its position, shrunk toward 0 by 2 pseudo-visits.
 */
import { RollingMad } from './series-rolling-mad.ts';
import { normalLogUpperTail } from './series-tails.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const WEEK_MS = 7 * DAY_MS;
const MIN_RESIDUALS = 10;

export interface ValuesTest {
  /** Baseline from earlier points; NaN for the first point. */
  expected: number;
  /** ln of the two-sided p-value (0 while the scales are learned). */
  logP: number;
  /** +1 above the baseline, −1 below, 0 when equal or untested. */
  direction: number;
}

/** Position in the additive cycle: UTC hour of the day (step < 1 day), day of the week (step < 1 week), or 0. */
export function valuesCycleOf(stepMs: number): { positions: number; positionOf: (timeMs: number) => number } {
  if (stepMs < DAY_MS) return { positions: 24, positionOf: (t) => Math.floor((t % DAY_MS) / HOUR_MS) };
  if (stepMs < WEEK_MS)
    return { positions: 7, positionOf: (t) => (((Math.round(t / DAY_MS) + 3) % 7) + 7) % 7 }; // Monday = 0
  return { positions: 1, positionOf: () => 0 };
}

/** σ from the absolute residuals held: MAD-based, or mean-based when the median is 0. */
function robustSigma(mad: RollingMad): number {
  const median = mad.median();
  return median > 0 ? 1.4826 * median : 1.2533 * mad.mean();
}

/** ln P(|Z| ≥ |z|) for a standard normal Z. */
function twoSidedLogP(z: number): number {
  return Math.min(0, Math.LN2 + normalLogUpperTail(Math.abs(z)));
}

/** Online values model: `test` a point against what was learned, then `learn` it (in that order, each point). */
export class ValuesModel {
  readonly #cycle: ReturnType<typeof valuesCycleOf>;
  readonly #stepMs: number;
  readonly #alphaLevel: number;
  readonly #tauSeasonMs = 4 * WEEK_MS;
  readonly #sums: Float64Array;
  readonly #weights: Float64Array;
  readonly #levelMad: RollingMad;
  readonly #stepMad: RollingMad;
  readonly #changes: RollingMad;
  #level = Number.NaN;
  #prev: { timeMs: number; value: number; offset: number } | undefined;
  #pending: { expected: number; offset: number; stepResidual: number; sigmaLevel: number } | undefined;

  constructor(stepMs: number) {
    this.#stepMs = stepMs;
    this.#cycle = valuesCycleOf(stepMs);
    this.#alphaLevel = 1 - Math.exp(-1 / Math.max(DAY_MS / stepMs, 8));
    this.#sums = new Float64Array(this.#cycle.positions);
    this.#weights = new Float64Array(this.#cycle.positions);
    const capacity = Math.min(2000, Math.max(30, Math.round(WEEK_MS / stepMs)));
    this.#levelMad = new RollingMad(capacity);
    this.#stepMad = new RollingMad(capacity);
    this.#changes = new RollingMad(capacity);
  }

  #offset(position: number): number {
    return (this.#sums[position] as number) / ((this.#weights[position] as number) + 2);
  }

  test(timeMs: number, value: number): ValuesTest {
    const prev = this.#prev;
    if (prev === undefined) {
      this.#pending = { expected: Number.NaN, offset: 0, stepResidual: Number.NaN, sigmaLevel: Number.NaN };
      return { expected: Number.NaN, logP: 0, direction: 0 };
    }
    const offset = this.#offset(this.#cycle.positionOf(timeMs));
    const expected = this.#level + offset;
    const residual = value - expected;
    const stepResidual = value - prev.value - (offset - prev.offset);
    const sigmaLevel = robustSigma(this.#levelMad);
    const sigmaStep = robustSigma(this.#stepMad);
    this.#pending = { expected, offset, stepResidual, sigmaLevel };
    if (this.#levelMad.size < MIN_RESIDUALS) return { expected, logP: 0, direction: 0 };
    // The series' resolution bounds its scale: rounding to a quantum q alone has σ = q/√12 (Sheppard).
    const quantum = this.#changes.smallestNonZero();
    const floor = Math.max(1e-9 * Math.max(Math.abs(expected), 1e-300), quantum / Math.sqrt(12) || 0);
    const logLevel = twoSidedLogP(residual / Math.max(sigmaLevel, floor));
    const logStep = twoSidedLogP(stepResidual / Math.max(sigmaStep, floor));
    return {
      expected,
      logP: Math.min(0, Math.min(logLevel, logStep) + Math.LN2),
      direction: Math.sign(residual),
    };
  }

  learn(timeMs: number, value: number): void {
    const pending = this.#pending;
    this.#pending = undefined;
    if (pending === undefined) throw new Error('ValuesModel: learn() without test()');
    const prev = this.#prev;
    const position = this.#cycle.positionOf(timeMs);
    if (prev === undefined) {
      this.#level = value;
      this.#prev = { timeMs, value, offset: 0 };
      return;
    }
    const residual = value - pending.expected;
    this.#levelMad.push(residual);
    if (Number.isFinite(pending.stepResidual)) this.#stepMad.push(pending.stepResidual);
    this.#changes.push(value - prev.value);
    const clip = this.#levelMad.size > MIN_RESIDUALS ? 3 * pending.sigmaLevel : Number.POSITIVE_INFINITY;
    const clipped = Math.max(-clip, Math.min(clip, residual));
    const steps = (timeMs - prev.timeMs) / this.#stepMs;
    const keepLevel = (1 - this.#alphaLevel) ** Math.max(steps, 1);
    this.#level = this.#level + (1 - keepLevel) * clipped;
    const keepSeason = Math.exp(-(timeMs - prev.timeMs) / this.#tauSeasonMs);
    for (let b = 0; b < this.#sums.length; b++) {
      this.#sums[b] = (this.#sums[b] as number) * keepSeason;
      this.#weights[b] = (this.#weights[b] as number) * keepSeason;
    }
    if (this.#sums.length > 1) {
      this.#sums[position] = (this.#sums[position] as number) + (pending.expected + clipped - this.#level);
      this.#weights[position] = (this.#weights[position] as number) + 1;
    }
    this.#prev = { timeMs, value, offset: pending.offset };
  }
}
