export {
  EXPLAIN_REFERENCE_DAYS,
  EXPLAIN_REFERENCE_LIMIT,
  EXPLAIN_REFERENCE_MIN,
  EXPLAIN_TARGET_LIMIT,
  openStore,
  type StoreDeps,
} from './duckdb.ts';
export { loadQueries, QUERY_NAMES, type Queries, type QueryName } from './queries.ts';
export type * from './types.ts';
