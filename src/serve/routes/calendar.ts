/**
 * Known causes through the API: `GET /api/calendar` lists the ones entered here, `POST /api/calendar` adds (or, same
 * id, replaces) one — a planned shut-off, the heating season's start, announced road works. A pipeline sharing the
 * store picks them up before its next batch and labels the alerts they explain as expected (detect/calendar.ts).
 */
import type { FastifyInstance } from 'fastify';
import { systemClock } from '../../clock.ts';
import { type KnownEvent, KnownEventSchema } from '../../detect/calendar.ts';
import { vspError } from '../../errors.ts';
import type { ApiDeps } from '../deps.ts';
import { CalendarReply, errorResponses } from '../schemas.ts';

export function calendarRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get(
    '/api/calendar',
    {
      schema: {
        summary: 'Known causes entered through the API (planned shut-offs, heating season, road works…)',
        tags: ['alerts'],
        response: { 200: CalendarReply, ...errorResponses },
      },
    },
    async () => ({
      events: (await deps.store.knownEventsSince(Number.NEGATIVE_INFINITY)).map((e) => e.event),
    }),
  );

  app.post<{ Body: KnownEvent }>(
    '/api/calendar',
    {
      schema: {
        summary: 'Add (or replace, same id) a known cause; alerts it explains are labelled expected',
        tags: ['alerts'],
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
      await deps.store.addKnownEvent(e, (deps.clock ?? systemClock).nowMs());
      reply.code(201);
      return e;
    },
  );
}
