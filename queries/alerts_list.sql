-- alerts_list: one page of alerts matching the filters, most recently opened first.
-- params: $from_ms BIGINT|NULL, $to_ms BIGINT|NULL (alerts overlapping [from_ms, to_ms)), $municipality, $topic,
--         $severity, $status, $region: VARCHAR|NULL each (NULL = any), $expected BOOLEAN|NULL (true: explained
--         by a known cause, false: not, NULL: any), $limit INTEGER, $offset INTEGER
-- result: id, municipality, municipality_name, region, region_name, topic, topic_name, status, severity,
--         respond_within_min, start_ms, end_ms, first_detected_at_ms, last_detected_at_ms, closed_at_ms, windows,
--         peak_observed, peak_expected, peak_per_10k, min_p_value, max_score, cause_id, cause_kind, cause_label, group_id, region_group_id, terms, kind,
--         districts
SELECT a.id, a.municipality, m.name AS municipality_name, m.region, m.region_name, a.topic,
  t.name_ru AS topic_name, a.status, a.severity, a.respond_within_min, a.start_ms, a.end_ms,
  a.first_detected_at_ms, a.last_detected_at_ms, a.closed_at_ms, a.windows, a.peak_observed, a.peak_expected,
  a.peak_per_10k, a.min_p_value, a.max_score, a.cause_id, a.cause_kind, a.cause_label, a.group_id, a.region_group_id, a.terms, a.kind,
  a.districts
FROM alerts a
LEFT JOIN municipalities m ON m.code = a.municipality
LEFT JOIN topics t ON t.id = a.topic
WHERE ($from_ms IS NULL OR a.end_ms > $from_ms)
  AND ($to_ms IS NULL OR a.start_ms < $to_ms)
  AND ($municipality IS NULL OR a.municipality = $municipality)
  AND ($topic IS NULL OR a.topic = $topic)
  AND ($severity IS NULL OR a.severity = $severity)
  AND ($status IS NULL OR a.status = $status)
  AND ($expected IS NULL OR (a.cause_id IS NOT NULL) = $expected)
  AND ($region IS NULL OR m.region = $region)
ORDER BY a.first_detected_at_ms DESC, a.id
LIMIT $limit OFFSET $offset;
