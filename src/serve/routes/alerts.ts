import type { FastifyInstance } from 'fastify';
import { systemClock } from '../../clock.ts';
import { vspError } from '../../errors.ts';
import { districtRef } from '../../geo/districts.ts';
import type { AlertRow } from '../../store/index.ts';
import { ALL_ROLES, assertVisible, MESSAGE_READERS, narrowPlace, scopeOf } from '../access.ts';
import type { ApiDeps } from '../deps.ts';
import { explainWindow } from '../explain-window.ts';
import {
  AlertFeedbackBody,
  AlertFeedbackReply,
  AlertParams,
  AlertReply,
  AlertsQuery,
  AlertsReply,
  errorResponses,
  NoQuery,
} from '../schemas.ts';
import { resolveListFilter } from '../selection.ts';
import { SAMPLE_MESSAGES, toAnomalyItem, toSample } from './anomalies.ts';

/** Most flagged windows returned with one alert (newest first, so a very long alert shows its latest). */
export const ALERT_ANOMALIES = 200;

export function alertRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get<{ Querystring: AlertsQuery }>(
    '/api/alerts',
    {
      config: { access: ALL_ROLES },
      schema: {
        summary:
          "Alerts (incidents: flagged windows merged) within the token's scope, most recently opened first, paginated",
        description:
          'from/to select alerts overlapping the period; both optional (open-ended). expected=1 keeps the ' +
          'alerts explained by a known cause (planned shut-off, heating season), expected=0 the incidents. ' +
          'view=incidents (default view=alerts: one item per alert) lists one item per incident group — one ' +
          'story the classifier filed under several topics — as its head alert (groupId = id): the filters match ' +
          'an incident when its head or any member matches them all (topic=housing finds a gas incident with a ' +
          'housing member), total counts incidents, severity and respondWithinMin are the strongest of the group, ' +
          'status is open while any of its alerts is, end the latest; `members` lists its other alerts by start ' +
          "and `topics` its topics, the head's first.",
        tags: ['alerts'],
        querystring: AlertsQuery,
        response: { 200: AlertsReply, ...errorResponses },
      },
    },
    async (req) => {
      const q = req.query;
      const place = narrowPlace(scopeOf(req), q, deps.gazetteer);
      const f = resolveListFilter({ ...q, ...place }, deps.gazetteer, deps.topics);
      const filter = {
        ...f,
        severity: q.severity,
        status: q.status,
        expected: q.expected === undefined ? undefined : q.expected === '1' || q.expected === 'true',
      };
      const page =
        q.view === 'incidents' ? await deps.store.incidents(filter) : await deps.store.alerts(filter);
      return { total: page.total, limit: f.limit, offset: f.offset, items: page.items.map(toAlertItem) };
    },
  );

  app.get<{ Params: AlertParams }>(
    '/api/alerts/:id',
    {
      config: { access: MESSAGE_READERS },
      schema: {
        summary:
          'One alert with its flagged windows, sample messages of its span and why it spiked (explanation)',
        description:
          'The explanation reads the messages of its municipality and topic from its start to the end of its ' +
          'last flagged window, against the 28 days before it.',
        tags: ['alerts'],
        params: AlertParams,
        querystring: NoQuery,
        response: { 200: AlertReply, ...errorResponses },
      },
    },
    async (req) => {
      const a = await deps.store.alert(req.params.id);
      if (!a) throw vspError('VSP_SERVE_NOT_FOUND', `alert '${req.params.id}'`);
      assertVisible(scopeOf(req), a, `alert '${req.params.id}'`);
      const [anomalies, samples, feedback, explanation, members] = await Promise.all([
        deps.store.anomalies({
          municipality: a.municipality,
          topic: a.topic,
          fromMs: a.startMs,
          toMs: a.endMs,
          limit: ALERT_ANOMALIES,
          offset: 0,
        }),
        deps.store.sampleMessages({
          municipality: a.municipality,
          topic: a.topic,
          fromMs: a.startMs,
          toMs: a.endMs,
          limit: SAMPLE_MESSAGES,
        }),
        deps.store.alertFeedback(a.id),
        explainWindow(deps.store, {
          municipality: a.municipality,
          topic: a.topic,
          fromMs: a.startMs,
          toMs: a.endMs,
        }),
        // A head lists its incident's other alerts; a member's groupId names its head.
        a.groupId === a.id ? deps.store.incidentMembers(a.id) : undefined,
      ]);
      return {
        ...toAlertItem(a),
        ...(members === undefined ? {} : { members }),
        anomalies: anomalies.items.map(toAnomalyItem),
        samples: samples.map(toSample),
        feedback: feedback.map((f) => ({ label: f.label, note: f.note, at: new Date(f.atMs).toISOString() })),
        explanation,
      };
    },
  );

  app.post<{ Params: AlertParams; Body: AlertFeedbackBody }>(
    '/api/alerts/:id/feedback',
    {
      config: { access: MESSAGE_READERS },
      schema: {
        summary:
          "An analyst's verdict on an alert: real, known_cause or noise (tunes that series' sensitivity)",
        tags: ['alerts'],
        params: AlertParams,
        querystring: NoQuery,
        body: AlertFeedbackBody,
        response: { 201: AlertFeedbackReply, ...errorResponses },
      },
    },
    async (req, reply) => {
      const a = await deps.store.alert(req.params.id);
      if (!a) throw vspError('VSP_SERVE_NOT_FOUND', `alert '${req.params.id}'`);
      assertVisible(scopeOf(req), a, `alert '${req.params.id}'`);
      const atMs = (deps.clock ?? systemClock).nowMs();
      const note = req.body.note ?? null;
      await deps.store.addAlertFeedback({
        alertId: a.id,
        municipality: a.municipality,
        topic: a.topic,
        label: req.body.label,
        note,
        atMs,
      });
      reply.code(201);
      return { alertId: a.id, label: req.body.label, note, at: new Date(atMs).toISOString() };
    },
  );
}

/** An alert (or an incident: its topics and members pass through) with ISO times and district names. */
function toAlertItem<A extends AlertRow>(a: A) {
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    ...a,
    start: iso(a.startMs),
    end: iso(a.endMs),
    firstDetectedAt: iso(a.firstDetectedAtMs),
    lastDetectedAt: iso(a.lastDetectedAtMs),
    closedAt: a.closedAtMs === null ? null : iso(a.closedAtMs),
    expected: a.cause !== null,
    districts: a.districts.map(districtRef),
  };
}
