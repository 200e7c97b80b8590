-- schema: the whole DuckDB schema, idempotent (CREATE ... IF NOT EXISTS). Run on every open by src/store/duckdb.ts
-- on the write connection. The TEMP stage_* tables live only on that connection: bulk rows are appended there
-- (DuckDB Appender) and then upserted into their targets inside the batch's transaction.
-- Times are epoch milliseconds (UTC) in *_ms columns.

-- Messages are stored normalised: message_rows holds the per-message fields and key_id, which points at one
-- distinct (source, municipality, region, topic, department, geo_method) in message_keys; the messages view joins
-- them back into one row per message. (A row appends four strings instead of ten: see bench/store-write.ts.)
-- No primary key on message_rows: appends stay fast, and a batch's rows are written exactly once because its
-- source offsets commit in the same transaction. created_at is kept as event_time_ms plus the UTC offset it was
-- written with (NULL when created_at carried none). story_id: the story (cluster/stories.ts) the message joined,
-- NULL when none (unknown place, stories off, or a store older than stories). district: the OKTMO code of the district
-- below the municipality the text names (geo/districts.ts), NULL when none (or stored before districts).
CREATE TABLE IF NOT EXISTS message_keys (
  key_id INTEGER PRIMARY KEY,
  source VARCHAR NOT NULL,
  municipality VARCHAR NOT NULL,
  region VARCHAR NOT NULL,
  topic VARCHAR NOT NULL,
  department VARCHAR,
  geo_method VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS message_rows (
  id VARCHAR NOT NULL,
  key_id INTEGER NOT NULL,
  event_time_ms BIGINT NOT NULL,
  created_offset_min SMALLINT,
  topic_confidence DOUBLE NOT NULL,
  author VARCHAR,
  text VARCHAR NOT NULL,
  url VARCHAR,
  parent_id VARCHAR,
  late BOOLEAN NOT NULL,
  story_id VARCHAR,
  district VARCHAR
);
-- Stores written before messages knew their story or district (the columns come in this order either way; NULL for
-- old rows).
ALTER TABLE message_rows ADD COLUMN IF NOT EXISTS story_id VARCHAR;
ALTER TABLE message_rows ADD COLUMN IF NOT EXISTS district VARCHAR;
CREATE OR REPLACE VIEW messages AS
SELECT r.id, k.source, r.event_time_ms, r.created_offset_min, k.municipality, k.region, k.topic, r.topic_confidence,
  k.department, k.geo_method, r.author, r.text, r.url, r.parent_id, r.late, r.story_id,
  r.district
FROM message_rows r
JOIN message_keys k ON k.key_id = r.key_id;

-- Window values, one table per bucket size; a re-emission (revision) replaces the row.
CREATE TABLE IF NOT EXISTS counts_5m (
  municipality VARCHAR NOT NULL,
  topic VARCHAR NOT NULL,
  start_ms BIGINT NOT NULL,
  end_ms BIGINT NOT NULL,
  count INTEGER NOT NULL CHECK (count >= 0),
  unique_authors INTEGER NOT NULL CHECK (unique_authors >= 0),
  sources JSON NOT NULL,
  revisions INTEGER NOT NULL DEFAULT 0
  -- No PRIMARY KEY: its ART index grows with every window ever counted and must fit in memory (a national year
  -- ran out at day 85); one row per (municipality, topic, start_ms) is kept by the writes (counts_*_update and
  -- counts_*_insert_new).
);
CREATE TABLE IF NOT EXISTS counts_hourly (
  municipality VARCHAR NOT NULL,
  topic VARCHAR NOT NULL,
  start_ms BIGINT NOT NULL,
  end_ms BIGINT NOT NULL,
  count INTEGER NOT NULL CHECK (count >= 0),
  unique_authors INTEGER NOT NULL CHECK (unique_authors >= 0),
  sources JSON NOT NULL,
  revisions INTEGER NOT NULL DEFAULT 0
  -- No PRIMARY KEY: its ART index grows with every window ever counted and must fit in memory (a national year
  -- ran out at day 85); one row per (municipality, topic, start_ms) is kept by the writes (counts_*_update and
  -- counts_*_insert_new).
);
-- start_ms of a day window is the municipality's local midnight expressed in UTC ms.
CREATE TABLE IF NOT EXISTS counts_daily (
  municipality VARCHAR NOT NULL,
  topic VARCHAR NOT NULL,
  start_ms BIGINT NOT NULL,
  end_ms BIGINT NOT NULL,
  count INTEGER NOT NULL CHECK (count >= 0),
  unique_authors INTEGER NOT NULL CHECK (unique_authors >= 0),
  sources JSON NOT NULL,
  revisions INTEGER NOT NULL DEFAULT 0
  -- No PRIMARY KEY: its ART index grows with every window ever counted and must fit in memory (a national year
  -- ran out at day 85); one row per (municipality, topic, start_ms) is kept by the writes (counts_*_update and
  -- counts_*_insert_new).
);

-- Flagged windows; id is stable (`${bucket}:${municipality}:${topic}:${startMs}`) so a replay upserts.
CREATE TABLE IF NOT EXISTS anomalies (
  id VARCHAR PRIMARY KEY,
  bucket VARCHAR NOT NULL CHECK (bucket IN ('5m', 'hour', 'day')),
  municipality VARCHAR NOT NULL,
  topic VARCHAR NOT NULL,
  start_ms BIGINT NOT NULL,
  end_ms BIGINT NOT NULL,
  observed DOUBLE NOT NULL,
  expected DOUBLE NOT NULL,
  p_value DOUBLE NOT NULL,
  score DOUBLE NOT NULL,
  severity VARCHAR NOT NULL CHECK (severity IN ('critical', 'high', 'normal')),
  detector VARCHAR NOT NULL,
  detected_at_ms BIGINT NOT NULL,
  first_detected_at_ms BIGINT NOT NULL,
  status VARCHAR NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  updates INTEGER NOT NULL DEFAULT 0,
  -- a window of one district of the municipality (OKTMO code), NULL for the whole municipality's windows
  district VARCHAR
);
ALTER TABLE anomalies ADD COLUMN IF NOT EXISTS district VARCHAR;

-- Alerts: one incident each (flagged windows of one municipality and topic merged: src/detect/alerts.ts). Every
-- change is emitted as a full value, so a row is replaced whole; id (`${municipality}:${topic}:${startMs}`) is
-- stable. cause_* are the known event that explains the rise (all NULL when none: an incident, not expected).
-- group_id: the incident group (alerts of one municipality overlapping in time); region_group_id: the regional
-- incident (alerts of one topic across the region's municipalities); see src/detect/alerts.ts. terms: the
-- emerging words of its municipality while it lasted, strongest first (empty: a diffuse rise). districts: the
-- districts whose own windows were flagged in it, first flagged first (empty: the whole city's windows only).
CREATE TABLE IF NOT EXISTS alerts (
  id VARCHAR PRIMARY KEY,
  municipality VARCHAR NOT NULL,
  topic VARCHAR NOT NULL,
  status VARCHAR NOT NULL CHECK (status IN ('open', 'closed')),
  severity VARCHAR NOT NULL CHECK (severity IN ('critical', 'high', 'normal')),
  respond_within_min INTEGER NOT NULL,
  start_ms BIGINT NOT NULL,
  end_ms BIGINT NOT NULL,
  first_detected_at_ms BIGINT NOT NULL,
  last_detected_at_ms BIGINT NOT NULL,
  closed_at_ms BIGINT,
  windows INTEGER NOT NULL,
  peak_observed DOUBLE NOT NULL,
  peak_expected DOUBLE NOT NULL,
  peak_per_10k DOUBLE,
  min_p_value DOUBLE NOT NULL,
  max_score DOUBLE NOT NULL,
  cause_id VARCHAR,
  cause_kind VARCHAR,
  cause_label VARCHAR,
  group_id VARCHAR NOT NULL,
  region_group_id VARCHAR NOT NULL,
  terms VARCHAR[] NOT NULL DEFAULT [],
  kind VARCHAR NOT NULL DEFAULT 'burst' CHECK (kind IN ('burst', 'slow_wave')),
  districts VARCHAR[] NOT NULL DEFAULT []
);
-- Stores written before alerts had terms, kinds and districts.
ALTER TABLE alerts ADD COLUMN IF NOT EXISTS terms VARCHAR[] DEFAULT [];
ALTER TABLE alerts ADD COLUMN IF NOT EXISTS kind VARCHAR DEFAULT 'burst';
ALTER TABLE alerts ADD COLUMN IF NOT EXISTS districts VARCHAR[] DEFAULT [];

-- Emerging terms (src/detect/emerging-terms.ts): a word whose use by distinct authors jumped within one hour in a
-- municipality (scope 'municipality') or across a region (scope 'region', municipality ''). Emitted once when its
-- hour closes; id (`term:${scope}:${place}:${stem}:${startMs}`) is stable, so a replay replaces the row with the
-- same values. message_ids: up to 5 messages using it (ids as in message_rows), from distinct authors.
CREATE TABLE IF NOT EXISTS term_bursts (
  id VARCHAR PRIMARY KEY,
  scope VARCHAR NOT NULL CHECK (scope IN ('municipality', 'region')),
  municipality VARCHAR NOT NULL,
  region VARCHAR NOT NULL,
  stem VARCHAR NOT NULL,
  term VARCHAR NOT NULL,
  topic VARCHAR NOT NULL,
  start_ms BIGINT NOT NULL,
  end_ms BIGINT NOT NULL,
  observed DOUBLE NOT NULL,
  expected DOUBLE NOT NULL,
  p_value DOUBLE NOT NULL,
  score DOUBLE NOT NULL,
  municipalities INTEGER NOT NULL,
  message_ids VARCHAR[] NOT NULL,
  detected_at_ms BIGINT NOT NULL
);
-- phrase: the two-word phrase the term was mostly written in («ремонт набережной»), NULL when none was shared by half
-- its messages (or the store is older than phrases).
ALTER TABLE term_bursts ADD COLUMN IF NOT EXISTS phrase VARCHAR;

-- Stories (src/cluster/stories.ts): messages of one municipality about one thing, published as they grow and once
-- more when they close; every value is full, so a later one of the same id (`story:${municipality}:${first message
-- id}`) replaces the row. kind: 'flood' (one or two accounts repeating a text), 'campaign' (one text from many
-- accounts) or 'story'. terms: JSON array of its characteristic words, best first; streets: JSON array of
-- {key, label, messages}, most named first. start_ms/last_ms: event times of its first and last message.
-- municipalities: its own and the neighbouring ones whose messages joined it, most messages first; places: the same
-- as JSON [{municipality, messages}]. lat/lon: centre of its messages that carried coordinates (located of them).
CREATE TABLE IF NOT EXISTS stories (
  id VARCHAR PRIMARY KEY,
  municipality VARCHAR NOT NULL,
  region VARCHAR NOT NULL,
  topic VARCHAR NOT NULL,
  kind VARCHAR NOT NULL CHECK (kind IN ('story', 'flood', 'campaign')),
  start_ms BIGINT NOT NULL,
  last_ms BIGINT NOT NULL,
  messages INTEGER NOT NULL CHECK (messages >= 0),
  authors INTEGER NOT NULL CHECK (authors >= 0),
  terms JSON NOT NULL,
  streets JSON NOT NULL,
  label VARCHAR NOT NULL,
  closed BOOLEAN NOT NULL,
  municipalities VARCHAR[] NOT NULL DEFAULT [],
  places JSON NOT NULL DEFAULT '[]',
  lat DOUBLE,
  lon DOUBLE,
  located INTEGER
);

-- Known causes entered through the API (POST /api/calendar; detect/calendar.ts); a pipeline sharing the store adds
-- them to its calendar. at_ms: when entered (the pipeline reads the ones after its last read).
CREATE TABLE IF NOT EXISTS known_events (
  id VARCHAR PRIMARY KEY,
  event JSON NOT NULL,
  at_ms BIGINT NOT NULL
);

-- Analysts' verdicts on alerts (POST /api/alerts/:id/feedback), kept as a log: the latest per alert counts.
CREATE TABLE IF NOT EXISTS alert_feedback (
  alert_id VARCHAR NOT NULL,
  municipality VARCHAR NOT NULL,
  topic VARCHAR NOT NULL,
  label VARCHAR NOT NULL CHECK (label IN ('real', 'known_cause', 'noise')),
  note VARCHAR,
  at_ms BIGINT NOT NULL
);

-- Every rejected record with its original bytes and where it came from.
CREATE TABLE IF NOT EXISTS dead_letters (
  reason VARCHAR NOT NULL,
  stage VARCHAR NOT NULL,
  detail VARCHAR NOT NULL,
  raw VARCHAR NOT NULL,
  origin JSON NOT NULL,
  at_ms BIGINT NOT NULL
);

-- Counters of a run (RunStats), upserted as the run progresses.
CREATE TABLE IF NOT EXISTS run_stats (
  run_id VARCHAR PRIMARY KEY,
  at_ms BIGINT NOT NULL,
  read BIGINT NOT NULL,
  valid BIGINT NOT NULL,
  dead_lettered BIGINT NOT NULL,
  dead_by_reason JSON NOT NULL,
  late BIGINT NOT NULL,
  duplicates BIGINT NOT NULL,
  unknown_municipality BIGINT NOT NULL,
  windows_emitted BIGINT NOT NULL,
  anomalies BIGINT NOT NULL
);

-- Source positions committed in the same transaction as the results they produced (Kafka: the consumer seeks
-- to offset on start; `offset` is the next offset to read, as a decimal string).
CREATE TABLE IF NOT EXISTS offsets (
  source VARCHAR NOT NULL,
  partition INTEGER NOT NULL,
  "offset" VARCHAR NOT NULL,
  at_ms BIGINT NOT NULL,
  PRIMARY KEY (source, partition)
);

-- Reference data, replaced on every open from the gazetteer and the topic taxonomy.
CREATE TABLE IF NOT EXISTS municipalities (
  code VARCHAR NOT NULL,
  name VARCHAR NOT NULL,
  region VARCHAR NOT NULL,
  region_name VARCHAR NOT NULL,
  federal_district VARCHAR NOT NULL,
  population BIGINT NOT NULL,
  lat DOUBLE NOT NULL,
  lon DOUBLE NOT NULL,
  utc_offset_min INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS topics (
  id VARCHAR NOT NULL,
  name_ru VARCHAR NOT NULL,
  department VARCHAR NOT NULL
);

-- Staging (this connection only).
CREATE TEMP TABLE IF NOT EXISTS stage_counts (
  bucket VARCHAR NOT NULL,
  municipality VARCHAR NOT NULL,
  topic VARCHAR NOT NULL,
  start_ms BIGINT NOT NULL,
  end_ms BIGINT NOT NULL,
  count INTEGER NOT NULL,
  unique_authors INTEGER NOT NULL,
  sources VARCHAR NOT NULL
);
-- Materialising published results (vsplesk materialise): a processor that resumes from its last snapshot
-- publishes again what it had published after it, so those messages and dead letters are staged and only the
-- ones not stored yet are kept.
CREATE TEMP TABLE IF NOT EXISTS stage_messages (
  id VARCHAR NOT NULL,
  key_id INTEGER NOT NULL,
  event_time_ms BIGINT NOT NULL,
  created_offset_min SMALLINT,
  topic_confidence DOUBLE NOT NULL,
  author VARCHAR,
  text VARCHAR NOT NULL,
  url VARCHAR,
  parent_id VARCHAR,
  late BOOLEAN NOT NULL,
  story_id VARCHAR,
  district VARCHAR
);
CREATE TEMP TABLE IF NOT EXISTS stage_dead_letters (
  reason VARCHAR NOT NULL,
  stage VARCHAR NOT NULL,
  detail VARCHAR NOT NULL,
  raw VARCHAR NOT NULL,
  origin VARCHAR NOT NULL,
  at_ms BIGINT NOT NULL
);
CREATE TEMP TABLE IF NOT EXISTS stage_anomalies (
  id VARCHAR NOT NULL,
  bucket VARCHAR NOT NULL,
  municipality VARCHAR NOT NULL,
  topic VARCHAR NOT NULL,
  start_ms BIGINT NOT NULL,
  end_ms BIGINT NOT NULL,
  observed DOUBLE NOT NULL,
  expected DOUBLE NOT NULL,
  p_value DOUBLE NOT NULL,
  score DOUBLE NOT NULL,
  severity VARCHAR NOT NULL,
  detector VARCHAR NOT NULL,
  detected_at_ms BIGINT NOT NULL,
  updates INTEGER NOT NULL,
  -- earliest detection of the id among the batch's emissions (the stage holds one row per id)
  first_detected_at_ms BIGINT NOT NULL,
  district VARCHAR
);
CREATE TEMP TABLE IF NOT EXISTS stage_alerts (
  id VARCHAR NOT NULL,
  municipality VARCHAR NOT NULL,
  topic VARCHAR NOT NULL,
  status VARCHAR NOT NULL,
  severity VARCHAR NOT NULL,
  respond_within_min INTEGER NOT NULL,
  start_ms BIGINT NOT NULL,
  end_ms BIGINT NOT NULL,
  first_detected_at_ms BIGINT NOT NULL,
  last_detected_at_ms BIGINT NOT NULL,
  closed_at_ms BIGINT,
  windows INTEGER NOT NULL,
  peak_observed DOUBLE NOT NULL,
  peak_expected DOUBLE NOT NULL,
  peak_per_10k DOUBLE,
  min_p_value DOUBLE NOT NULL,
  max_score DOUBLE NOT NULL,
  cause_id VARCHAR,
  cause_kind VARCHAR,
  cause_label VARCHAR,
  group_id VARCHAR NOT NULL,
  region_group_id VARCHAR NOT NULL,
  terms VARCHAR[] NOT NULL,
  kind VARCHAR NOT NULL,
  districts VARCHAR[] NOT NULL
);

CREATE TEMP TABLE IF NOT EXISTS stage_term_bursts (
  id VARCHAR NOT NULL,
  scope VARCHAR NOT NULL,
  municipality VARCHAR NOT NULL,
  region VARCHAR NOT NULL,
  stem VARCHAR NOT NULL,
  term VARCHAR NOT NULL,
  topic VARCHAR NOT NULL,
  start_ms BIGINT NOT NULL,
  end_ms BIGINT NOT NULL,
  observed DOUBLE NOT NULL,
  expected DOUBLE NOT NULL,
  p_value DOUBLE NOT NULL,
  score DOUBLE NOT NULL,
  municipalities INTEGER NOT NULL,
  message_ids VARCHAR[] NOT NULL,
  detected_at_ms BIGINT NOT NULL,
  phrase VARCHAR
);

CREATE TEMP TABLE IF NOT EXISTS stage_stories (
  id VARCHAR NOT NULL,
  municipality VARCHAR NOT NULL,
  region VARCHAR NOT NULL,
  topic VARCHAR NOT NULL,
  kind VARCHAR NOT NULL,
  start_ms BIGINT NOT NULL,
  last_ms BIGINT NOT NULL,
  messages INTEGER NOT NULL,
  authors INTEGER NOT NULL,
  terms VARCHAR NOT NULL,
  streets VARCHAR NOT NULL,
  label VARCHAR NOT NULL,
  closed BOOLEAN NOT NULL,
  municipalities VARCHAR[] NOT NULL,
  places VARCHAR NOT NULL,
  lat DOUBLE,
  lon DOUBLE,
  located INTEGER
);

-- State of each shard (src/pipeline/shard.ts) as JSON, committed in the same transaction as the offsets it
-- corresponds to: a restart restores it and continues exactly where the last batch left off.
CREATE TABLE IF NOT EXISTS shard_snapshots (
  source VARCHAR NOT NULL,
  shard INTEGER NOT NULL,
  snapshot VARCHAR NOT NULL,
  at_ms BIGINT NOT NULL,
  PRIMARY KEY (source, shard)
);
DROP TABLE IF EXISTS source_watermarks;
