export { neighboursWithin } from './neighbours.ts';
export { garwoodInterval, type PlaceCount, type PlaceRate, placeRates } from './rates.ts';
