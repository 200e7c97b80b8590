export {
  createDistrictMatcher,
  DEFAULT_DISTRICTS_PATH,
  type District,
  type DistrictKind,
  type DistrictMatcher,
  loadDistricts,
} from './districts.ts';
export { neighboursWithin } from './neighbours.ts';
export { garwoodInterval, type PlaceCount, type PlaceRate, placeRates } from './rates.ts';
