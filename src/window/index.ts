/** Public surface of the window stage (event-time tumbling windows keyed by municipality and topic). */
export {
  BUCKET_SIZE_MS,
  DAY_MS,
  HOUR_MS,
  isValidUtcOffsetMin,
  MINUTE_MS,
  windowEndMs,
  windowStartForSizeMs,
  windowStartMs,
} from './assign.ts';
export {
  addToPartial,
  emptyPartial,
  mergePartials,
  sourcesRecordOf,
  uniqueAuthorsOf,
  type WindowPartial,
} from './partials.ts';
export { Watermark } from './watermark.ts';
export {
  type AddResult,
  DEFAULT_ALLOWED_LATENESS_MS,
  Windower,
  type WindowerOptions,
  type WindowerStats,
  type WindowInput,
} from './windower.ts';
