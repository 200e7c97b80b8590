/**
 * Known causes of rises: planned hot-water shut-offs, the official start of the heating season in a region,
 * public holidays, announced road works. An alert whose first window starts inside a known event for its place
 * and topic is labelled expected, with the cause, instead of raised as an incident (alerts.ts).
 *
 * A calendar file is JSON: `{ "events": [ { "id", "kind", "label", "topics": [...] (empty: every topic),
 * "municipality"? | "region"? (neither: the whole country), "from": "YYYY-MM-DD", "to": "YYYY-MM-DD" } ] }`.
 * Dates are local to the place (both inclusive): a shut-off "2025-06-02 … 2025-06-15" in Yekaterinburg starts at
 * its midnight (UTC+5).
 */
import { readFileSync } from 'node:fs';
import { type Static, Type as T } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { vspError } from '../errors.ts';
import { type KnownCause, TOPIC_IDS, type TopicId } from '../records.ts';

const DateString = T.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

export const KnownEventSchema = T.Object(
  {
    id: T.String({ minLength: 1, maxLength: 200 }),
    kind: T.String({ minLength: 1, maxLength: 64 }),
    label: T.String({ minLength: 1, maxLength: 500 }),
    topics: T.Array(T.Union(TOPIC_IDS.map((t) => T.Literal(t)))),
    municipality: T.Optional(T.String({ pattern: '^\\d{8}$' })),
    region: T.Optional(T.String({ pattern: '^\\d{2}$' })),
    from: DateString,
    to: DateString,
  },
  { additionalProperties: false },
);
export type KnownEvent = Static<typeof KnownEventSchema>;

export const CalendarFileSchema = T.Object(
  { events: T.Array(KnownEventSchema) },
  { additionalProperties: false },
);

export interface Calendar {
  readonly events: readonly KnownEvent[];
  /** Add or replace (same id) events, e.g. ones entered through the API while the pipeline runs. */
  add(events: readonly KnownEvent[]): void;
  /** The known event covering this place and topic at `atMs` (local date by `utcOffsetMin`), if any. */
  lookup(
    municipality: string,
    region: string,
    topic: TopicId,
    atMs: number,
    utcOffsetMin: number,
  ): KnownCause | undefined;
}

const localDate = (atMs: number, offsetMin: number) =>
  new Date(atMs + offsetMin * 60_000).toISOString().slice(0, 10);

export function createCalendar(events: readonly KnownEvent[]): Calendar {
  const byId = new Map<string, KnownEvent>();
  let byTopic = new Map<TopicId | '*', KnownEvent[]>();
  const index = () => {
    byTopic = new Map();
    for (const e of byId.values())
      for (const t of e.topics.length > 0 ? e.topics : (['*'] as const)) {
        const list = byTopic.get(t) ?? [];
        list.push(e);
        byTopic.set(t, list);
      }
  };
  const add = (list: readonly KnownEvent[]) => {
    for (const e of list) {
      if (e.from > e.to)
        throw vspError('VSP_CONFIG_INVALID', `calendar event '${e.id}': from ${e.from} is after to ${e.to}`);
      byId.set(e.id, e);
    }
    index();
  };
  add(events);
  return {
    get events() {
      return [...byId.values()];
    },
    add,
    lookup(municipality, region, topic, atMs, utcOffsetMin) {
      const day = localDate(atMs, utcOffsetMin);
      for (const list of [byTopic.get(topic), byTopic.get('*')]) {
        for (const e of list ?? []) {
          if (day < e.from || day > e.to) continue;
          if (e.municipality !== undefined && e.municipality !== municipality) continue;
          if (e.municipality === undefined && e.region !== undefined && e.region !== region) continue;
          return { id: e.id, kind: e.kind, label: e.label };
        }
      }
      return undefined;
    },
  };
}

/** Read and validate a calendar file; errors name the file and the failing field. */
export function loadCalendar(path: string): Calendar {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw vspError('VSP_CONFIG_INVALID', `calendar ${path}: ${(e as Error).message}`, e);
  }
  if (!Value.Check(CalendarFileSchema, data)) {
    const first = [...Value.Errors(CalendarFileSchema, data)][0];
    throw vspError(
      'VSP_CONFIG_INVALID',
      `calendar ${path}: ${first?.path || '/'} ${first?.message ?? 'is invalid'}`,
    );
  }
  return createCalendar(data.events);
}
