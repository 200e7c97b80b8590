/**
 * TypeBox schemas of every route's querystring, params and response (they double as the TS types and feed the
 * OpenAPI document at /docs). Fastify compiles them: a request that fails its schema is a 400.
 */
import { type Static, type TProperties, type TSchema, Type } from '@sinclair/typebox';
import { KnownEventSchema } from '../detect/calendar.ts';

/** ISO date or date-time: 2026-01-10, 2026-01-10T12:00, 2026-01-10T12:00:00+05:00. */
const IsoInstant = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,3})?)?(Z|[+-]\\d{2}:?\\d{2})?)?$',
  description:
    'ISO 8601 date or date-time. A date or a date-time without offset is read in the local time of the ' +
    'selected municipality, otherwise Moscow time (UTC+3). `to` as a date is inclusive (the whole day).',
  examples: ['2026-01-10', '2026-01-10T12:00:00+05:00'],
});
const Code = Type.String({ pattern: '^[0-9A-Za-z_-]{1,32}$' });
const TopicParam = Type.String({ pattern: '^[a-z_]{1,32}$', description: 'topic id, or `all`' });
const Flag = Type.Union([Type.Literal('1'), Type.Literal('0'), Type.Literal('true'), Type.Literal('false')]);
const BucketParam = Type.Union([Type.Literal('5m'), Type.Literal('hour'), Type.Literal('day')]);
const SeverityParam = Type.Union([Type.Literal('critical'), Type.Literal('high'), Type.Literal('normal')]);
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
/** A querystring or params object: a parameter it does not name is a 400 (a typo must not widen a query). */
const Strict = <T extends TProperties>(p: T) => Type.Object(p, { additionalProperties: false });
/** The querystring of a route that takes none. */
export const NoQuery = Strict({});

export const ErrorBody = Type.Object(
  { error: Type.String({ description: 'machine-readable code' }), message: Type.String() },
  { $id: 'ErrorBody', description: 'Every error: `{error, message}`' },
);
export type ErrorBody = Static<typeof ErrorBody>;
export const errorResponses = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  429: ErrorBody,
  500: ErrorBody,
};

export const HealthReply = Type.Object(
  {
    status: Type.Literal('ok'),
    messages: Type.Optional(Type.Integer()),
    deadLetters: Type.Optional(Type.Integer()),
    lastEventTime: Type.Optional(
      Nullable(Type.String({ description: 'ISO 8601 (UTC) of the newest stored message' })),
    ),
    dataTo: Type.Optional(
      Nullable(Type.String({ description: 'ISO 8601 (UTC) end of the latest stored hourly window' })),
    ),
  },
  { description: 'Open to all; the counters and times only with a valid token (or with auth off)' },
);

export const MunicipalitiesQuery = Strict({
  region: Type.Optional(Code),
  all: Type.Optional(Flag),
});
export type MunicipalitiesQuery = Static<typeof MunicipalitiesQuery>;
export const MunicipalitiesReply = Type.Array(
  Type.Object({
    code: Type.String(),
    name: Type.String(),
    region: Type.String(),
    regionName: Type.String(),
    population: Type.Integer(),
    utcOffsetMin: Type.Integer(),
    messages: Type.Integer({ description: 'messages counted in the store (day windows)' }),
  }),
);

export const RegionsQuery = Strict({ all: Type.Optional(Flag) });
export type RegionsQuery = Static<typeof RegionsQuery>;
export const RegionsReply = Type.Array(
  Type.Object({
    code: Type.String(),
    name: Type.String(),
    municipalities: Type.Integer(),
    population: Type.Integer(),
    messages: Type.Integer(),
  }),
);

export const TopicsReply = Type.Array(
  Type.Object({ id: Type.String(), nameRu: Type.String(), department: Type.String() }),
);

export const SeriesQuery = Strict({
  municipality: Type.Optional(Code),
  region: Type.Optional(Code),
  topic: Type.Optional(TopicParam),
  from: Type.Optional(IsoInstant),
  to: Type.Optional(IsoInstant),
  bucket: Type.Optional(BucketParam),
  per_capita: Type.Optional(Flag),
});
export type SeriesQuery = Static<typeof SeriesQuery>;

export const SeriesAnomaly = Type.Object({
  id: Type.String(),
  bucket: Type.String(),
  municipality: Type.String(),
  topic: Type.String(),
  startMs: Type.Number(),
  x: Type.Number({ description: 'the x (unix seconds) of the bucket the anomaly falls in' }),
  observed: Type.Number(),
  expected: Type.Number(),
  severity: Type.String(),
});
export const SeriesReply = Type.Object({
  bucket: BucketParam,
  municipality: Type.String({ description: 'OKTMO code, or `all`' }),
  region: Type.String({ description: 'region code, or `all`' }),
  topic: Type.String({ description: 'topic id, or `all`' }),
  from: Type.String({ description: 'ISO 8601 start of the first bucket' }),
  to: Type.String({ description: 'ISO 8601 end of the last bucket (exclusive)' }),
  utcOffsetMin: Type.Integer({ description: 'offset the buckets and dates are read in (display hint)' }),
  population: Nullable(Type.Integer()),
  x: Type.Array(Type.Number(), {
    description:
      'bucket starts, unix seconds, every bucket in range (zeros included). For bucket=day: the local ' +
      'calendar date at 00:00 UTC.',
  }),
  count: Type.Array(Type.Integer()),
  uniqueAuthors: Type.Array(Type.Integer(), {
    description: 'exact for one (municipality, topic); summed (an upper bound) over several',
  }),
  perCapita: Type.Optional(Type.Array(Type.Number(), { description: 'count per 100,000 residents' })),
  anomalies: Type.Array(SeriesAnomaly),
});
export type SeriesReply = Static<typeof SeriesReply>;

export const TopQuery = Strict({
  region: Type.Optional(Code),
  municipality: Type.Optional(Code),
  topic: Type.Optional(TopicParam),
  from: Type.Optional(IsoInstant),
  to: Type.Optional(IsoInstant),
  by: Type.Optional(
    Type.Union(
      [Type.Literal('municipality'), Type.Literal('topic'), Type.Literal('street'), Type.Literal('district')],
      {
        description:
          'street: the streets named in one municipality’s messages (needs municipality); district: its districts ' +
          'named (needs municipality; known for Москва, Санкт-Петербург, Севастополь, Самара, Челябинск, Махачкала)',
      },
    ),
  ),
  sort: Type.Optional(
    Type.Union([Type.Literal('count'), Type.Literal('perCapita'), Type.Literal('shrunk')], {
      description: 'shrunk (by=municipality): the honest rate, small places pulled toward the region',
    }),
  ),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 20 })),
});
export type TopQuery = Static<typeof TopQuery>;
export const TopReply = Type.Object({
  by: Type.String(),
  from: Type.String(),
  to: Type.String(),
  messagesRead: Type.Optional(
    Type.Integer({
      description:
        'by=street: the newest messages of the period read for streets (at most 20,000); by=district: all the ' +
        "period's messages of the municipality",
    }),
  ),
  rows: Type.Array(
    Type.Object({
      key: Type.String(),
      name: Type.String(),
      count: Type.Integer(),
      perCapita: Nullable(Type.Number({ description: 'per 100,000 residents' })),
      anomalies: Type.Integer(),
      /** by=street, by=district: the share of the period's messages (read: `messagesRead`) naming it. */
      share: Type.Optional(Type.Number()),
      /** by=district: distinct authors naming it. */
      authors: Type.Optional(Type.Integer()),
      // by=municipality: where and how many live there, and honest rates per 10,000 residents (geo/rates.ts).
      population: Type.Optional(Type.Integer()),
      lat: Type.Optional(Type.Number()),
      lon: Type.Optional(Type.Number()),
      per10k: Type.Optional(Type.Number({ description: 'messages per 10,000 residents' })),
      low: Type.Optional(Type.Number({ description: '95% exact (Garwood) interval of per10k' })),
      high: Type.Optional(Type.Number()),
      shrunk: Type.Optional(
        Type.Number({
          description:
            'per 10,000, shrunk toward the rate of the places listed (empirical Bayes, Gamma–Poisson): a village of 800 is not ranked first by its noise',
        }),
      ),
      shrunkLow: Type.Optional(Type.Number({ description: '95% posterior interval of shrunk' })),
      shrunkHigh: Type.Optional(Type.Number()),
      weight: Type.Optional(
        Type.Number({ description: "0..1: how much the place's own count weighs in shrunk" }),
      ),
    }),
  ),
});
export type TopReply = Static<typeof TopReply>;

/** The filters and paging every list shares (anomalies, alerts, emerging terms). */
const listQueryFields = {
  from: Type.Optional(IsoInstant),
  to: Type.Optional(IsoInstant),
  municipality: Type.Optional(Code),
  region: Type.Optional(Code),
  topic: Type.Optional(TopicParam),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
};

/** …and the ones anomalies and alerts add. */
const incidentQueryFields = {
  ...listQueryFields,
  severity: Type.Optional(SeverityParam),
  status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('closed')])),
};

export const AnomaliesQuery = Strict({ ...incidentQueryFields, bucket: Type.Optional(BucketParam) });
export type AnomaliesQuery = Static<typeof AnomaliesQuery>;

const DistrictRef = (description: string) =>
  Type.Object({ code: Type.String({ description: 'OKTMO code' }), name: Type.String() }, { description });
export const AnomalyItem = Type.Object({
  id: Type.String(),
  bucket: Type.String(),
  municipality: Type.String(),
  municipalityName: Nullable(Type.String()),
  region: Nullable(Type.String()),
  regionName: Nullable(Type.String()),
  topic: Type.String(),
  topicName: Nullable(Type.String()),
  startMs: Type.Number(),
  endMs: Type.Number(),
  start: Type.String({ description: 'ISO 8601 (UTC)' }),
  observed: Type.Number(),
  expected: Type.Number(),
  pValue: Type.Number(),
  score: Type.Number(),
  severity: Type.String(),
  detector: Type.String(),
  detectedAtMs: Type.Number(),
  firstDetectedAtMs: Type.Number(),
  status: Type.String(),
  updates: Type.Integer(),
  district: Nullable(
    DistrictRef('a window of this district of the municipality; null: the whole municipality'),
  ),
});
export const AnomaliesReply = Type.Object({
  total: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Integer(),
  items: Type.Array(AnomalyItem),
});
export const AnomalyParams = Strict({ id: Type.String({ minLength: 1, maxLength: 200 }) });
export type AnomalyParams = Static<typeof AnomalyParams>;
export const SampleMessage = Type.Object({
  id: Type.String(),
  source: Type.String(),
  createdAt: Type.String(),
  eventTimeMs: Type.Number(),
  author: Nullable(Type.String()),
  text: Type.String({ description: 'personal data (phones, e-mails, cards, names) masked' }),
  url: Nullable(Type.String()),
  late: Type.Boolean(),
  storyId: Nullable(Type.String({ description: 'the cluster (story) it joined; null when none' })),
  district: Nullable(
    Type.Object(
      { code: Type.String({ description: 'OKTMO code' }), name: Type.String() },
      { description: 'the district of the city its text names; null when none (or not known for the city)' },
    ),
  ),
});

const ClusterKind = Type.Union([Type.Literal('story'), Type.Literal('flood'), Type.Literal('campaign')], {
  description:
    'flood: one or two accounts repeating a text; campaign: one text from many accounts; story: anything else',
});

/** Why a window spiked (cluster/explain.ts): its messages against the same place and topic before it. */
export const Explanation = Type.Object(
  {
    messages: Type.Integer({ description: 'messages of the window read (at most 2,000, the earliest)' }),
    referenceMessages: Type.Integer({
      description:
        'messages it was compared with: the same municipality and topic in the 28 days before (newest 3,000); ' +
        "fewer than 200: all the municipality's topics in those days, then its 28 days from a day after",
    }),
    terms: Type.Array(
      Type.Object({
        term: Type.String({ description: 'a word or two-word phrase as residents most often wrote it' }),
        stem: Type.String(),
        target: Type.Integer({ description: 'window messages using it' }),
        reference: Type.Integer({ description: 'reference messages using it' }),
        g2: Type.Number({ description: 'log-likelihood keyness' }),
        logRatio: Type.Number({ description: 'log2 of its rate in the window over its rate before' }),
      }),
      { description: 'words and phrases that distinguish the window, strongest first' },
    ),
    streets: Type.Array(
      Type.Object({
        key: Type.String(),
        label: Type.String(),
        messages: Type.Integer(),
        share: Type.Number({ description: "of the window's messages, 0..1" }),
        reference: Type.Integer(),
      }),
      { description: 'streets named in the window, most concentrated first' },
    ),
    districts: Type.Array(
      Type.Object({
        code: Type.String({ description: 'OKTMO code of the district' }),
        name: Type.String(),
        messages: Type.Integer(),
        share: Type.Number({ description: "of the window's messages, 0..1" }),
        reference: Type.Integer(),
      }),
      {
        description:
          'districts of the city named in the window, most concentrated first (only cities whose districts are known: ' +
          'Москва, Санкт-Петербург, Севастополь, Самара, Челябинск, Махачкала)',
      },
    ),
    clusters: Type.Array(
      Type.Object({
        id: Type.String({ description: 'its id at /api/clusters/{id}' }),
        label: Type.String({ description: 'personal data masked' }),
        kind: ClusterKind,
        messages: Type.Integer(),
        authors: Type.Integer(),
        inWindow: Type.Integer({ description: "of the window's messages, how many are in it" }),
        terms: Type.Array(Type.String()),
        streets: Type.Array(Type.String()),
      }),
      { description: "the clusters (stories) most of the window's messages belong to" },
    ),
    samples: Type.Array(
      Type.Object({
        id: Type.String(),
        text: Type.String({ description: 'personal data masked' }),
        eventTimeMs: Type.Number(),
        storyId: Nullable(Type.String()),
      }),
      { description: 'representative messages, different from each other' },
    ),
  },
  { description: 'why it spiked: distinguishing terms, streets, clusters and representative messages' },
);

export const AnomalyReply = Type.Composite([
  AnomalyItem,
  Type.Object({ samples: Type.Array(SampleMessage), explanation: Explanation }),
]);

export const AlertsQuery = Strict({
  ...incidentQueryFields,
  expected: Type.Optional(Flag),
  view: Type.Optional(
    Type.Union([Type.Literal('alerts'), Type.Literal('incidents')], {
      default: 'alerts',
      description:
        'alerts: one item per alert (municipality and topic). incidents: one item per incident group (one story ' +
        'filed under several topics), read as its head alert with `members` and `topics`',
    }),
  ),
});
export type AlertsQuery = Static<typeof AlertsQuery>;

const Iso = Type.String({ description: 'ISO 8601 (UTC)' });
export const IncidentMember = Type.Object({
  id: Type.String(),
  topic: Type.String(),
  topicName: Nullable(Type.String()),
  severity: SeverityParam,
  startMs: Type.Number(),
  endMs: Type.Number(),
  peakObserved: Type.Number(),
  status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
});
export const AlertItem = Type.Object({
  id: Type.String(),
  municipality: Type.String(),
  municipalityName: Nullable(Type.String()),
  region: Nullable(Type.String()),
  regionName: Nullable(Type.String()),
  topic: Type.String(),
  topicName: Nullable(Type.String()),
  status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
  severity: SeverityParam,
  respondWithinMin: Type.Integer({ description: 'response time its severity calls for' }),
  start: Iso,
  end: Iso,
  startMs: Type.Number({ description: 'start of its first flagged window' }),
  endMs: Type.Number({ description: 'end of its last flagged window' }),
  firstDetectedAt: Iso,
  firstDetectedAtMs: Type.Number(),
  lastDetectedAt: Iso,
  lastDetectedAtMs: Type.Number(),
  closedAt: Nullable(Iso),
  closedAtMs: Nullable(Type.Number({ description: 'event time it closed at; null while open' })),
  windows: Type.Integer({ description: 'flagged windows merged into it' }),
  peakObserved: Type.Number(),
  peakExpected: Type.Number(),
  peakPer10k: Nullable(Type.Number({ description: 'authors per 10,000 residents in the peak window' })),
  minPValue: Type.Number(),
  maxScore: Type.Number(),
  expected: Type.Boolean({ description: 'explained by a known cause: an expected rise, not an incident' }),
  cause: Nullable(Type.Object({ id: Type.String(), kind: Type.String(), label: Type.String() })),
  groupId: Type.String({
    description: 'incident group: alerts of the municipality overlapping in time (one story, several topics)',
  }),
  regionGroupId: Type.String({
    description: 'regional incident: alerts of the topic across the region overlapping in time',
  }),
  terms: Type.Array(Type.String(), {
    description:
      'emerging words of its municipality while it lasted, strongest first (empty: a diffuse rise)',
  }),
  kind: Type.Union([Type.Literal('burst'), Type.Literal('slow_wave')], {
    description: 'burst: an incident; slow_wave: a rise over days only the day CUSUM flagged',
  }),
  districts: Type.Array(DistrictRef('a district of the city'), {
    description:
      'districts whose own windows were flagged in it, first flagged first: where in the city it is (empty: the ' +
      "whole city's windows only, or a city whose districts are not known)",
  }),
  topics: Type.Optional(
    Type.Array(Type.String(), {
      description: "view=incidents: the incident's topics, each once, the head's first",
    }),
  ),
  members: Type.Optional(
    Type.Array(IncidentMember, {
      description:
        "view=incidents, and a head's detail: the other alerts of its incident group, by start (a member's " +
        'detail has none: its groupId names the head)',
    }),
  ),
});
export const AlertsReply = Type.Object({
  total: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Integer(),
  items: Type.Array(AlertItem),
});
export const CalendarReply = Type.Object({ events: Type.Array(KnownEventSchema) });

export const AlertParams = Strict({ id: Type.String({ minLength: 1, maxLength: 200 }) });
export type AlertParams = Static<typeof AlertParams>;
const FeedbackLabel = Type.Union([Type.Literal('real'), Type.Literal('known_cause'), Type.Literal('noise')], {
  description: 'a real incident, a rise with a known cause, or noise',
});
export const AlertFeedbackBody = Type.Object(
  { label: FeedbackLabel, note: Type.Optional(Type.String({ maxLength: 1000 })) },
  { additionalProperties: false },
);
export type AlertFeedbackBody = Static<typeof AlertFeedbackBody>;
export const AlertFeedbackItem = Type.Object({
  label: FeedbackLabel,
  note: Nullable(Type.String()),
  at: Type.String({ format: 'date-time' }),
});
export const AlertFeedbackReply = Type.Composite([
  Type.Object({ alertId: Type.String() }),
  AlertFeedbackItem,
]);
export const AlertReply = Type.Composite([
  AlertItem,
  Type.Object({
    anomalies: Type.Array(AnomalyItem, { description: 'its flagged windows, newest first' }),
    samples: Type.Array(SampleMessage),
    feedback: Type.Array(AlertFeedbackItem, { description: "analysts' verdicts, oldest first" }),
    explanation: Explanation,
  }),
]);

const TermScope = Type.Union([Type.Literal('municipality'), Type.Literal('region')], {
  description: "a municipality's burst, or a region-wide one",
});
export const TermsQuery = Strict({ ...listQueryFields, scope: Type.Optional(TermScope) });
export type TermsQuery = Static<typeof TermsQuery>;
export const TermBurstItem = Type.Object({
  id: Type.String(),
  scope: TermScope,
  municipality: Type.String({ description: "OKTMO code; '' for a region-wide burst" }),
  municipalityName: Nullable(Type.String()),
  region: Type.String(),
  regionName: Nullable(Type.String()),
  stem: Type.String({ description: 'the stem tested' }),
  term: Type.String({ description: 'the word as residents most often wrote it' }),
  phrase: Type.Optional(
    Type.String({
      description:
        'the two-word phrase (as written) at least half its messages used it in, e.g. «ремонт набережной»',
    }),
  ),
  topic: Type.String({ description: 'the topic most of its messages were filed under' }),
  topicName: Nullable(Type.String()),
  startMs: Type.Number({ description: 'start of its hour' }),
  endMs: Type.Number(),
  start: Iso,
  end: Iso,
  observed: Type.Number({ description: 'distinct authors using it in the hour' }),
  expected: Type.Number({ description: "how many its topics' volumes and its history predicted" }),
  pValue: Type.Number(),
  score: Type.Number({ description: '0..1, monotone in −log10(pValue)' }),
  municipalities: Type.Integer({ description: 'municipalities it came from' }),
  messageIds: Type.Array(Type.String(), { description: 'up to 5 messages using it, from distinct authors' }),
  detectedAtMs: Type.Number(),
});
export const TermsReply = Type.Object({
  total: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Integer(),
  items: Type.Array(TermBurstItem),
});
export const TermParams = Strict({ id: Type.String({ minLength: 1, maxLength: 200 }) });
export type TermParams = Static<typeof TermParams>;
export const TermReply = Type.Composite([
  TermBurstItem,
  Type.Object({
    samples: Type.Array(SampleMessage, { description: 'its example messages, earliest first' }),
  }),
]);

/** Pages of the cluster routes, as every list: `limit` items from `offset`. */
const pageFields = { limit: listQueryFields.limit, offset: listQueryFields.offset };
const pageReplyFields = { total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() };

export const ClustersQuery = Strict({
  from: listQueryFields.from,
  to: listQueryFields.to,
  municipality: listQueryFields.municipality,
  region: listQueryFields.region,
  topic: listQueryFields.topic,
  kind: Type.Optional(ClusterKind),
  minMessages: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
  ...pageFields,
});
export type ClustersQuery = Static<typeof ClustersQuery>;
export const ClusterItem = Type.Object({
  id: Type.String({ description: 'stable: story:{municipality}:{first message id}' }),
  municipality: Type.String(),
  municipalityName: Nullable(Type.String()),
  region: Type.String(),
  regionName: Nullable(Type.String()),
  topic: Type.String({ description: 'the topic most of its messages were filed under' }),
  topicName: Nullable(Type.String()),
  kind: ClusterKind,
  startMs: Type.Number({ description: 'event time of its first message' }),
  lastMs: Type.Number({ description: 'event time of its last message' }),
  start: Iso,
  last: Iso,
  messages: Type.Integer(),
  authors: Type.Integer({ description: 'distinct authors (exact up to 64, then a lower bound)' }),
  terms: Type.Array(Type.String(), { description: 'its most characteristic words, best first' }),
  streets: Type.Array(Type.Object({ key: Type.String(), label: Type.String(), messages: Type.Integer() }), {
    description: 'streets named in it, most named first',
  }),
  label: Type.String({ description: 'its first words and street; personal data masked' }),
  places: Type.Array(Type.Object({ municipality: Type.String(), messages: Type.Integer() }), {
    description:
      'its municipality and the neighbouring ones whose residents joined it (same region, centres within 30 km), ' +
      'most messages first; for a head of one municipality, only that one',
  }),
  lat: Type.Optional(Type.Number({ description: 'centre of its messages that carried coordinates' })),
  lon: Type.Optional(Type.Number()),
  located: Type.Optional(Type.Integer({ description: 'how many of its messages carried coordinates' })),
  closed: Type.Boolean({ description: 'no message joined it for a while: it will not grow any more' }),
});
export const ClustersReply = Type.Object({ items: Type.Array(ClusterItem), ...pageReplyFields });
export const ClusterParams = Strict({ id: Type.String({ minLength: 1, maxLength: 300 }) });
export type ClusterParams = Static<typeof ClusterParams>;
export const ClusterQuery = Strict({ ...pageFields });
export type ClusterQuery = Static<typeof ClusterQuery>;
/** A cluster with a page of its messages: `messages` is that page, its size as listed is `messageCount`. */
export const ClusterReply = Type.Composite([
  Type.Omit(ClusterItem, ['messages']),
  Type.Object({
    messageCount: Type.Integer({
      description: 'messages in it when it was last published (`messages` in the list)',
    }),
    messages: Type.Object(
      { items: Type.Array(SampleMessage), ...pageReplyFields },
      { description: 'its messages, earliest first, paginated' },
    ),
  }),
]);

const RoleParam = Type.Union(
  [Type.Literal('admin'), Type.Literal('analyst'), Type.Literal('head'), Type.Literal('planner')],
  {
    description:
      'admin: everything; analyst, planner: one region; head: one municipality (docs/api-access.md)',
  },
);
export const TokenItem = Type.Object({
  id: Type.String(),
  role: RoleParam,
  region: Nullable(Type.String()),
  municipality: Nullable(Type.String()),
  name: Nullable(Type.String()),
  createdAt: Iso,
  revokedAt: Nullable(Iso),
  lastUsedAt: Nullable(Iso),
});
export const TokensReply = Type.Array(TokenItem, { description: 'every token; never a secret' });
export const TokenCreateBody = Strict({
  role: RoleParam,
  region: Type.Optional(Code),
  municipality: Type.Optional(Code),
  name: Type.Optional(Type.String({ maxLength: 200 })),
});
export type TokenCreateBody = Static<typeof TokenCreateBody>;
export const TokenCreateReply = Type.Composite([
  TokenItem,
  Type.Object({ token: Type.String({ description: 'the bearer token: shown once, stored only as a hash' }) }),
]);
export const TokenParams = Strict({ id: Type.String({ pattern: '^tok_[0-9a-f]{1,64}$' }) });
export type TokenParams = Static<typeof TokenParams>;

export const BriefingParams = Strict({
  municipality: Type.String({ pattern: '^\\d{8}$', description: 'OKTMO code of the municipality' }),
});
export type BriefingParams = Static<typeof BriefingParams>;
export const BriefingQuery = Strict({
  date: Type.Optional(
    Type.String({
      pattern: '^\\d{4}-\\d{2}-\\d{2}$',
      description:
        "The local day (YYYY-MM-DD) in the municipality's own zone; default: yesterday there, or the last whole " +
        'day of data when the data end earlier.',
    }),
  ),
  format: Type.Optional(
    Type.Union([Type.Literal('html'), Type.Literal('md'), Type.Literal('json'), Type.Literal('pdf')], {
      description:
        'Overrides Accept (text/html, text/markdown, application/pdf, application/json; default json)',
    }),
  ),
});
export type BriefingQuery = Static<typeof BriefingQuery>;
/** The JSON format's outline (src/briefing/types.ts documents every field; docs/briefing.md the numbers). */
export const BriefingJson = Type.Object(
  {
    version: Type.Literal(1),
    place: Type.Object({}, { additionalProperties: true }),
    date: Type.String(),
    readOn: Type.String(),
    volume: Type.Object({}, { additionalProperties: true }),
    rank: Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()]),
    topics: Type.Object({}, { additionalProperties: true }),
    alerts: Type.Object({}, { additionalProperties: true }),
    stories: Type.Object({}, { additionalProperties: true }),
    causes: Type.Object({}, { additionalProperties: true }),
    series: Type.Array(Type.Object({}, { additionalProperties: true })),
    forecasts: Type.Object({}, { additionalProperties: true }),
    late: Type.Union([Type.Object({ date: Type.String(), count: Type.Integer() }), Type.Null()], {
      description:
        "messages of the previous briefing's day that arrived after it was sent (scheduled briefings)",
    }),
  },
  { additionalProperties: true },
);

export const RegionDigestParams = Strict({
  region: Type.String({ pattern: '^\\d{2}$', description: 'region code (the first two digits of OKTMO)' }),
});
export type RegionDigestParams = Static<typeof RegionDigestParams>;
/** The region digest's JSON outline (src/briefing/region-digest.ts documents every field). */
export const RegionDigestJson = Type.Object(
  {
    version: Type.Literal(1),
    region: Type.String(),
    regionName: Type.String(),
    date: Type.String(),
    readOn: Type.String(),
    rows: Type.Array(Type.Object({}, { additionalProperties: true })),
  },
  { additionalProperties: true },
);

// Briefing subscriptions and deliveries (admin only; docs/briefing.md, "Delivery").
export const SubscriptionItem = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('municipality'), Type.Literal('region')]),
  place: Type.String({ description: 'OKTMO code (municipality) or region code (region digest)' }),
  placeName: Nullable(Type.String()),
  sink: Type.Union([Type.Literal('file'), Type.Literal('webhook'), Type.Literal('email')]),
  target: Type.String({ description: 'a directory, an http(s) URL or an e-mail address' }),
  formats: Type.Array(Type.String()),
  sendAt: Type.String({ description: "local send time HH:MM in the place's zone" }),
  enabled: Type.Boolean(),
  createdAt: Iso,
  nextSendAt: Nullable(Iso),
});
export const SubscriptionsReply = Type.Array(SubscriptionItem);
export const SubscriptionCreateBody = Strict({
  municipality: Type.Optional(Type.String({ pattern: '^\\d{8}$' })),
  region: Type.Optional(Type.String({ pattern: '^\\d{2}$' })),
  sink: Type.Union([Type.Literal('file'), Type.Literal('webhook'), Type.Literal('email')]),
  target: Type.String({ minLength: 1, maxLength: 2000 }),
  formats: Type.Optional(
    Type.Array(
      Type.Union([Type.Literal('html'), Type.Literal('md'), Type.Literal('json'), Type.Literal('pdf')]),
      { minItems: 1, maxItems: 4 },
    ),
  ),
  sendAt: Type.Optional(
    Type.String({ pattern: '^\\d{1,2}:\\d{2}$', description: 'local HH:MM (default 07:00)' }),
  ),
  enabled: Type.Optional(Type.Boolean()),
});
export type SubscriptionCreateBody = Static<typeof SubscriptionCreateBody>;
export const SubscriptionParams = Strict({ id: Type.String({ pattern: '^sub_[0-9a-f]{1,64}$' }) });
export type SubscriptionParams = Static<typeof SubscriptionParams>;

export const DeliveriesQuery = Strict({
  subscription: Type.Optional(Type.String({ pattern: '^sub_[0-9a-f]{1,64}$' })),
  state: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('sent'), Type.Literal('failed')])),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000, default: 100 })),
});
export type DeliveriesQuery = Static<typeof DeliveriesQuery>;
export const DeliveryItem = Type.Object({
  subscriptionId: Type.String(),
  date: Type.String({ description: 'the local day the briefing is about' }),
  deliveryId: Type.String({ description: 'the idempotency key receivers saw' }),
  state: Type.Union([Type.Literal('pending'), Type.Literal('sent'), Type.Literal('failed')]),
  attempts: Type.Integer({ description: 'delivery rounds begun (each with the sink’s own retries)' }),
  lastError: Nullable(Type.String()),
  messagesCount: Nullable(Type.Integer()),
  dueAt: Iso,
  updatedAt: Iso,
  sentAt: Nullable(Iso),
});
export const DeliveriesReply = Type.Object({
  items: Type.Array(DeliveryItem),
  failed: Type.Integer({ description: 'rows of `items` in state failed' }),
});
