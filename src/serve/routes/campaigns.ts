/**
 * Preventive campaigns (issue 15, docs/seasonal.md):
 *   POST /api/campaigns                      register one (municipality within the scope, topic, days, what was done)
 *   GET  /api/campaigns/:id/effect           observed vs the past-season counterfactual and vs the region's other
 *                                            towns without a campaign on the topic; 404 outside the scope
 *   GET  /api/campaigns/recommended?region=&from=[&lead_weeks=2&horizon_weeks=8]
 *                                            ranked (municipality, topic) starts for the coming weeks
 * All roles within their scope (aggregates only). Day counts come from the store's day windows.
 */
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { systemClock } from '../../clock.ts';
import { vspError } from '../../errors.ts';
import { dayFromIsoDate, isoDateFromDay } from '../../seasonal/days.ts';
import { evaluateCampaign } from '../../seasonal/evaluate-campaign.ts';
import { sumSeries } from '../../seasonal/plan-region.ts';
import {
  recommendForRegion,
  SEASONAL_HISTORY_DAYS,
  seriesOfKey,
} from '../../seasonal/region-recommendations.ts';
import { seasonStartMonth } from '../../seasonal/season-start-month.ts';
import { campaignById, campaignsOverlapping, insertCampaign, listCampaigns } from '../../store/campaigns.ts';
import { dailyCountsByKey } from '../../store/seasonal-counts.ts';
import { ALL_ROLES, narrowPlace, scopeOf } from '../access.ts';
import type { ApiDeps } from '../deps.ts';
import { errorResponses, NoQuery } from '../schemas.ts';
import { resolveSelection } from '../selection.ts';

const DAY_MS = 86_400_000;
/** History read: at most this many days back from the end of the data. */
const MAX_DAYS = SEASONAL_HISTORY_DAYS;

const DateString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const Code = Type.String({ pattern: '^[0-9A-Za-z_-]{1,32}$' });
const Topic = Type.String({ pattern: '^[a-z_]{1,32}$' });
const NullableNumber = Type.Union([Type.Number(), Type.Null()]);

const NewCampaignBody = Type.Object(
  {
    municipality: Code,
    topic: Topic,
    from: DateString,
    to: DateString,
    description: Type.String({ minLength: 1, maxLength: 2000 }),
  },
  { additionalProperties: false },
);
type NewCampaignBody = Static<typeof NewCampaignBody>;

const CampaignReply = Type.Object({
  id: Type.String(),
  municipality: Type.String(),
  region: Type.String(),
  topic: Type.String(),
  from: DateString,
  to: DateString,
  description: Type.String(),
  createdAt: Type.String(),
});

const CampaignListQuery = Type.Object(
  {
    region: Type.Optional(Type.String({ pattern: '^\\d{2}$' })),
    municipality: Type.Optional(Code),
    topic: Type.Optional(Topic),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  },
  { additionalProperties: false },
);
type CampaignListQuery = Static<typeof CampaignListQuery>;

const EffectReply = Type.Object({
  campaign: CampaignReply,
  season_start: Type.Union([DateString, Type.Null()]),
  window: Type.Union([Type.Object({ from: DateString, to: DateString }), Type.Null()]),
  effect: Type.Object({
    method: Type.Union([Type.Literal('controls'), Type.Literal('history'), Type.Literal('none')]),
    reported: Type.Boolean(),
    change: NullableNumber,
    low: NullableNumber,
    high: NullableNumber,
    level: Type.Number(),
    observed: NullableNumber,
    expected: NullableNumber,
    controls: Type.Integer(),
    reason: Type.String(),
  }),
});

const RecommendedQuery = Type.Object(
  {
    region: Type.Optional(Code),
    from: Type.Optional(DateString),
    lead_weeks: Type.Optional(Type.Integer({ minimum: 0, maximum: 12 })),
    horizon_weeks: Type.Optional(Type.Integer({ minimum: 1, maximum: 52 })),
  },
  { additionalProperties: false },
);
type RecommendedQuery = Static<typeof RecommendedQuery>;

const RecommendedReply = Type.Object({
  region: Type.String(),
  from: DateString,
  items: Type.Array(
    Type.Object({
      municipality: Type.String(),
      name: Type.String(),
      topic: Type.String(),
      start: DateString,
      onset_week: DateString,
      onset_low: DateString,
      onset_high: DateString,
      expected_per10k: NullableNumber,
      peak_weekly_per10k: NullableNumber,
      reason: Type.String(),
    }),
  ),
});

const finite = (x: number) => (Number.isFinite(x) ? Math.round(x * 1000) / 1000 : null);

function campaignJson(c: Awaited<ReturnType<typeof insertCampaign>>) {
  return {
    id: c.id,
    municipality: c.municipality,
    region: c.region,
    topic: c.topic,
    from: isoDateFromDay(c.fromDay),
    to: isoDateFromDay(c.toDay),
    description: c.description,
    createdAt: new Date(c.createdAtMs).toISOString(),
  };
}

export function campaignRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const clock = deps.clock ?? systemClock;
  const dataEndDay = async () => {
    const range = await deps.store.dataRange();
    return Math.floor((range?.toMs ?? clock.nowMs()) / DAY_MS);
  };

  app.post<{ Body: NewCampaignBody }>(
    '/api/campaigns',
    {
      config: { access: ALL_ROLES },
      schema: {
        summary: 'Register a preventive campaign (its municipality must lie within the token’s scope)',
        tags: ['seasonal'],
        querystring: NoQuery,
        body: NewCampaignBody,
        response: { 201: CampaignReply, ...errorResponses },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const fromDay = dayFromIsoDate(b.from);
      const toDay = dayFromIsoDate(b.to);
      if (fromDay === undefined || toDay === undefined)
        throw vspError('VSP_SERVE_BAD_QUERY', `from ${b.from} or to ${b.to} is not a date`);
      if (fromDay > toDay) throw vspError('VSP_SERVE_BAD_QUERY', `from ${b.from} is after to ${b.to}`);
      const place = narrowPlace(scopeOf(req), { municipality: b.municipality }, deps.gazetteer);
      const sel = resolveSelection({ topic: b.topic, ...place }, deps.gazetteer, deps.topics);
      const town = sel.municipality === undefined ? undefined : deps.gazetteer.byCode(sel.municipality);
      if (town === undefined || sel.topic === undefined)
        throw vspError('VSP_SERVE_BAD_QUERY', 'a campaign needs a known municipality and one topic');
      const row = await insertCampaign(
        deps.store,
        {
          municipality: town.code,
          region: town.region,
          topic: sel.topic,
          fromDay,
          toDay,
          description: b.description,
        },
        clock.nowMs(),
      );
      reply.code(201);
      return campaignJson(row);
    },
  );

  app.get<{ Querystring: CampaignListQuery }>(
    '/api/campaigns',
    {
      config: { access: ALL_ROLES },
      schema: {
        summary: 'Campaigns registered within the token’s scope (a region, a town, a topic), newest first',
        tags: ['seasonal'],
        querystring: CampaignListQuery,
        response: { 200: Type.Object({ items: Type.Array(CampaignReply) }), ...errorResponses },
      },
    },
    async (req) => {
      const q = req.query;
      const place = narrowPlace(
        scopeOf(req),
        { region: q.region, municipality: q.municipality },
        deps.gazetteer,
      );
      const rows = await listCampaigns(deps.store, {
        ...(place.region !== undefined ? { region: place.region } : {}),
        ...(place.municipality !== undefined ? { municipality: place.municipality } : {}),
        ...(q.topic !== undefined ? { topic: q.topic } : {}),
        limit: q.limit ?? 100,
      });
      return { items: rows.map(campaignJson) };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/campaigns/:id/effect',
    {
      config: { access: ALL_ROLES },
      schema: {
        summary:
          "A campaign's effect: observed vs its town's past seasons over the same weeks, against the region's other towns without a campaign",
        description:
          'Reported only with ≥ 2 comparable towns and a 95% interval excluding 0; from the town’s own history alone the change is given but never claimed (a mild winter would look the same).',
        tags: ['seasonal'],
        querystring: NoQuery,
        params: Type.Object(
          { id: Type.String({ pattern: '^cmp_[0-9a-f]{1,32}$' }) },
          { additionalProperties: false },
        ),
        response: { 200: EffectReply, ...errorResponses },
      },
    },
    async (req) => {
      const c = await campaignById(deps.store, req.params.id);
      const scope = scopeOf(req);
      const visible =
        c !== undefined &&
        (scope.kind === 'all' ||
          (scope.kind === 'region' && scope.region === c.region) ||
          (scope.kind === 'municipality' && scope.municipality === c.municipality));
      if (c === undefined || !visible) throw vspError('VSP_SERVE_NOT_FOUND', `campaign '${req.params.id}'`);
      const endDay = await dataEndDay();
      const keys = await dailyCountsByKey(deps.store, {
        region: c.region,
        topic: c.topic,
        fromDay: endDay - MAX_DAYS,
        toDay: endDay,
      });
      const mine = keys.find((k) => k.municipality === c.municipality);
      const none = (reason: string) => ({
        campaign: campaignJson(c),
        season_start: null,
        window: null,
        effect: {
          method: 'none' as const,
          reported: false,
          change: null,
          low: null,
          high: null,
          level: 0.95,
          observed: null,
          expected: null,
          controls: 0,
          reason,
        },
      });
      if (mine === undefined) return none('no day counts of this town and topic');
      const all = keys.map((k) => ({ k, s: seriesOfKey(k, endDay) }));
      const total = sumSeries(all.map((x) => x.s));
      const startMonth = total === undefined ? undefined : seasonStartMonth(total);
      if (startMonth === undefined) return none('under a year of data: no season');
      const busy = new Set(
        (
          await campaignsOverlapping(deps.store, {
            region: c.region,
            topic: c.topic,
            fromDay: c.fromDay - 366,
            toDay: c.toDay + 366,
          })
        ).map((x) => x.municipality),
      );
      const controls = all.filter((x) => !busy.has(x.k.municipality)).map((x) => x.s);
      const ev = evaluateCampaign(seriesOfKey(mine, endDay), controls, startMonth, c.fromDay);
      const e = ev.effect;
      return {
        campaign: campaignJson(c),
        season_start: ev.seasonStartDay === undefined ? null : isoDateFromDay(ev.seasonStartDay),
        window:
          ev.fromMonday === undefined || ev.toMonday === undefined
            ? null
            : { from: isoDateFromDay(ev.fromMonday), to: isoDateFromDay(ev.toMonday - 1) },
        effect: {
          method: e.method,
          reported: e.reported,
          change: finite(e.change),
          low: finite(e.low),
          high: finite(e.high),
          level: e.level,
          observed: finite(e.observed),
          expected: finite(e.expected),
          controls: e.controls,
          reason: e.reason,
        },
      };
    },
  );

  app.get<{ Querystring: RecommendedQuery }>(
    '/api/campaigns/recommended',
    {
      config: { access: ALL_ROLES },
      schema: {
        summary:
          'Ranked campaign starts in a region: recurring (municipality, topic) whose forecast onset lies ahead, start = onset − lead (or earlier when the onset is uncertain)',
        tags: ['seasonal'],
        querystring: RecommendedQuery,
        response: { 200: RecommendedReply, ...errorResponses },
      },
    },
    async (req) => {
      const q = req.query;
      const place = narrowPlace(scopeOf(req), { region: q.region }, deps.gazetteer);
      const region = place.region;
      if (region === undefined) throw vspError('VSP_SERVE_BAD_QUERY', 'region is required');
      if (!deps.gazetteer.regions().some((r) => r.code === region))
        throw vspError('VSP_SERVE_NOT_FOUND', `region '${region}'`);
      const endDay = await dataEndDay();
      const fromDay = q.from === undefined ? endDay : dayFromIsoDate(q.from);
      if (fromDay === undefined) throw vspError('VSP_SERVE_BAD_QUERY', `from ${q.from} is not a date`);
      // The whole region is planned (priors pooled from its towns); a head's list is then its own town's.
      const recs = await recommendForRegion(deps, {
        region,
        ...(place.municipality !== undefined ? { municipality: place.municipality } : {}),
        fromDay,
        endDay,
        ...(q.lead_weeks !== undefined ? { leadWeeks: q.lead_weeks } : {}),
        ...(q.horizon_weeks !== undefined ? { horizonWeeks: q.horizon_weeks } : {}),
      });
      return {
        region,
        from: isoDateFromDay(fromDay),
        items: recs.map((r) => ({
          municipality: r.municipality,
          name: deps.gazetteer.byCode(r.municipality)?.name ?? r.municipality,
          topic: r.topic,
          start: isoDateFromDay(r.startDay),
          onset_week: isoDateFromDay(r.onsetMonday),
          onset_low: isoDateFromDay(r.onsetLow),
          onset_high: isoDateFromDay(r.onsetHigh),
          expected_per10k: finite(r.expectedPer10k),
          peak_weekly_per10k: finite(r.peakWeeklyPer10k),
          reason: r.reason,
        })),
      };
    },
  );
}
