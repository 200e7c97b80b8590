-- alerts_by_id: one alert with the names of its municipality, region and topic.
-- params: $id VARCHAR
-- result: as alerts_list
SELECT a.id, a.municipality, m.name AS municipality_name, m.region, m.region_name, a.topic,
  t.name_ru AS topic_name, a.status, a.severity, a.respond_within_min, a.start_ms, a.end_ms,
  a.first_detected_at_ms, a.last_detected_at_ms, a.closed_at_ms, a.windows, a.peak_observed, a.peak_expected,
  a.peak_per_10k, a.min_p_value, a.max_score, a.cause_id, a.cause_kind, a.cause_label, a.group_id, a.region_group_id, a.terms, a.kind,
  a.districts
FROM alerts a
LEFT JOIN municipalities m ON m.code = a.municipality
LEFT JOIN topics t ON t.id = a.topic
WHERE a.id = $id;
