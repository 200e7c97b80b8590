/**
 * Briefing subscriptions and their deliveries through the API (admin only): a running server holds the DuckDB
 * file, so this is how subscriptions change without a restart; the scheduler (`serve --briefings DIR`) reads them
 * on its next pass.
 */
import type { FastifyInstance } from 'fastify';
import {
  formatSendAt,
  nextDue,
  subscriptionZone,
  validateNewSubscription,
} from '../../briefing/delivery/index.ts';
import { systemClock } from '../../clock.ts';
import { vspError } from '../../errors.ts';
import { type DeliveryRow, listDeliveries } from '../../store/deliveries.ts';
import {
  insertSubscription,
  listSubscriptions,
  removeSubscription,
  type Subscription,
} from '../../store/subscriptions.ts';
import { ADMIN_ONLY } from '../access.ts';
import type { ApiDeps } from '../deps.ts';
import {
  DeliveriesQuery,
  DeliveriesReply,
  errorResponses,
  NoQuery,
  SubscriptionCreateBody,
  SubscriptionItem,
  SubscriptionParams,
  SubscriptionsReply,
} from '../schemas.ts';

export function subscriptionRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const clock = deps.clock ?? systemClock;
  const item = (s: Subscription) => {
    const g = deps.gazetteer;
    const zone = subscriptionZone(s, g);
    return {
      id: s.id,
      kind: s.kind,
      place: s.place,
      placeName:
        (s.kind === 'municipality'
          ? g.byCode(s.place)?.name
          : g.regions().find((r) => r.code === s.place)?.name) ?? null,
      sink: s.sink,
      target: s.target,
      formats: s.formats,
      sendAt: formatSendAt(s.sendAtMin),
      enabled: s.enabled,
      createdAt: new Date(s.createdAtMs).toISOString(),
      nextSendAt:
        zone === undefined
          ? null
          : new Date(
              nextDue(clock.nowMs(), { utcOffsetMin: zone, sendAtMin: s.sendAtMin }).dueMs,
            ).toISOString(),
    };
  };

  app.get(
    '/api/subscriptions',
    {
      config: { access: ADMIN_ONLY },
      schema: {
        summary: 'Briefing subscriptions, with the next send time of each',
        tags: ['briefings'],
        querystring: NoQuery,
        response: { 200: SubscriptionsReply, ...errorResponses },
      },
    },
    async () => (await listSubscriptions(deps.store)).map(item),
  );

  app.post<{ Body: SubscriptionCreateBody }>(
    '/api/subscriptions',
    {
      config: { access: ADMIN_ONLY },
      schema: {
        summary: "Subscribe a sink to a municipality's briefing or a region's digest",
        tags: ['briefings'],
        querystring: NoQuery,
        body: SubscriptionCreateBody,
        response: { 201: SubscriptionItem, ...errorResponses },
      },
    },
    async (req, reply) => {
      let spec: ReturnType<typeof validateNewSubscription>;
      try {
        spec = validateNewSubscription(req.body, deps.gazetteer, { containedFileTargets: true });
      } catch (e) {
        throw vspError('VSP_SERVE_BAD_QUERY', (e as Error).message.replace(/^bad command-line usage: /, ''));
      }
      reply.code(201);
      return item(await insertSubscription(deps.store, spec, clock.nowMs()));
    },
  );

  app.delete<{ Params: SubscriptionParams }>(
    '/api/subscriptions/:id',
    {
      config: { access: ADMIN_ONLY },
      schema: {
        summary: 'Remove a subscription (its deliveries stay on record); the reply is what was removed',
        tags: ['briefings'],
        params: SubscriptionParams,
        querystring: NoQuery,
        response: { 200: SubscriptionItem, ...errorResponses },
      },
    },
    async (req) => {
      const found = (await listSubscriptions(deps.store)).find((s) => s.id === req.params.id);
      if (found === undefined || !(await removeSubscription(deps.store, req.params.id)))
        throw vspError('VSP_SERVE_NOT_FOUND', `subscription '${req.params.id}'`);
      return item(found);
    },
  );

  app.get<{ Querystring: DeliveriesQuery }>(
    '/api/deliveries',
    {
      config: { access: ADMIN_ONLY },
      schema: {
        summary:
          'What the scheduler delivered: state (pending/sent/failed), rounds, last error; newest first',
        tags: ['briefings'],
        querystring: DeliveriesQuery,
        response: { 200: DeliveriesReply, ...errorResponses },
      },
    },
    async (req) => {
      const rows = (
        await listDeliveries(deps.store, {
          ...(req.query.subscription !== undefined ? { subscriptionId: req.query.subscription } : {}),
          limit: req.query.limit ?? 100,
        })
      ).filter((r) => req.query.state === undefined || r.state === req.query.state);
      return { items: rows.map(deliveryItem), failed: rows.filter((r) => r.state === 'failed').length };
    },
  );
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function deliveryItem(d: DeliveryRow) {
  return {
    subscriptionId: d.subscriptionId,
    date: d.date,
    deliveryId: d.deliveryId,
    state: d.state,
    attempts: d.attempts,
    lastError: d.lastError,
    messagesCount: d.messagesCount,
    dueAt: new Date(d.dueMs).toISOString(),
    updatedAt: new Date(d.updatedAtMs).toISOString(),
    sentAt: iso(d.sentAtMs),
  };
}
