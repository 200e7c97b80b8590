import { describe, expect, it } from 'vitest';
import { loadDistricts } from '../../geo/districts.ts';
import { createPrng } from './prng.ts';
import {
  BUSY_DISTRICT_WEIGHT,
  districtWeight,
  pickCumulative,
  pickDistrict,
  townDistricts,
} from './town-districts.ts';

const districts = loadDistricts();
const of = (m: string) => districts.filter((d) => d.municipality === m);

describe('townDistricts', () => {
  it('lists the nameable districts of a town by code, and nothing for a town without districts', () => {
    const moscow = townDistricts(of('45000000'));
    expect(moscow?.list).toHaveLength(146);
    const codes = moscow?.list.map((d) => d.code) ?? [];
    expect(codes).toEqual([...codes].sort());
    // St Petersburg: 111 municipal formations, "Юго-Запад" left out (district-forms.ts UNMATCHABLE).
    expect(townDistricts(of('40000000'))?.list).toHaveLength(110);
    expect(townDistricts([])).toBeUndefined();
  });

  it('pickCumulative finds the first cumulative weight above r', () => {
    const cum = Float64Array.from([1, 4, 5]);
    expect([0, 0.99, 1, 3.99, 4, 4.99].map((r) => pickCumulative(cum, r))).toEqual([0, 0, 1, 1, 2, 2]);
  });

  it('draws busy districts about BUSY_DISTRICT_WEIGHT times as often as the others', () => {
    const town = townDistricts(of('45000000'));
    if (!town) throw new Error('Moscow has districts');
    const busy = new Set(town.list.filter((d) => districtWeight(d.code) > 1).map((d) => d.code));
    // About a fifth are busy (binomial: 146 × 0.2 ± 2 sd ≈ 29 ± 10).
    expect(busy.size).toBeGreaterThan(15);
    expect(busy.size).toBeLessThan(45);
    const rng = createPrng(7, 'test');
    const n = 200_000;
    let busyHits = 0;
    for (let i = 0; i < n; i++) if (busy.has(pickDistrict(town, rng).code)) busyHits++;
    const quiet = town.list.length - busy.size;
    const expected = (busy.size * BUSY_DISTRICT_WEIGHT) / (busy.size * BUSY_DISTRICT_WEIGHT + quiet);
    expect(busyHits / n).toBeGreaterThan(expected - 0.01);
    expect(busyHits / n).toBeLessThan(expected + 0.01);
  });
});
