export { garwoodInterval, type PlaceCount, type PlaceRate, placeRates } from './rates.ts';
