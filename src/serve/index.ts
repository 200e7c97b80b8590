export { buildApi, INTERNAL_ERROR } from './api.ts';
export type { ApiDeps } from './deps.ts';
