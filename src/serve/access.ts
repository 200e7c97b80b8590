/**
 * Who may read what (issue 6; the matrix and its reasons are in docs/api-access.md). Every /api route and
 * /metrics declares its `access` in its route config — buildApi refuses to start when one does not — and the
 * hooks here check the bearer token and the role. Places are checked in the handlers with `narrowPlace` (a query
 * naming a place outside the scope is a 403; a list naming none is narrowed to the scope) and `assertVisible` (an
 * object outside the scope is a 404: it does not exist for that token).
 */
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { type VspError, vspError } from '../errors.ts';
import type { Gazetteer } from '../reference/gazetteer.ts';
import type { Principal, Role, Scope, TokenStore } from '../store/tokens.ts';

/**
 * `public`: no token (the UI's files, /docs, /api/health without details). `metrics`: an admin token, or a
 * request from this host without one (a local Prometheus scraper, like the processors' own /metrics).
 * A list of roles: a valid token of one of them.
 */
export type RouteAccess = 'public' | 'metrics' | readonly Role[];

export const ALL_ROLES: readonly Role[] = ['admin', 'analyst', 'head', 'planner'];
/** Roles that read individual messages (samples, clusters' messages, explanations): not the planner. */
export const MESSAGE_READERS: readonly Role[] = ['admin', 'analyst', 'head'];
export const ADMIN_ONLY: readonly Role[] = ['admin'];

/** Auth on (tokens of the store) or off (`--auth off`, tests): off, every request is an admin. */
export type ApiAuth = { mode: 'off' } | { mode: 'tokens'; tokens: TokenStore };
export const AUTH_OFF: ApiAuth = Object.freeze({ mode: 'off' });

const AUTH_OFF_PRINCIPAL: Principal = Object.freeze({
  tokenId: '',
  role: 'admin',
  scope: Object.freeze({ kind: 'all' }),
}) as Principal;

declare module 'fastify' {
  interface FastifyRequest {
    /** The verified caller; null without a (valid) token. With auth off, an admin. */
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}

/** The access of a route, or undefined for one that needs none declared (not under /api, not /metrics). */
export function needsAccess(url: string): boolean {
  return url === '/metrics' || url === '/api' || url.startsWith('/api/');
}

/**
 * Installs the checks. Call before registering routes: `identify` (onRequest) reads the token so the rate limit
 * can count per token; `authorize` (preParsing, after the rate limit, before a body is read) answers 401/403. Each
 * route gets its own `authorize` with its access fixed when it is registered (onRoute): a request pays for no
 * lookup of its route's options, and a route that declares none (the UI's files, /docs) for no check.
 */
export function installAccess(app: FastifyInstance, auth: ApiAuth): void {
  app.decorateRequest('principal', null);
  app.addHook('onRoute', (route: RouteOptions) => {
    const access = route.config?.access;
    if (access === undefined) {
      if (needsAccess(route.url))
        throw new Error(`route ${route.method} ${route.url} declares no access (config.access)`);
      return;
    }
    // OpenAPI: the bearer scheme is global; public routes say they need none.
    if (access === 'public') {
      if (route.schema) route.schema = { ...route.schema, security: [] };
      return;
    }
    const authorize = authorizeFor(access, route.url);
    route.preParsing = [
      ...(route.preParsing === undefined ? [] : [route.preParsing].flat()),
      (req, reply, payload, done) => {
        const refused = authorize(req);
        if (refused === null) return done(null, payload);
        if (refused.code === 'VSP_SERVE_UNAUTHORIZED')
          reply.header('www-authenticate', 'Bearer realm="vsplesk"');
        done(refused);
      },
    ];
  });

  app.addHook(
    'onRequest',
    auth.mode === 'off'
      ? (req, _reply, done) => {
          req.principal = AUTH_OFF_PRINCIPAL;
          done();
        }
      : (req, _reply, done) => {
          const token = bearerToken(req);
          req.principal = token === undefined ? null : (auth.tokens.verify(token) ?? null);
          done();
        },
  );
}

/** The check of a route's access: null when the request may go on, else the error to answer. */
function authorizeFor(
  access: 'metrics' | readonly Role[],
  url: string,
): (req: FastifyRequest) => VspError | null {
  return (req) => {
    const p = req.principal;
    if (access === 'metrics') {
      if (p?.role === 'admin') return null;
      if (p === null && req.headers.authorization === undefined && isLoopback(req.ip)) return null;
    } else if (p !== null) {
      if (access.includes(p.role)) return null;
      return vspError('VSP_SERVE_FORBIDDEN', `role ${p.role} may not use ${url}`);
    }
    if (p !== null) return vspError('VSP_SERVE_FORBIDDEN', `${url} is for admins`);
    return vspError(
      'VSP_SERVE_UNAUTHORIZED',
      req.headers.authorization === undefined ? 'no token' : 'unknown or revoked token',
    );
  };
}

function bearerToken(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  if (h === undefined) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m?.[1] ?? '';
}

const isLoopback = (ip: string) => ip === '127.0.0.1' || ip === '::1' || ip === '::ffff:127.0.0.1';

/** The caller's scope (everything when auth is off). */
export function scopeOf(req: FastifyRequest): Scope {
  return req.principal?.scope ?? { kind: 'all' };
}

export const isMessageReader = (req: FastifyRequest) =>
  req.principal !== null && MESSAGE_READERS.includes(req.principal.role);

const named = (v: string | undefined) => (v === undefined || v === 'all' ? undefined : v);

/**
 * The place a query may select within a scope: a named municipality or region must overlap the scope (else 403);
 * the result is the query's place intersected with the scope, so a list naming no place is the scope's list.
 *   narrowPlace({kind:'region', region:'66'}, {}, g) → {region: '66'}
 *   narrowPlace({kind:'municipality', municipality:M, region:'66'}, {region:'66'}, g) → {municipality: M, region: '66'}
 */
export function narrowPlace(
  scope: Scope,
  q: { municipality?: string | undefined; region?: string | undefined },
  gazetteer: Pick<Gazetteer, 'byCode'>,
): { municipality?: string; region?: string } {
  const municipality = named(q.municipality);
  const region = named(q.region);
  const place = {
    ...(municipality !== undefined ? { municipality } : {}),
    ...(region !== undefined ? { region } : {}),
  };
  if (scope.kind === 'all') return place;
  if (region !== undefined && region !== scope.region)
    throw vspError('VSP_SERVE_FORBIDDEN', `region ${region} is outside the token's scope`);
  if (scope.kind === 'region') {
    if (municipality !== undefined && gazetteer.byCode(municipality)?.region !== scope.region)
      throw vspError('VSP_SERVE_FORBIDDEN', `municipality ${municipality} is outside the token's scope`);
    return { ...place, region: scope.region };
  }
  if (municipality !== undefined && municipality !== scope.municipality)
    throw vspError('VSP_SERVE_FORBIDDEN', `municipality ${municipality} is outside the token's scope`);
  return { municipality: scope.municipality, region: scope.region };
}

/** Whether a place (a row's municipality and region) lies within the scope. */
export function inScope(
  scope: Scope,
  place: { municipality?: string | null; region?: string | null },
): boolean {
  if (scope.kind === 'all') return true;
  if (scope.kind === 'municipality') return place.municipality === scope.municipality;
  return place.region === scope.region;
}

/** Whether a region is, or holds, the scope (a head's region is listed, narrowed to the head's town). */
export function regionInScope(scope: Scope, region: string): boolean {
  return scope.kind === 'all' || scope.region === region;
}

/** 404 for an object outside the scope: to that token it does not exist (no oracle for other towns' ids). */
export function assertVisible(
  scope: Scope,
  place: { municipality?: string | null; region?: string | null },
  what: string,
): void {
  if (!inScope(scope, place)) throw vspError('VSP_SERVE_NOT_FOUND', what);
}
