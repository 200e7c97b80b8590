/**
 * One typed configuration, validated once and deep-frozen (STYLE.md E). A pipeline file (pipelines/*.ts)
 * exports a partial `PipelineSpec`; the CLI adds the source and the database. Only `main`/CLI code reads
 * process.env or argv; every factory receives its slice of this config.
 */
import { type Static, Type as T } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { vspError } from './errors.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
/** A series' chance of a false flag per hour of event time (per topic and place). */
const HOURLY_P_VALUE = 1e-6;

const Bucket = T.Union([T.Literal('5m'), T.Literal('hour'), T.Literal('day')]);

export const DetectorSchema = T.Object(
  {
    bucket: Bucket,
    /** Upper-tail probability below which a window is anomalous. */
    pValue: T.Number({ exclusiveMinimum: 0, maximum: 0.5 }),
    /** Fewer unique authors than this never alert, whatever the baseline. */
    minCount: T.Integer({ minimum: 1 }),
    /** No alerts for a key before this much history. */
    warmupMs: T.Integer({ minimum: 0 }),
    /** Also test spans of up to this many windows (distinct authors across them); 0 or absent: off. */
    spanWindows: T.Optional(T.Integer({ minimum: 0, maximum: 48 })),
    /** Correct the baseline's lag on seasonal fronts with last year's curve of the topic (default on). */
    yearOverYear: T.Optional(T.Boolean()),
  },
  { additionalProperties: false },
);

export const PipelineSchema = T.Object(
  {
    name: T.String({ minLength: 1 }),
    batchSize: T.Integer({ minimum: 1, maximum: 1_000_000 }),
    /** State shards (by region; src/pipeline/shard.ts). A Kafka run uses the input topic's partition count. */
    shards: T.Integer({ minimum: 1, maximum: 1024 }),
    parse: T.Object(
      {
        maxTextChars: T.Integer({ minimum: 1 }),
        maxRecordBytes: T.Integer({ minimum: 1024 }),
        futureToleranceMs: T.Integer({ minimum: 0 }),
      },
      { additionalProperties: false },
    ),
    window: T.Object(
      {
        buckets: T.Array(Bucket, { minItems: 1, uniqueItems: true }),
        /** Watermark = max event time seen − allowedDelayMs. */
        allowedDelayMs: T.Integer({ minimum: 0 }),
        /** Messages up to this far behind the watermark still update their windows. */
        allowedLatenessMs: T.Integer({ minimum: 0 }),
      },
      { additionalProperties: false },
    ),
    detect: T.Array(DetectorSchema),
    /** Emerging terms (detect/emerging-terms.ts): words whose use jumps beyond what their topics explain. */
    terms: T.Object(
      {
        enabled: T.Boolean(),
        /** Fewest distinct authors a burst needs. */
        minAuthors: T.Integer({ minimum: 2 }),
        /** Threshold on the tail probability (strict: every word of every active place is tested hourly). */
        pValue: T.Number({ exclusiveMinimum: 0, maximum: 0.01 }),
        /**
         * Family-wise bound of one place-hour (default 1e-5): a word is flagged at p < min(pValue, familyPValue / V),
         * V the distinct words the place wrote that hour — so a million-city's vocabulary does not multiply its
         * false bursts (detect/emerging-terms.ts).
         */
        familyPValue: T.Optional(T.Number({ exclusiveMinimum: 0, maximum: 1 })),
        /** Observed at least this many times the expectation. */
        minRatio: T.Number({ minimum: 1 }),
        /**
         * Also test adjacent word pairs (two common words, a new combination: «ржавая вода»). Off by default: it
         * triples this stage's cost (bench/emerging-pairs.ts).
         */
        pairs: T.Optional(T.Boolean()),
      },
      { additionalProperties: false },
    ),
    /** Slow waves (detect/slow-rise.ts): a CUSUM over local days against the other towns' trend. */
    slowRise: T.Object({ enabled: T.Boolean() }, { additionalProperties: false }),
    /**
     * Districts of the cities whose districts are known (geo/districts.ts): the messages naming one are also
     * counted and tested per district, with the detectors above, and a district's flagged window raises its
     * city's alert (which lists the district) — a spike in one district is not drowned in the city's volume, and
     * fires once.
     */
    districts: T.Object(
      {
        detect: T.Boolean(),
        /**
         * The district detectors' p-value thresholds are the city's times this: a city has up to 146 district
         * series per topic, each a chance of a false flag the city's one series does not have.
         */
        pValueScale: T.Number({ exclusiveMinimum: 0, maximum: 1 }),
      },
      { additionalProperties: false },
    ),
    /** Stories (cluster/stories.ts): each municipality's messages clustered online by words and street. */
    stories: T.Object(
      {
        enabled: T.Boolean(),
        /** Towns whose centres lie this close (same region) may share a story; 0: each town alone. */
        neighbourKm: T.Optional(T.Number({ minimum: 0, maximum: 200 })),
      },
      { additionalProperties: false },
    ),
    deadLetter: T.Object(
      {
        /** `deadLetter`: bad records go to the sink and the stream goes on; `fail`: the first one stops the run. */
        policy: T.Union([T.Literal('deadLetter'), T.Literal('fail')]),
        /** Optional NDJSON file that receives every dead letter besides the store's table. */
        file: T.Optional(T.String({ minLength: 1 })),
      },
      { additionalProperties: false },
    ),
    /**
     * Personal data: a message's raw text (and its author, url) is kept in the store for `messagesDays` of event
     * time behind the watermark, then its row is deleted (windows, anomalies, alerts and stories stay); dead
     * letters' raw bytes for as many days after they were stored. Enforced once a day of the stream (pipeline/run.ts).
     */
    retention: T.Object({ messagesDays: T.Integer({ minimum: 1 }) }, { additionalProperties: false }),
    /**
     * A file or generator run commits the shards' state with its position at most this often (wall-clock ms);
     * the batches between write their results alone (upserts), and a restart replays them from the last state,
     * keeping only the messages and dead letters not stored yet. Default 60,000 (DEFAULT_STATE_EVERY_MS): at
     * national scale the state is ~47 MB of JSON a batch (docs/performance.md: peak RSS 2,223 → 1,576 MB); a crash
     * then replays at most a minute of work, exactly. 0: state with every batch. Kafka runs commit with every batch.
     */
    stateEveryMs: T.Optional(T.Integer({ minimum: 0 })),
    /**
     * Worker threads of a file or generator run (pipeline/shard-workers.ts): each owns a fixed share of the shards
     * (shard i → worker i mod workers) and runs the processor on their lines; the main thread reads, routes and
     * writes. Output is identical whatever the count. 1 (default): every shard on the main thread. Kafka runs scale
     * by processes instead (one per partition group), and ignore it.
     */
    workers: T.Optional(T.Integer({ minimum: 1, maximum: 64 })),
  },
  { additionalProperties: false },
);

export type PipelineConfig = Static<typeof PipelineSchema>;
export type DetectorConfig = Static<typeof DetectorSchema>;

export const DEFAULT_PIPELINE: PipelineConfig = {
  name: 'default',
  batchSize: 20_000,
  shards: 4,
  parse: { maxTextChars: 20_000, maxRecordBytes: 1 << 20, futureToleranceMs: DAY_MS },
  window: { buckets: ['5m', 'hour', 'day'], allowedDelayMs: 5 * MINUTE_MS, allowedLatenessMs: 48 * HOUR_MS },
  detect: [
    // One error rate per hour of a series, whatever its bucket: a 5-minute series runs 12 tests an hour, so at the
    // hourly series' 1e-6 each it had 12× the chance flags — ~0.1 a month per town where every window can reach
    // the minimum (a big city's rare topic), the false rows left in cities over 1M (docs/detection.md).
    { bucket: '5m', pValue: HOURLY_P_VALUE / 12, minCount: 3, warmupMs: 7 * DAY_MS, spanWindows: 12 },
    { bucket: 'hour', pValue: HOURLY_P_VALUE, minCount: 3, warmupMs: 7 * DAY_MS, spanWindows: 6 },
  ],
  terms: { enabled: true, minAuthors: 4, pValue: 1e-7, minRatio: 3 },
  slowRise: { enabled: true },
  districts: { detect: true, pValueScale: 0.01 },
  stories: { enabled: true, neighbourKm: 30 },
  deadLetter: { policy: 'deadLetter' },
  retention: { messagesDays: 365 },
};

/** A pipeline file's export: any part of the pipeline config; the rest comes from DEFAULT_PIPELINE. */
export type PipelineSpec = {
  [K in keyof PipelineConfig]?: PipelineConfig[K] extends object[]
    ? PipelineConfig[K]
    : PipelineConfig[K] extends object
      ? Partial<PipelineConfig[K]>
      : PipelineConfig[K];
};

function deepFreeze<V>(v: V): V {
  if (v && typeof v === 'object') {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Merges a spec over the defaults one level deep (sections are objects; arrays are replaced whole). */
function mergeOverDefaults(spec: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = structuredClone(DEFAULT_PIPELINE) as unknown as Record<
    string,
    unknown
  >;
  for (const [k, v] of Object.entries(spec)) {
    const base = out[k];
    out[k] = isPlainObject(base) && isPlainObject(v) ? { ...base, ...v } : structuredClone(v);
  }
  return out;
}

/** Turns an unknown pipeline spec into a validated, frozen PipelineConfig, or throws VSP_CONFIG_INVALID. */
export function normalizePipeline(spec: unknown): PipelineConfig {
  if (spec !== undefined && !isPlainObject(spec))
    throw vspError('VSP_CONFIG_INVALID', `a pipeline must be an object, got ${typeof spec}`);
  const merged = mergeOverDefaults(spec ?? {});
  if (!Value.Check(PipelineSchema, merged)) {
    const problems = [...Value.Errors(PipelineSchema, merged)]
      .slice(0, 5)
      .map((e) => `${e.path || '/'}: ${e.message}`)
      .join('; ');
    throw vspError('VSP_CONFIG_INVALID', problems);
  }
  const cfg = merged as PipelineConfig;
  if (cfg.window.allowedDelayMs > cfg.window.allowedLatenessMs)
    throw vspError(
      'VSP_CONFIG_INVALID',
      `window.allowedDelayMs (${cfg.window.allowedDelayMs}) must not exceed window.allowedLatenessMs (${cfg.window.allowedLatenessMs})`,
    );
  if (cfg.retention.messagesDays * DAY_MS <= cfg.window.allowedLatenessMs)
    throw vspError(
      'VSP_CONFIG_INVALID',
      `retention.messagesDays (${cfg.retention.messagesDays} days) must exceed window.allowedLatenessMs (${cfg.window.allowedLatenessMs} ms): a late message would be deleted as it is stored`,
    );
  if ((cfg.workers ?? 1) > cfg.shards)
    throw vspError(
      'VSP_CONFIG_INVALID',
      `workers (${cfg.workers}) must not exceed shards (${cfg.shards}): a worker owns whole shards, one at least`,
    );
  for (const d of cfg.detect)
    if (!cfg.window.buckets.includes(d.bucket))
      throw vspError(
        'VSP_CONFIG_INVALID',
        `detector on bucket '${d.bucket}' needs that bucket in window.buckets (${cfg.window.buckets.join(', ')})`,
      );
  return deepFreeze(cfg);
}
