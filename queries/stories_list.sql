-- stories_list: one page of stories matching the filters, the biggest first (then the most recent).
-- params: $from_ms BIGINT|NULL, $to_ms BIGINT|NULL (stories whose [start_ms, last_ms] overlaps [from_ms, to_ms)),
--         $municipality, $region, $topic, $kind: VARCHAR|NULL each (NULL = any), $min_messages INTEGER|NULL,
--         $limit INTEGER, $offset INTEGER
-- result: id, municipality, municipality_name, region, region_name, topic, topic_name, kind, start_ms, last_ms,
--         messages, authors, terms (JSON text), streets (JSON text), label, closed, places (JSON text), lat, lon,
--         located
WITH r AS (
  SELECT region, any_value(region_name) AS region_name FROM municipalities GROUP BY region
)
SELECT s.id, s.municipality, m.name AS municipality_name, s.region, r.region_name, s.topic,
  t.name_ru AS topic_name, s.kind, s.start_ms, s.last_ms, s.messages, s.authors, s.terms::VARCHAR AS terms,
  s.streets::VARCHAR AS streets, s.label, s.closed, s.places::VARCHAR AS places, s.lat, s.lon, s.located
FROM stories s
LEFT JOIN municipalities m ON m.code = s.municipality
LEFT JOIN r ON r.region = s.region
LEFT JOIN topics t ON t.id = s.topic
WHERE ($from_ms IS NULL OR s.last_ms >= $from_ms)
  AND ($to_ms IS NULL OR s.start_ms < $to_ms)
  AND ($municipality IS NULL OR list_contains(s.municipalities, $municipality))
  AND ($region IS NULL OR s.region = $region)
  AND ($topic IS NULL OR s.topic = $topic)
  AND ($kind IS NULL OR s.kind = $kind)
  AND ($min_messages IS NULL OR s.messages >= $min_messages)
ORDER BY s.messages DESC, s.last_ms DESC, s.id
LIMIT $limit OFFSET $offset;
