/** The synthetic stream generator: public surface. */
export {
  type GeneratedRecord,
  type GroundTruth,
  generateStream,
  type RecordKind,
  type RecordMeta,
} from './generate-stream.ts';
export { POPULATION_WEIGHT_CAP, RATE_PER_1000_PER_DAY } from './municipalities.ts';
export type { GeneratorOptions, NormalizedOptions } from './options.ts';
export { normalizeOptions } from './options.ts';
export type { Flood, Incident, WeatherEvent } from './plan.ts';
export type { SeasonalWave } from './topic-profiles.ts';
