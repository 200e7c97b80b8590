import { describe, expect, it } from 'vitest';
import { ValuesModel, valuesCycleOf } from './values-model.ts';

const HOUR_MS = 3_600_000;

/** Deterministic noise in [−1, 1): a fixed pseudo-random sequence (an LCG), so the tests are reproducible. */
function noise(n: number): number[] {
  let a = 12345;
  return Array.from({ length: n }, () => {
    a = (a * 1103515245 + 12345) % 2147483648;
    return (a / 2147483648) * 2 - 1;
  });
}

function run(values: number[], stepMs = HOUR_MS) {
  const m = new ValuesModel(stepMs);
  return values.map((v, i) => {
    const t = m.test(i * stepMs, v);
    m.learn(i * stepMs, v);
    return t;
  });
}

describe('ValuesModel', () => {
  it('negative, fractional values: a drop is as anomalous as a jump (two-sided)', () => {
    const e = noise(400);
    const base = e.map((x) => -3.5 + 0.2 * x); // a temperature around −3.5 °C
    const up = [...base];
    up[300] = -3.5 + 3;
    const down = [...base];
    down[300] = -3.5 - 3;
    const [u, d] = [run(up)[300], run(down)[300]];
    expect(u?.direction).toBe(1);
    expect(d?.direction).toBe(-1);
    expect(u?.logP).toBeLessThan(Math.log(1e-6));
    expect(d?.logP).toBeLessThan(Math.log(1e-6));
    expect(u?.expected).toBeGreaterThan(-3.8);
    expect(u?.expected).toBeLessThan(-3.2);
  });

  it('a level shift in a wandering series is caught where it happens (the step residual)', () => {
    const e = noise(600);
    const walk: number[] = [];
    let level = 50;
    for (let i = 0; i < 600; i++) {
      level += 0.5 * (e[i] as number);
      walk.push(level + (i >= 500 ? 8 : 0));
    }
    const results = run(walk);
    const shift = results[500]?.logP as number;
    const before = results.slice(100, 500).map((r) => r.logP);
    expect(shift).toBeLessThan(Math.min(...before));
  });

  it('a daily cycle is learned: the same hour a day later is not anomalous, a break in it is', () => {
    const e = noise(24 * 20);
    const daily = e.map((x, i) => 10 * Math.sin((2 * Math.PI * (i % 24)) / 24) + 0.3 * x);
    daily[24 * 18 + 6] = 0; // the peak hour (sin = 1) missing
    const results = run(daily);
    const broken = results[24 * 18 + 6]?.logP as number;
    const quietDays = results.slice(24 * 14, 24 * 18).map((r) => r.logP);
    expect(broken).toBeLessThan(Math.log(1e-6));
    expect(Math.min(...quietDays)).toBeGreaterThan(Math.log(1e-4));
  });

  it('cycle positions by the step', () => {
    expect(valuesCycleOf(HOUR_MS).positions).toBe(24);
    expect(valuesCycleOf(24 * HOUR_MS).positions).toBe(7);
    expect(valuesCycleOf(7 * 24 * HOUR_MS).positions).toBe(1);
    expect(() => new ValuesModel(HOUR_MS).learn(0, 1)).toThrow(/without test/);
  });

  it('a noise-free square wave: its daily transitions are not surprising (scale floor = its resolution / √12)', () => {
    const stepMs = 300_000; // 5 minutes, 10 days; 20 from 09:00 to 18:00, else 80 (NAB's perfect square wave)
    const values = Array.from({ length: 2880 }, (_, i) => {
      const hour = Math.floor(((i * stepMs) % 86_400_000) / HOUR_MS);
      return hour >= 9 && hour < 18 ? 20 : 80;
    });
    const worst = Math.max(
      ...run(values, stepMs)
        .slice(2016)
        .map((t) => -t.logP / Math.LN10),
    );
    expect(worst).toBeLessThan(4); // without the floor the 10:00 point scored −log10 p ≈ 5400
  });
});
