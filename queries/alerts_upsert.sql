-- alerts_upsert: move staged alerts into alerts; every alert is emitted as a full value, so a later one of the
-- same id (grown, re-scored, closed or reopened) replaces every column.
-- params: (none)
-- result: (none)
INSERT INTO alerts (id, municipality, topic, status, severity, respond_within_min, start_ms, end_ms,
  first_detected_at_ms, last_detected_at_ms, closed_at_ms, windows, peak_observed, peak_expected, peak_per_10k,
  min_p_value, max_score, cause_id, cause_kind, cause_label, group_id,
  region_group_id, terms, kind, districts)
SELECT id, municipality, topic, status, severity, respond_within_min, start_ms, end_ms,
  first_detected_at_ms, last_detected_at_ms, closed_at_ms, windows, peak_observed, peak_expected, peak_per_10k,
  min_p_value, max_score, cause_id, cause_kind, cause_label, group_id, region_group_id, terms, kind,
  districts
FROM stage_alerts
ON CONFLICT (id) DO UPDATE SET
  municipality = excluded.municipality,
  topic = excluded.topic,
  status = excluded.status,
  severity = excluded.severity,
  respond_within_min = excluded.respond_within_min,
  start_ms = excluded.start_ms,
  end_ms = excluded.end_ms,
  first_detected_at_ms = excluded.first_detected_at_ms,
  last_detected_at_ms = excluded.last_detected_at_ms,
  closed_at_ms = excluded.closed_at_ms,
  windows = excluded.windows,
  peak_observed = excluded.peak_observed,
  peak_expected = excluded.peak_expected,
  peak_per_10k = excluded.peak_per_10k,
  min_p_value = excluded.min_p_value,
  max_score = excluded.max_score,
  cause_id = excluded.cause_id,
  cause_kind = excluded.cause_kind,
  cause_label = excluded.cause_label,
  group_id = excluded.group_id,
  region_group_id = excluded.region_group_id,
  terms = excluded.terms,
  kind = excluded.kind,
  districts = excluded.districts;
