/**
 * GET /api/seasonal?municipality=&topic=[&lead_weeks=2] — the seasonal planner (docs/seasonal.md) for one
 * municipality and topic, from the store's day windows: each complete past season (onset, peak, total), the
 * week-of-year profile as uPlot columns, the recurrence test with its evidence, the forecast of the coming season
 * with 80% intervals and the recommended campaign start. The region's towns with day counts on the topic are
 * planned together (seasonal/plan-region.ts, as GET /api/campaigns/recommended and the backtest): seasons start
 * in the month where the topic is lowest in the region, priors (spreads, levels per 10,000) are pooled from the
 * other towns, and a town with under 3 seasons tests recurrence against their mean season. A town's history starts
 * on its first day with a complaint on the topic.
 *
 * All roles read it within their scope (aggregates only: no message).
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { systemClock } from '../../clock.ts';
import { vspError } from '../../errors.ts';
import { dailyFromPoints } from '../../seasonal/daily-from-points.ts';
import type { DailySeries } from '../../seasonal/daily-series.ts';
import { isoDateFromDay } from '../../seasonal/days.ts';
import { planRegionSeeded } from '../../seasonal/plan-cache.ts';
import { campaignStartDay } from '../../seasonal/recommend-campaigns.ts';
import { dailyCountsByKey } from '../../store/seasonal-counts.ts';
import { ALL_ROLES, narrowPlace, scopeOf } from '../access.ts';
import type { ApiDeps } from '../deps.ts';
import { errorResponses } from '../schemas.ts';
import { resolveSelection } from '../selection.ts';

const DAY_MS = 86_400_000;
/** History read: at most this many days back from the end of the data. */
export const SEASONAL_MAX_DAYS = 10 * 366;

const SeasonalQuery = Type.Object(
  {
    municipality: Type.String({ pattern: '^[0-9A-Za-z_-]{1,32}$' }),
    topic: Type.String({ pattern: '^[a-z_]{1,32}$' }),
    lead_weeks: Type.Optional(Type.Integer({ minimum: 0, maximum: 12 })),
  },
  { additionalProperties: false },
);
interface SeasonalQuery {
  municipality: string;
  topic: string;
  lead_weeks?: number;
}

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const IsoDate = Type.String({ description: 'YYYY-MM-DD (a Monday for weeks)' });
const Interval = Type.Object({ point: Type.Number(), low: Type.Number(), high: Type.Number() });
const WeekInterval = Type.Object({ point: IsoDate, low: IsoDate, high: IsoDate });

const SeasonalReply = Type.Object({
  municipality: Type.String(),
  topic: Type.String(),
  population: Type.Union([Type.Integer(), Type.Null()]),
  seasonStartMonth: Type.Union([Type.Integer({ minimum: 1, maximum: 12 }), Type.Null()]),
  historyFrom: Nullable(IsoDate),
  historyTo: Nullable(IsoDate),
  seasons: Type.Array(
    Type.Object({
      season_start: IsoDate,
      onset_week: Nullable(IsoDate),
      peak_week: Nullable(IsoDate),
      peak_weekly: Type.Number(),
      total: Type.Number(),
    }),
  ),
  weeks: Type.Object(
    {
      season_start: Type.Array(IsoDate),
      first_monday: Type.Array(IsoDate),
      counts: Type.Array(Type.Array(Type.Union([Type.Number(), Type.Null()]))),
    },
    {
      description:
        "Weekly totals of every season the history touches, oldest first (the planner page's heat map and curves): " +
        "counts[s][i] is week i of season s (i = 0 from the season's first Monday; null: the week is not wholly in the data)",
    },
  ),
  profile: Type.Array(Type.Array(Type.Union([Type.Number(), Type.Null()])), {
    description: 'uPlot columns [ISO week 1–53, mean weekly total (null: no year holds the week), years]',
  }),
  recurrence: Type.Object({
    recurring: Type.Boolean(),
    seasons: Type.Integer(),
    pValue: Type.Number(),
    correlation: Type.Union([Type.Number(), Type.Null()]),
    amplitude: Type.Union([Type.Number(), Type.Null()]),
    reason: Type.String(),
  }),
  forecast: Type.Union([
    Type.Object({
      season_start: IsoDate,
      onset_week: WeekInterval,
      peak_week: WeekInterval,
      peak_weekly: Interval,
      total: Interval,
      campaign_start: Nullable(IsoDate),
      per10k: Type.Union([Type.Object({ peak_weekly: Type.Number(), total: Type.Number() }), Type.Null()]),
      note: Type.String(),
    }),
    Type.Null(),
  ]),
});

const finite = (x: number) => (Number.isFinite(x) ? x : null);
const r1 = (x: number) => Math.round(x * 10) / 10;

export function seasonalRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const clock = deps.clock ?? systemClock;
  app.get<{ Querystring: SeasonalQuery }>(
    '/api/seasonal',
    {
      config: { access: ALL_ROLES },
      schema: {
        summary: 'Seasonal profile, recurrence, forecast and campaign start for one municipality and topic',
        description:
          'Seasons: 12 months from the month where the topic is lowest in the region. Onset: the first week reaching 30% of ' +
          "the season's peak week. Intervals: 80% prediction intervals; the weather is not known in advance.",
        tags: ['seasonal'],
        querystring: SeasonalQuery,
        response: { 200: SeasonalReply, ...errorResponses },
      },
    },
    async (req) => {
      const q = req.query;
      const place = narrowPlace(scopeOf(req), { municipality: q.municipality }, deps.gazetteer);
      const sel = resolveSelection({ topic: q.topic, ...place }, deps.gazetteer, deps.topics);
      if (sel.topic === undefined) throw vspError('VSP_SERVE_BAD_QUERY', 'topic must name one topic');
      const town = sel.municipality === undefined ? undefined : deps.gazetteer.byCode(sel.municipality);
      if (town === undefined)
        throw vspError('VSP_SERVE_BAD_QUERY', 'municipality must name one municipality');
      const range = await deps.store.dataRange();
      const endDay = Math.floor((range?.toMs ?? clock.nowMs()) / DAY_MS);
      const keys = await dailyCountsByKey(deps.store, {
        region: town.region,
        topic: sel.topic,
        fromDay: endDay - SEASONAL_MAX_DAYS,
        toDay: endDay,
      });
      const empty = {
        municipality: town.code,
        topic: sel.topic,
        population: sel.population,
        seasonStartMonth: null,
        historyFrom: null,
        historyTo: null,
        seasons: [],
        weeks: { season_start: [], first_monday: [], counts: [] },
        profile: [],
        forecast: null,
      };
      const noRecurrence = (reason: string) => ({
        recurring: false,
        seasons: 0,
        pValue: 1,
        correlation: null,
        amplitude: null,
        reason,
      });
      const mine = keys.find((k) => k.municipality === town.code);
      if (mine === undefined) return { ...empty, recurrence: noRecurrence('данных нет') };
      // Each town's history starts on its first day with a complaint on the topic: zeros before it are no data.
      const towns = keys.map((k) => {
        const first = Math.min(...k.points.map((x) => x.day));
        return {
          municipality: k.municipality,
          population: deps.gazetteer.byCode(k.municipality)?.population ?? 0,
          series: dailyFromPoints(k.points, first, endDay),
        };
      });
      const mySeries = towns.find((t) => t.municipality === town.code)?.series as DailySeries;
      const history = {
        historyFrom: isoDateFromDay(mySeries.firstDay),
        historyTo: isoDateFromDay(endDay - 1),
      };
      const plan = planRegionSeeded(towns);
      const p = plan.plans.find((x) => x.municipality === town.code)?.profile;
      if (p === undefined) {
        return {
          ...empty,
          ...history,
          recurrence: noRecurrence(
            `${mySeries.values.length} days of history: the planner needs at least a year`,
          ),
        };
      }
      const f = p.forecast;
      const lead = q.lead_weeks ?? 2;
      const week = (iv: { point: number; low: number; high: number }) => ({
        point: isoDateFromDay(iv.point),
        low: isoDateFromDay(iv.low),
        high: isoDateFromDay(iv.high),
      });
      const vol = (iv: { point: number; low: number; high: number }) => ({
        point: r1(iv.point),
        low: r1(iv.low),
        high: r1(iv.high),
      });
      const pop = sel.population;
      return {
        municipality: sel.municipality ?? q.municipality,
        topic: sel.topic,
        population: pop,
        seasonStartMonth: p.startMonth + 1,
        ...history,
        seasons: p.observed.map((s) => ({
          season_start: isoDateFromDay(s.startDay),
          onset_week: s.onsetMonday === undefined ? null : isoDateFromDay(s.onsetMonday),
          peak_week: s.peakMonday === undefined ? null : isoDateFromDay(s.peakMonday),
          peak_weekly: s.peakWeekly,
          total: s.total,
        })),
        weeks: {
          season_start: p.seasons.map((s) => isoDateFromDay(s.startDay)),
          first_monday: p.seasons.map((s) => isoDateFromDay(s.firstMonday)),
          counts: p.seasons.map((s) => {
            const row: (number | null)[] = new Array(Math.ceil((s.nextStartDay - s.firstMonday) / 7)).fill(
              null,
            );
            for (const w of s.weeks) row[w.index] = w.total;
            return row;
          }),
        },
        profile: [p.profile.week.slice(), p.profile.mean.map(finite), p.profile.years.slice()],
        recurrence: {
          recurring: p.recurrence.recurring,
          seasons: p.recurrence.seasons,
          pValue: p.recurrence.pValue,
          correlation: finite(p.recurrence.meanCorrelation),
          amplitude: finite(p.recurrence.amplitude),
          reason: p.recurrence.reason,
        },
        forecast:
          f === undefined
            ? null
            : {
                season_start: isoDateFromDay(f.startDay),
                onset_week: week(f.onsetMonday),
                peak_week: week(f.peakMonday),
                peak_weekly: vol(f.peakWeekly),
                total: vol(f.total),
                campaign_start: p.recurrence.recurring ? isoDateFromDay(campaignStartDay(f, lead)) : null,
                per10k:
                  pop !== null && pop > 0
                    ? {
                        peak_weekly: r1((f.peakWeekly.point * 10_000) / pop),
                        total: r1((f.total.point * 10_000) / pop),
                      }
                    : null,
                note:
                  `from ${f.seasonsUsed} complete season(s); the weather is not known in advance: the 80% intervals hold ` +
                  "the spread of past seasons' weather, widened for short histories" +
                  (p.recurrence.recurring ? '' : '; not shown to recur here: no campaign is recommended'),
              },
      };
    },
  );
}
