-- export_views_create: what `vsplesk export` reads (src/store/export-source.ts), created on its own read-only
-- connection: a DDL script of several statements, like schema.sql (TEMP objects only: nothing is written to the
-- store). One view per exported table, with analyst-facing columns — times as TIMESTAMPTZ (UTC; the session zone
-- is UTC so CSV shows +00), day counts with their local DATE, codes with their names — and four filter_* columns
-- the export_filtered and export_rows macros filter, order by and drop: filter_start_ms and filter_end_ms (the row's span, end
-- exclusive: a row is exported when it overlaps [from, to)), filter_region, and filter_order (ties within a start).
-- params: none
SET TimeZone = 'UTC';

-- The three counts tables (5 minutes, hours, local days) share their columns: one macro reads any of them. The
-- gazetteer's UTC offset rides along (dropped by the views) for the day view's local date.
CREATE OR REPLACE TEMP MACRO export_counts_of(counts_table) AS TABLE
SELECT epoch_ms(c.start_ms)::TIMESTAMPTZ AS start, c.municipality, m.name AS municipality_name, m.region, c.topic,
  c.count, c.unique_authors, c.sources::VARCHAR AS sources,
  c.start_ms AS filter_start_ms, c.end_ms AS filter_end_ms, m.region AS filter_region,
  c.municipality || ' ' || c.topic AS filter_order, coalesce(m.utc_offset_min, 0) AS utc_offset_min
FROM query_table(counts_table) c
LEFT JOIN municipalities m ON m.code = c.municipality;

CREATE OR REPLACE TEMP VIEW export_counts_5m AS
SELECT * EXCLUDE (utc_offset_min) FROM export_counts_of('counts_5m');

CREATE OR REPLACE TEMP VIEW export_counts_hour AS
SELECT * EXCLUDE (utc_offset_min) FROM export_counts_of('counts_hourly');

-- A day window starts at its municipality's local midnight: date is that local calendar day (as in
-- counts_daily_series; a municipality missing from the gazetteer counts as UTC).
CREATE OR REPLACE TEMP VIEW export_counts_day AS
SELECT DATE '1970-01-01' + CAST(round((filter_start_ms + utc_offset_min * 60000) / 86400000.0) AS INTEGER) AS date,
  * EXCLUDE (utc_offset_min)
FROM export_counts_of('counts_daily');

CREATE OR REPLACE TEMP VIEW export_alerts AS
SELECT epoch_ms(a.start_ms)::TIMESTAMPTZ AS start, epoch_ms(a.end_ms)::TIMESTAMPTZ AS "end", a.id, a.municipality,
  m.name AS municipality_name, m.region, a.topic, a.kind, a.status, a.severity, a.respond_within_min,
  epoch_ms(a.first_detected_at_ms)::TIMESTAMPTZ AS first_detected_at,
  epoch_ms(a.last_detected_at_ms)::TIMESTAMPTZ AS last_detected_at,
  epoch_ms(a.closed_at_ms)::TIMESTAMPTZ AS closed_at, a.windows, a.peak_observed, a.peak_expected, a.peak_per_10k,
  a.min_p_value, a.max_score, a.cause_id, a.cause_kind, a.cause_label, a.group_id, a.region_group_id, a.terms,
  a.districts,
  a.start_ms AS filter_start_ms, a.end_ms AS filter_end_ms, m.region AS filter_region, a.id AS filter_order
FROM alerts a
LEFT JOIN municipalities m ON m.code = a.municipality;

CREATE OR REPLACE TEMP VIEW export_anomalies AS
SELECT epoch_ms(a.start_ms)::TIMESTAMPTZ AS start, epoch_ms(a.end_ms)::TIMESTAMPTZ AS "end", a.id, a.bucket,
  a.municipality, m.name AS municipality_name, m.region, a.district, a.topic, a.observed, a.expected, a.p_value,
  a.score, a.severity, a.detector, a.status, epoch_ms(a.first_detected_at_ms)::TIMESTAMPTZ AS first_detected_at,
  epoch_ms(a.detected_at_ms)::TIMESTAMPTZ AS detected_at, a.updates,
  a.start_ms AS filter_start_ms, a.end_ms AS filter_end_ms, m.region AS filter_region, a.id AS filter_order
FROM anomalies a
LEFT JOIN municipalities m ON m.code = a.municipality;

-- A story spans its first to its last message (last inclusive). terms: its words, best first; streets and places
-- stay JSON text (lists of objects).
CREATE OR REPLACE TEMP VIEW export_stories AS
SELECT epoch_ms(s.start_ms)::TIMESTAMPTZ AS start, epoch_ms(s.last_ms)::TIMESTAMPTZ AS last, s.id, s.municipality,
  m.name AS municipality_name, s.region, s.topic, s.kind, s.messages, s.authors, s.label, s.closed,
  CAST(s.terms AS VARCHAR[]) AS terms, s.streets::VARCHAR AS streets, s.municipalities, s.places::VARCHAR AS places,
  s.lat, s.lon, s.located,
  s.start_ms AS filter_start_ms, s.last_ms + 1 AS filter_end_ms, s.region AS filter_region, s.id AS filter_order
FROM stories s
LEFT JOIN municipalities m ON m.code = s.municipality;

-- The rows of one view overlapping [from_ms, to_ms) (NULL: open) in a region (NULL: all), unordered, with the
-- filter_* columns (export_dictionaries reads them without paying for a sort).
CREATE OR REPLACE TEMP MACRO export_filtered(view_name, from_ms, to_ms, region) AS TABLE
SELECT *
FROM query_table(view_name)
WHERE (from_ms IS NULL OR filter_end_ms > from_ms)
  AND (to_ms IS NULL OR filter_start_ms < to_ms)
  AND (region IS NULL OR filter_region = region);

-- The same rows in time order, without the filter_* columns: what is exported.
CREATE OR REPLACE TEMP MACRO export_rows(view_name, from_ms, to_ms, region) AS TABLE
SELECT * EXCLUDE (filter_start_ms, filter_end_ms, filter_region, filter_order)
FROM export_filtered(view_name, from_ms, to_ms, region)
ORDER BY filter_start_ms, filter_order;
