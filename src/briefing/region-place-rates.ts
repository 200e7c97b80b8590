/**
 * Every monitored town of a region with its rate on a period, exactly as GET /api/top?by=municipality computes
 * them (serve/routes/top.ts): each monitored town (one with messages ever) takes part in the prior, a quiet one
 * as a zero.
 */
import { type PlaceRate, placeRates } from '../geo/rates.ts';
import type { MunicipalityRow, TopRow } from '../store/index.ts';

export function regionPlaceRates(
  counted: readonly TopRow[],
  places: readonly Pick<MunicipalityRow, 'code' | 'name' | 'population'>[],
): PlaceRate[] {
  const byCode = new Map(counted.map((r) => [r.key, r.count]));
  return placeRates(
    places.map((p) => ({
      code: p.code,
      name: p.name,
      population: p.population,
      count: byCode.get(p.code) ?? 0,
    })),
  );
}
