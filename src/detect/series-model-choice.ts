/**
 * Which model scores a series, chosen online from the values seen so far (so each point's choice uses only
 * earlier points, like its score):
 *
 *   counts  while every value is an integer ≥ 0 and the series is at least as variable as a Poisson count:
 *           D = mean((xₜ − xₜ₋₁)²) / (2 · mean(x)) ≥ ½ (a Poisson series has D ≈ 1 ± √(2/n); differences remove a slow
 *           level and most of a cycle), or fewer than 30 values seen (counts are the main case);
 *   values  otherwise — a negative or fractional value (for good), or integers under-dispersed for counts: a
 *           speed in km/h or a temperature in whole degrees is integer, not a count of events.
 */
export type SeriesModel = 'counts' | 'values';

const MIN_VALUES_FOR_DISPERSION = 30;

export class ModelChooser {
  #nonCount = false;
  #n = 0;
  #sum = 0;
  #sumSquaredSteps = 0;
  #prev = Number.NaN;

  /** The model for the next point. */
  current(): SeriesModel {
    if (this.#nonCount) return 'values';
    if (this.#n < MIN_VALUES_FOR_DISPERSION || this.#sum === 0) return 'counts';
    return this.dispersionIndex() >= 0.5 ? 'counts' : 'values';
  }

  /** D = mean squared step / (2 · mean): ≈ 1 for Poisson counts; NaN before two values. */
  dispersionIndex(): number {
    if (this.#n < 2) return Number.NaN;
    return this.#sumSquaredSteps / (this.#n - 1) / ((2 * this.#sum) / this.#n);
  }

  /** False once a value is negative or fractional. */
  get allCounts(): boolean {
    return !this.#nonCount;
  }

  observe(value: number): void {
    if (!(Number.isInteger(value) && value >= 0)) this.#nonCount = true;
    if (this.#n > 0) this.#sumSquaredSteps += (value - this.#prev) ** 2;
    this.#prev = value;
    this.#sum += value;
    this.#n++;
  }
}
