-- counts_hourly_top_municipalities: municipalities ranked by messages in [from_ms, to_ms), with per-100k rates
-- and the number of anomalies that started in the range.
-- params: $from_ms BIGINT, $to_ms BIGINT, $region VARCHAR|NULL, $topic VARCHAR|NULL,
--         $sort VARCHAR ('count'|'perCapita'), $limit INTEGER
-- result: key VARCHAR (OKTMO code), name VARCHAR|NULL, population BIGINT|NULL, count BIGINT,
--         per_capita DOUBLE|NULL (per 100,000 residents), anomalies BIGINT
WITH c AS (
  SELECT municipality, sum(count) AS count
  FROM counts_hourly
  WHERE start_ms >= $from_ms AND start_ms < $to_ms AND ($topic IS NULL OR topic = $topic)
  GROUP BY municipality
), a AS (
  SELECT municipality, count(*) AS anomalies
  FROM anomalies
  WHERE start_ms >= $from_ms AND start_ms < $to_ms AND ($topic IS NULL OR topic = $topic)
  GROUP BY municipality
)
SELECT c.municipality AS key, m.name, m.population, c.count,
  CASE WHEN m.population > 0 THEN c.count * 100000.0 / m.population END AS per_capita,
  coalesce(a.anomalies, 0) AS anomalies
FROM c
LEFT JOIN municipalities m ON m.code = c.municipality
LEFT JOIN a ON a.municipality = c.municipality
WHERE c.count > 0 AND ($region IS NULL OR m.region = $region)
ORDER BY CASE WHEN $sort = 'perCapita' THEN per_capita ELSE CAST(c.count AS DOUBLE) END DESC NULLS LAST,
  c.count DESC, key
LIMIT $limit;
