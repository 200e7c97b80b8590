import type { FastifyInstance } from 'fastify';
import { systemClock } from '../../clock.ts';
import { vspError } from '../../errors.ts';
import type { Bucket } from '../../records.ts';
import { ALL_ROLES, narrowPlace, scopeOf } from '../access.ts';
import { jsonOrArrow, jsonOrArrow200 } from '../arrow-answer.ts';
import type { ApiDeps } from '../deps.ts';
import { errorResponses, SeriesQuery, SeriesReply } from '../schemas.ts';
import { resolveSelection } from '../selection.ts';
import { seriesRecordBatch } from '../series-arrow.ts';
import { bucketXOf, fillSeriesColumns } from '../series-columns.ts';
import { bucketGrid, resolvePeriod } from '../time-range.ts';

export const MAX_SERIES_ANOMALIES = 500;

export function seriesRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const clock = deps.clock ?? systemClock;
  const maxPoints = deps.maxSeriesPoints ?? 20_000;

  app.get<{ Querystring: SeriesQuery }>(
    '/api/series',
    {
      config: { access: ALL_ROLES },
      schema: {
        summary: 'Counts over time for one selection, as uPlot-ready columns',
        description:
          "municipality, region and topic are optional (omitted = all the token's scope, summed). Default period: the last 30 days " +
          `of data. At most ${maxPoints} buckets (else 400). ` +
          '`Accept: application/vnd.apache.arrow.stream`: the same answer as an Arrow IPC stream, one row a bucket ' +
          '(docs/export.md); any other Accept: JSON.',
        tags: ['series'],
        querystring: SeriesQuery,
        response: {
          200: jsonOrArrow200('uPlot-ready columns (JSON) or one row a bucket (Arrow)', SeriesReply),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const q = req.query;
      const bucket: Bucket = q.bucket ?? 'hour';
      const place = narrowPlace(scopeOf(req), q, deps.gazetteer);
      const sel = resolveSelection({ topic: q.topic, ...place }, deps.gazetteer, deps.topics);
      const perCapita = q.per_capita === '1' || q.per_capita === 'true';
      if (perCapita && !sel.population) {
        throw vspError('VSP_SERVE_BAD_QUERY', 'per_capita needs a selection with a known population');
      }
      const range = q.from === undefined || q.to === undefined ? await deps.store.dataRange() : null;
      const period = resolvePeriod(q, sel.utcOffsetMin, range?.toMs ?? null, clock.nowMs());
      const grid = bucketGrid(period, bucket, sel.utcOffsetMin);
      if (grid.points > maxPoints) {
        throw vspError(
          'VSP_SERVE_BAD_QUERY',
          `${grid.points} ${bucket} buckets requested; at most ${maxPoints}: shorten the period or use a larger bucket`,
        );
      }
      const filter = { municipality: sel.municipality, region: sel.region, topic: sel.topic };
      const points = await deps.store.series({
        ...filter,
        bucket,
        fromMs: grid.fromMs,
        toMs: grid.toMs,
        fromDay: grid.fromDay,
        toDay: grid.toDay,
      });
      const cols = fillSeriesColumns(grid, bucket, points, perCapita ? sel.population : null);
      const anomalies = await deps.store.anomalies({
        ...filter,
        fromMs: grid.fromMs,
        toMs: grid.toMs,
        limit: MAX_SERIES_ANOMALIES,
        offset: 0,
      });
      const body: SeriesReply = {
        bucket,
        municipality: sel.municipality ?? 'all',
        region: sel.region ?? 'all',
        topic: sel.topic ?? 'all',
        from: new Date(grid.fromMs).toISOString(),
        to: new Date(grid.toMs).toISOString(),
        utcOffsetMin: sel.utcOffsetMin,
        population: sel.population,
        ...cols,
        anomalies: anomalies.items
          .map((a) => ({
            id: a.id,
            bucket: a.bucket,
            municipality: a.municipality,
            topic: a.topic,
            startMs: a.startMs,
            x: bucketXOf(Math.max(a.startMs, grid.fromMs), bucket, grid, sel.utcOffsetMin),
            observed: a.observed,
            expected: a.expected,
            severity: a.severity,
          }))
          .sort((a, b) => a.startMs - b.startMs),
      };
      return jsonOrArrow(req, reply, body, seriesRecordBatch);
    },
  );
}
