-- anomalies_list: one page of anomalies matching the filters, newest window first.
-- params: $from_ms BIGINT|NULL, $to_ms BIGINT|NULL (windows overlapping [from_ms, to_ms)), $municipality, $topic,
--         $severity, $status, $bucket, $region: VARCHAR|NULL each (NULL = any), $limit INTEGER, $offset INTEGER
-- result: id, bucket, municipality, municipality_name, region, region_name, topic, topic_name, start_ms, end_ms,
--         observed, expected, p_value, score, severity, detector, detected_at_ms, first_detected_at_ms, status,
--         updates, district
SELECT a.id, a.bucket, a.municipality, m.name AS municipality_name, m.region, m.region_name, a.topic,
  t.name_ru AS topic_name, a.start_ms, a.end_ms, a.observed, a.expected, a.p_value, a.score, a.severity,
  a.detector, a.detected_at_ms, a.first_detected_at_ms, a.status, a.updates, a.district
FROM anomalies a
LEFT JOIN municipalities m ON m.code = a.municipality
LEFT JOIN topics t ON t.id = a.topic
WHERE ($from_ms IS NULL OR a.end_ms > $from_ms)
  AND ($to_ms IS NULL OR a.start_ms < $to_ms)
  AND ($municipality IS NULL OR a.municipality = $municipality)
  AND ($topic IS NULL OR a.topic = $topic)
  AND ($severity IS NULL OR a.severity = $severity)
  AND ($status IS NULL OR a.status = $status)
  AND ($bucket IS NULL OR a.bucket = $bucket)
  AND ($region IS NULL OR m.region = $region)
ORDER BY a.start_ms DESC, a.score DESC, a.id
LIMIT $limit OFFSET $offset;
