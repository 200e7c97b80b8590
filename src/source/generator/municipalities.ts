/**
 * Which municipalities a stream covers, and how loud each one is.
 *
 * Selection is deterministic by seed: one city over 500,000 residents is always included (chosen by seed), the
 * rest are drawn without replacement with weight √population (Efraimidis–Spirakis keys), which gives a
 * realistic mix — a few big cities and many towns — instead of only the largest cities.
 *
 * Volume: 0.13 complaints per 1,000 residents per day (DESIGN.md) × rateScale, with the population weight capped
 * at 1.5 million (POPULATION_WEIGHT_CAP): Moscow and St Petersburg would otherwise dominate every stream they
 * are drawn into (Moscow alone ≈ 1,500 a day), and a default stream should stay around a million lines.
 * `populationCap` lifts that cap (0: none) and `pinned` puts given towns in every stream (big cities at their real
 * volumes, where a detector meets the most varied vocabulary): they are chosen first, the draws fill the rest.
 */
import { vspError } from '../../errors.ts';
import type { Gazetteer, Municipality } from '../../reference/gazetteer.ts';
import { type CityForms, cityForms } from './city-forms.ts';
import type { Prng } from './prng.ts';

export const RATE_PER_1000_PER_DAY = 0.13;
export const POPULATION_WEIGHT_CAP = 1_500_000;
export const BIG_CITY_MIN_POPULATION = 500_000;

export interface SimMunicipality {
  index: number;
  code: string;
  name: string;
  region: string;
  population: number;
  lat: number;
  lon: number;
  utcOffsetMin: number;
  /** "+05:00" */
  offsetText: string;
  /** Expected messages per day at the yearly mean, before incidents. */
  baseRatePerDay: number;
  forms: CityForms;
}

function offsetText(min: number): string {
  const sign = min < 0 ? '-' : '+';
  const a = Math.abs(min);
  return `${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

export interface PickOptions {
  /** Default POPULATION_WEIGHT_CAP; 0 or Infinity: no cap. */
  populationCap?: number;
  /** OKTMO codes always chosen. */
  include?: readonly string[];
  /** The N most populous municipalities are always chosen. */
  largestCities?: number;
}

/** The towns every stream of these options contains: `include` codes, then the `largestCities` most populous. */
export function pinnedMunicipalities(gazetteer: Gazetteer, p: PickOptions): Municipality[] {
  const out: Municipality[] = [];
  for (const code of p.include ?? []) {
    const m = gazetteer.byCode(code);
    if (!m)
      throw vspError(
        'VSP_CONFIG_INVALID',
        `generator option include: OKTMO code ${code} is not in the gazetteer`,
      );
    out.push(m);
  }
  if ((p.largestCities ?? 0) > 0) {
    const byPopulation = [...gazetteer.all].sort(
      (a, b) => b.population - a.population || (a.code < b.code ? -1 : 1),
    );
    for (const m of byPopulation.slice(0, p.largestCities)) if (!out.includes(m)) out.push(m);
  }
  return out;
}

/** Expected messages a day of a town of `population` (see the module comment). */
export function baseRatePerDay(
  population: number,
  rateScale: number,
  populationCap = POPULATION_WEIGHT_CAP,
): number {
  const weight = populationCap > 0 ? Math.min(population, populationCap) : population;
  return (RATE_PER_1000_PER_DAY * weight * rateScale) / 1000;
}

/**
 * Pick `n` municipalities from the gazetteer (see the module comment), at least the pinned ones. Sorted by code
 * for stable output.
 */
export function pickMunicipalities(
  gazetteer: Gazetteer,
  n: number,
  rng: Prng,
  rateScale: number,
  p: PickOptions = {},
): SimMunicipality[] {
  const all = [...gazetteer.all].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const chosen: Municipality[] = pinnedMunicipalities(gazetteer, p);
  const count = Math.max(1, chosen.length, Math.min(n, all.length));
  const big = all.filter((m) => m.population >= BIG_CITY_MIN_POPULATION);
  if (big.length > 0) {
    const drawn = big[rng.int(big.length)] as Municipality;
    if (!chosen.includes(drawn) && chosen.length < count) chosen.push(drawn);
  }
  const keyed = all
    .filter((m) => !chosen.includes(m))
    .map((m) => {
      let u = rng.next();
      if (u <= 0) u = 1e-12;
      return { m, key: Math.log(u) / Math.sqrt(Math.max(1, m.population)) };
    })
    .sort((a, b) => b.key - a.key);
  for (const k of keyed) {
    if (chosen.length >= count) break;
    chosen.push(k.m);
  }
  chosen.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return chosen.map((m, index) => ({
    index,
    code: m.code,
    name: m.name,
    region: m.region,
    population: m.population,
    lat: m.lat,
    lon: m.lon,
    utcOffsetMin: m.utcOffsetMin,
    offsetText: offsetText(m.utcOffsetMin),
    baseRatePerDay: baseRatePerDay(m.population, rateScale, p.populationCap),
    forms: cityForms(m.name),
  }));
}
