import type { FastifyInstance } from 'fastify';
import { vspError } from '../../errors.ts';
import { districtRef } from '../../geo/districts.ts';
import { maskPii } from '../../normalise/mask-pii.ts';
import type { AnomalyRow, StoredMessage } from '../../store/index.ts';
import { ALL_ROLES, assertVisible, MESSAGE_READERS, narrowPlace, scopeOf } from '../access.ts';
import type { ApiDeps } from '../deps.ts';
import { explainWindow } from '../explain-window.ts';
import {
  AnomaliesQuery,
  AnomaliesReply,
  AnomalyParams,
  AnomalyReply,
  errorResponses,
  NoQuery,
} from '../schemas.ts';
import { resolveListFilter } from '../selection.ts';

export const SAMPLE_MESSAGES = 8;

export function anomalyRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get<{ Querystring: AnomaliesQuery }>(
    '/api/anomalies',
    {
      config: { access: ALL_ROLES },
      schema: {
        summary: "Anomalies (flagged windows) within the token's scope, newest first, paginated",
        description: 'from/to select windows overlapping the period; both optional (open-ended).',
        tags: ['anomalies'],
        querystring: AnomaliesQuery,
        response: { 200: AnomaliesReply, ...errorResponses },
      },
    },
    async (req) => {
      const q = req.query;
      const place = narrowPlace(scopeOf(req), q, deps.gazetteer);
      const f = resolveListFilter({ ...q, ...place }, deps.gazetteer, deps.topics);
      const page = await deps.store.anomalies({
        ...f,
        severity: q.severity,
        status: q.status,
        bucket: q.bucket,
      });
      return { total: page.total, limit: f.limit, offset: f.offset, items: page.items.map(toAnomalyItem) };
    },
  );

  app.get<{ Params: AnomalyParams }>(
    '/api/anomalies/:id',
    {
      config: { access: MESSAGE_READERS },
      schema: {
        summary: 'One anomaly with sample messages of its window and why it spiked (explanation)',
        tags: ['anomalies'],
        params: AnomalyParams,
        querystring: NoQuery,
        response: { 200: AnomalyReply, ...errorResponses },
      },
    },
    async (req) => {
      const a = await deps.store.anomaly(req.params.id);
      if (!a) throw vspError('VSP_SERVE_NOT_FOUND', `anomaly '${req.params.id}'`);
      assertVisible(scopeOf(req), a, `anomaly '${req.params.id}'`);
      const window = { municipality: a.municipality, topic: a.topic, fromMs: a.startMs, toMs: a.endMs };
      const [samples, explanation] = await Promise.all([
        deps.store.sampleMessages({ ...window, limit: SAMPLE_MESSAGES }),
        explainWindow(deps.store, window),
      ]);
      return {
        ...toAnomalyItem(a),
        samples: samples.map(toSample),
        explanation,
      };
    },
  );
}

export function toAnomalyItem(a: AnomalyRow) {
  return {
    ...a,
    start: new Date(a.startMs).toISOString(),
    district: a.district === undefined ? null : districtRef(a.district),
  };
}

/** A stored message as a sample in a reply (the fields an analyst reads), its personal data masked. */
export function toSample(m: StoredMessage) {
  return {
    id: m.id,
    source: m.source,
    createdAt: m.createdAt,
    eventTimeMs: m.eventTimeMs,
    author: m.author,
    text: maskPii(m.text),
    url: m.url,
    late: m.late,
    storyId: m.storyId,
    district: m.district === null ? null : districtRef(m.district),
  };
}
