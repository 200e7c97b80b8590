/** Arrow building blocks shared by the API's Arrow answers (serve/) and `vsplesk export` (commands/). */
export { type StringDictionary, dictionaryColumn, stringDictionary } from './dictionary.ts';
export { type NamedColumns, recordBatchOf, schemaOf } from './record-batch.ts';
export { dateDayColumn, timestampMsColumn } from './time-columns.ts';
export { arrowTimeZone } from './time-zone.ts';
