-- counts_daily_totals: each (municipality, topic)'s total over a range of local calendar days (day numbers as in
-- counts_daily_by_key), for the demo's generated history (commands/demo-history.ts: a level per key).
-- params: $from_day BIGINT (inclusive), $to_day BIGINT (exclusive)
-- result: municipality VARCHAR, topic VARCHAR, count BIGINT
SELECT d.municipality, d.topic, sum(d.count) AS count
FROM (
  SELECT c.municipality, c.topic,
    CAST(round((c.start_ms + coalesce(m.utc_offset_min, 0) * 60000) / 86400000.0) AS BIGINT) AS day, c.count
  FROM counts_daily c
  LEFT JOIN municipalities m ON m.code = c.municipality
  WHERE c.start_ms >= CAST($from_day AS BIGINT) * 86400000 - 86400000
    AND c.start_ms < CAST($to_day AS BIGINT) * 86400000 + 86400000
) d
WHERE d.day >= $from_day AND d.day < $to_day
GROUP BY d.municipality, d.topic
ORDER BY d.municipality, d.topic;
