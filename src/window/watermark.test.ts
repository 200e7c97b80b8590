import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VspError } from '../errors.ts';
import { Watermark } from './watermark.ts';

describe('Watermark', () => {
  it('is max event time minus the allowed delay', () => {
    const wm = new Watermark(1000);
    expect(wm.valueMs).toBe(Number.NEGATIVE_INFINITY);
    expect(wm.observe(10_000)).toBe(9000);
    expect(wm.observe(5000)).toBe(9000);
    expect(wm.observe(12_000)).toBe(11_000);
    expect(wm.maxEventTimeMs).toBe(12_000);
  });

  it('throws VSP_WINDOW_WATERMARK_REGRESSED on an explicit move backwards', () => {
    const wm = new Watermark(0);
    wm.observe(10_000);
    wm.advanceTo(10_000);
    wm.advanceTo(20_000);
    let error: unknown;
    try {
      wm.advanceTo(19_999);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(VspError);
    expect((error as VspError).code).toBe('VSP_WINDOW_WATERMARK_REGRESSED');
    expect(() => wm.advanceTo(Number.NaN)).toThrow(VspError);
    expect(wm.valueMs).toBe(20_000);
  });

  it('rejects a negative delay', () => {
    expect(() => new Watermark(-1)).toThrow(VspError);
  });

  it('property: never moves backwards, whatever the order of event times and explicit advances', () => {
    fc.assert(
      fc.property(
        fc.nat(100_000),
        fc.array(
          fc.oneof(
            fc.integer({ min: 0, max: 1e9 }).map((t) => ({ t })),
            fc.integer({ min: 0, max: 1e9 }),
          ),
        ),
        (delay, steps) => {
          const wm = new Watermark(delay);
          let previous = wm.valueMs;
          for (const step of steps) {
            if (typeof step === 'number') {
              if (step < wm.valueMs) expect(() => wm.advanceTo(step)).toThrow(VspError);
              else wm.advanceTo(step);
            } else {
              wm.observe(step.t);
            }
            expect(wm.valueMs).toBeGreaterThanOrEqual(previous);
            previous = wm.valueMs;
          }
        },
      ),
    );
  });
});
