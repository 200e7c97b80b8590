/**
 * The districts of one town that messages can name (district-forms.ts), and a weighted draw among them: about a
 * fifth of the districts are three times as busy as the rest (a few districts always complain more). The busy
 * ones are fixed by the district's code, not by the seed, as a real city's busy districts are.
 */
import type { District } from '../../geo/districts.ts';
import { type DistrictForm, districtForms } from './district-forms.ts';
import { mix32, type Prng } from './prng.ts';

export interface NamedDistrict {
  /** OKTMO code. */
  code: string;
  /** Display name from the reference ("Кировский район", "Марьино", "МО № 7"). */
  name: string;
  forms: readonly DistrictForm[];
  /** Cumulative form weights, for a weighted draw. */
  formCum: Float64Array;
}

export interface TownDistricts {
  list: readonly NamedDistrict[];
  /** Cumulative district weights. */
  cum: Float64Array;
}

export const BUSY_DISTRICT_SHARE = 0.2;
export const BUSY_DISTRICT_WEIGHT = 3;

/** 1, or BUSY_DISTRICT_WEIGHT for about BUSY_DISTRICT_SHARE of the codes. */
export function districtWeight(code: string): number {
  const u = mix32(Number(code), 0x64697374) / 2 ** 32;
  return u < BUSY_DISTRICT_SHARE ? BUSY_DISTRICT_WEIGHT : 1;
}

const cumulative = (ws: readonly number[]): Float64Array => {
  const out = new Float64Array(ws.length);
  let s = 0;
  for (const [i, w] of ws.entries()) {
    s += w;
    out[i] = s;
  }
  return out;
};

/** The nameable districts among `districts` (one municipality's, sorted by code), or undefined when none is. */
export function townDistricts(districts: readonly District[]): TownDistricts | undefined {
  const list: NamedDistrict[] = [];
  for (const d of [...districts].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))) {
    const forms = districtForms(d);
    if (forms.length === 0) continue;
    list.push({ code: d.code, name: d.name, forms, formCum: cumulative(forms.map((f) => f.weight)) });
  }
  if (list.length === 0) return undefined;
  return { list, cum: cumulative(list.map((d) => districtWeight(d.code))) };
}

/** Index of the first cumulative weight above `r` (binary search). */
export function pickCumulative(cum: Float64Array, r: number): number {
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((cum[mid] as number) > r) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** One district, weighted by districtWeight; one draw from `rng`. */
export function pickDistrict(town: TownDistricts, rng: Prng): NamedDistrict {
  const total = town.cum[town.cum.length - 1] as number;
  return town.list[pickCumulative(town.cum, rng.next() * total)] as NamedDistrict;
}
