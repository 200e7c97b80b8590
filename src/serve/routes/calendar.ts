/**
 * Known causes through the API: `GET /api/calendar` lists the ones entered here, `POST /api/calendar` adds (or, same
 * id, replaces) one — a planned shut-off, the heating season's start, announced road works. A pipeline sharing the
 * store picks them up before its next batch and labels the alerts they explain as expected (detect/calendar.ts).
 */
import type { FastifyInstance } from 'fastify';
import { systemClock } from '../../clock.ts';
import { type KnownEvent, KnownEventSchema } from '../../detect/calendar.ts';
import { vspError } from '../../errors.ts';
import type { Scope } from '../../store/tokens.ts';
import { ALL_ROLES, scopeOf } from '../access.ts';
import type { ApiDeps } from '../deps.ts';
import { CalendarReply, errorResponses, NoQuery } from '../schemas.ts';

export function calendarRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get(
    '/api/calendar',
    {
      config: { access: ALL_ROLES },
      schema: {
        summary:
          "Known causes entered through the API (planned shut-offs, heating season, road works…) that apply within the token's scope",
        tags: ['alerts'],
        querystring: NoQuery,
        response: { 200: CalendarReply, ...errorResponses },
      },
    },
    async (req) => {
      const scope = scopeOf(req);
      const events = await deps.store.knownEventsSince(Number.NEGATIVE_INFINITY);
      return { events: events.map((e) => e.event).filter((e) => appliesWithin(scope, e, deps)) };
    },
  );

  app.post<{ Body: KnownEvent }>(
    '/api/calendar',
    {
      config: { access: ALL_ROLES },
      schema: {
        summary:
          "Add (or replace, same id) a known cause; alerts it explains are labelled expected. Its place must lie within the token's scope (one with no place, everywhere, is for admins)",
        tags: ['alerts'],
        querystring: NoQuery,
        body: KnownEventSchema,
        response: { 201: KnownEventSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const e = req.body;
      if (e.from > e.to) throw vspError('VSP_SERVE_BAD_QUERY', `from ${e.from} is after to ${e.to}`);
      if (e.municipality !== undefined && !deps.gazetteer.byCode(e.municipality))
        throw vspError('VSP_SERVE_BAD_QUERY', `unknown municipality '${e.municipality}'`);
      if (e.region !== undefined && !deps.gazetteer.regions().some((r) => r.code === e.region))
        throw vspError('VSP_SERVE_BAD_QUERY', `unknown region '${e.region}'`);
      if (!liesWithin(scopeOf(req), e, deps))
        throw vspError('VSP_SERVE_FORBIDDEN', "the event's place is outside the token's scope");
      await deps.store.addKnownEvent(e, (deps.clock ?? systemClock).nowMs());
      reply.code(201);
      return e;
    },
  );
}

type Placed = Pick<KnownEvent, 'municipality' | 'region'>;
const regionOfEvent = (e: Placed, deps: ApiDeps) =>
  e.region ?? (e.municipality === undefined ? undefined : deps.gazetteer.byCode(e.municipality)?.region);

/** An event applies within a scope when it covers some of it: everywhere, the scope's region, or a town in it. */
function appliesWithin(scope: Scope, e: Placed, deps: ApiDeps): boolean {
  if (scope.kind === 'all' || (e.municipality === undefined && e.region === undefined)) return true;
  if (e.municipality !== undefined)
    return scope.kind === 'region'
      ? regionOfEvent(e, deps) === scope.region
      : e.municipality === scope.municipality;
  return e.region === scope.region;
}

/** A token may enter an event only for places wholly within its scope. */
function liesWithin(scope: Scope, e: Placed, deps: ApiDeps): boolean {
  if (scope.kind === 'all') return true;
  if (scope.kind === 'municipality') return e.municipality === scope.municipality;
  if (e.municipality !== undefined)
    return (
      regionOfEvent({ municipality: e.municipality }, deps) === scope.region &&
      (e.region ?? scope.region) === scope.region
    );
  return e.region === scope.region;
}
