import { describe, expect, it } from 'vitest';
import { TailCalibrator } from './series-tail-calibration.ts';

/** Surprises of a calibrated model: −log10 U for U uniform (deterministic quantiles, shuffled by a stride). */
function calibratedSurprises(n: number): number[] {
  return Array.from({ length: n }, (_, i) => -Math.log10(((i * 7919) % n) / n + 0.5 / n));
}

describe('TailCalibrator', () => {
  it('a fresh calibrator trusts the model', () => {
    const c = new TailCalibrator(2000);
    expect(c.calibrate(5)).toBeCloseTo(5, 10);
    expect(c.calibrate(0.5)).toBeCloseTo(0.5, 10);
  });

  it('keeps a calibrated model roughly as it is', () => {
    const c = new TailCalibrator(2000);
    for (const s of calibratedSurprises(4000)) c.learn(s);
    expect(c.calibrate(6)).toBeGreaterThan(4.5);
    expect(c.calibrate(6)).toBeLessThan(7.5);
  });

  it('shrinks the surprises of a model too light-tailed for its series, keeping their order', () => {
    const light = new TailCalibrator(2000);
    const fair = new TailCalibrator(2000);
    // the same uniform quantiles, but the model reports 10× the surprise (a normal tail on a heavy-tailed series)
    for (const s of calibratedSurprises(4000)) {
      light.learn(10 * s);
      fair.learn(s);
    }
    expect(light.calibrate(60)).toBeLessThan(fair.calibrate(60) / 3);
    expect(light.calibrate(60)).toBeGreaterThan(light.calibrate(40));
    expect(light.calibrate(60)).toBeGreaterThan(4); // 10× of 6: as rare as 6 was under the fair model
    expect(light.calibrate(60)).toBeLessThan(8);
  });
});
