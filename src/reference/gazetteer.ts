/**
 * The gazetteer of municipalities (fixtures/geo/municipalities.json, built by scripts/build-gazetteer.ts from
 * the real hflabs/city data). Loaded once, read-only; every stage that needs geography takes a `Gazetteer`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface Municipality {
  /** 8-digit OKTMO code of the municipal formation. */
  code: string;
  name: string;
  /** 2-digit code of the federal subject ("66" Свердловская обл). */
  region: string;
  regionName: string;
  federalDistrict: string;
  population: number;
  lat: number;
  lon: number;
  /** Fixed offset from UTC in minutes (Russia keeps no daylight saving time since 2014). */
  utcOffsetMin: number;
}

export interface Gazetteer {
  readonly all: readonly Municipality[];
  byCode(code: string): Municipality | undefined;
  regions(): { code: string; name: string }[];
}

export const DEFAULT_GAZETTEER_PATH = fileURLToPath(
  new URL('../../fixtures/geo/municipalities.json', import.meta.url),
);

export function createGazetteer(list: readonly Municipality[]): Gazetteer {
  const index = new Map(list.map((m) => [m.code, m]));
  const regions = [...new Map(list.map((m) => [m.region, m.regionName])).entries()]
    .map(([code, name]) => ({ code, name }))
    .sort((a, b) => a.name.localeCompare(b.name, 'ru'));
  return Object.freeze({
    all: Object.freeze([...list]),
    byCode: (code: string) => index.get(code),
    regions: () => regions.map((r) => ({ ...r })),
  });
}

let cached: Gazetteer | undefined;
/** The bundled gazetteer (cached: it is immutable). */
export function loadGazetteer(path = DEFAULT_GAZETTEER_PATH): Gazetteer {
  if (path === DEFAULT_GAZETTEER_PATH && cached) return cached;
  const g = createGazetteer(JSON.parse(readFileSync(path, 'utf8')) as Municipality[]);
  if (path === DEFAULT_GAZETTEER_PATH) cached = g;
  return g;
}
