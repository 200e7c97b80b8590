-- term_bursts_list: one page of term bursts (emerging terms) matching the filters, newest hour first.
-- params: $from_ms BIGINT|NULL, $to_ms BIGINT|NULL (hours starting in [from_ms, to_ms)), $municipality, $region,
--         $topic, $scope: VARCHAR|NULL each (NULL = any; a municipality matches its own bursts, a region both its
--         region-wide bursts and its municipalities'), $limit INTEGER, $offset INTEGER
-- result: id, scope, municipality, municipality_name, region, region_name, stem, term, topic, topic_name,
--         start_ms, end_ms, observed, expected, p_value, score, municipalities, message_ids VARCHAR[],
--         detected_at_ms, phrase VARCHAR|NULL
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
WHERE ($from_ms IS NULL OR b.start_ms >= $from_ms)
  AND ($to_ms IS NULL OR b.start_ms < $to_ms)
  AND ($municipality IS NULL OR b.municipality = $municipality)
  AND ($region IS NULL OR b.region = $region)
  AND ($topic IS NULL OR b.topic = $topic)
  AND ($scope IS NULL OR b.scope = $scope)
ORDER BY b.start_ms DESC, b.score DESC, b.id
LIMIT $limit OFFSET $offset;
