-- anomalies_by_id: one anomaly with the names of its municipality, region and topic.
-- params: $id VARCHAR
-- result: as anomalies_list
SELECT a.id, a.bucket, a.municipality, m.name AS municipality_name, m.region, m.region_name, a.topic,
  t.name_ru AS topic_name, a.start_ms, a.end_ms, a.observed, a.expected, a.p_value, a.score, a.severity,
  a.detector, a.detected_at_ms, a.first_detected_at_ms, a.status, a.updates, a.district
FROM anomalies a
LEFT JOIN municipalities m ON m.code = a.municipality
LEFT JOIN topics t ON t.id = a.topic
WHERE a.id = $id;
