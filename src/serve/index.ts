export { type ApiAuth, AUTH_OFF } from './access.ts';
export { API_LIMITS, type ApiLimits, buildApi, INTERNAL_ERROR } from './api.ts';
export type { ApiDeps } from './deps.ts';
