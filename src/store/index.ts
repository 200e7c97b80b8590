export { openStore, type StoreDeps } from './duckdb.ts';
export { loadQueries, QUERY_NAMES, type Queries, type QueryName } from './queries.ts';
export type * from './types.ts';
