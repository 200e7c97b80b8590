-- counts_hourly_top_topics: topics ranked by messages in [from_ms, to_ms) within a selection, with the number of
-- anomalies that started in the range.
-- params: $from_ms BIGINT, $to_ms BIGINT, $region VARCHAR|NULL, $municipality VARCHAR|NULL, $limit INTEGER
-- result: key VARCHAR (topic id), name VARCHAR|NULL (Russian name), count BIGINT, anomalies BIGINT
WITH sel AS (
  SELECT code FROM municipalities WHERE region = $region
), c AS (
  SELECT topic, sum(count) AS count
  FROM counts_hourly
  WHERE start_ms >= $from_ms AND start_ms < $to_ms
    AND ($municipality IS NULL OR municipality = $municipality)
    AND ($region IS NULL OR municipality IN (SELECT code FROM sel))
  GROUP BY topic
), a AS (
  SELECT topic, count(*) AS anomalies
  FROM anomalies
  WHERE start_ms >= $from_ms AND start_ms < $to_ms
    AND ($municipality IS NULL OR municipality = $municipality)
    AND ($region IS NULL OR municipality IN (SELECT code FROM sel))
  GROUP BY topic
)
SELECT c.topic AS key, t.name_ru AS name, c.count, coalesce(a.anomalies, 0) AS anomalies
FROM c
LEFT JOIN topics t ON t.id = c.topic
LEFT JOIN a ON a.topic = c.topic
WHERE c.count > 0
ORDER BY c.count DESC, key
LIMIT $limit;
