-- term_bursts_by_id: one term burst with the names of its municipality, region and topic.
-- params: $id VARCHAR
-- result: as term_bursts_list
WITH r AS (
  SELECT region, any_value(region_name) AS region_name FROM municipalities GROUP BY region
)
SELECT b.id, b.scope, b.municipality, m.name AS municipality_name, b.region, r.region_name, b.stem, b.term,
  b.topic, t.name_ru AS topic_name, b.start_ms, b.end_ms, b.observed, b.expected, b.p_value, b.score,
  b.municipalities, b.message_ids, b.detected_at_ms, b.phrase
FROM term_bursts b
LEFT JOIN municipalities m ON m.code = b.municipality
LEFT JOIN r ON r.region = b.region
LEFT JOIN topics t ON t.id = b.topic
WHERE b.id = $id;
