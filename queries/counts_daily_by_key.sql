-- counts_daily_by_key: day windows of one region (or everywhere) per municipality, topic and local calendar day,
-- for the seasonal planner (store/seasonal-counts.ts). Day number as in counts_daily_series.
-- params: $from_day BIGINT (inclusive), $to_day BIGINT (exclusive), $region VARCHAR|NULL, $topic VARCHAR|NULL
-- result: municipality VARCHAR, topic VARCHAR, day BIGINT, count BIGINT
SELECT d.municipality, d.topic, d.day, sum(d.count) AS count
FROM (
  SELECT c.municipality, c.topic,
    CAST(round((c.start_ms + coalesce(m.utc_offset_min, 0) * 60000) / 86400000.0) AS BIGINT) AS day, c.count
  FROM counts_daily c
  LEFT JOIN municipalities m ON m.code = c.municipality
  WHERE c.start_ms >= CAST($from_day AS BIGINT) * 86400000 - 86400000
    AND c.start_ms < CAST($to_day AS BIGINT) * 86400000 + 86400000
    AND ($topic IS NULL OR c.topic = $topic)
    AND ($region IS NULL OR m.region = $region)
) d
WHERE d.day >= $from_day AND d.day < $to_day
GROUP BY d.municipality, d.topic, d.day
ORDER BY d.municipality, d.topic, d.day;
