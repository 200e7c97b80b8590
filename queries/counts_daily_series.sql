-- counts_daily_series: one selection's day windows summed per local calendar day. A day window starts at its
-- municipality's local midnight, so the day number is round((start_ms + utc_offset) / 1 day) (days since
-- 1970-01-01; municipalities missing from the gazetteer count as UTC). unique_authors: as in counts_hourly_series.
-- params: $from_day BIGINT (inclusive), $to_day BIGINT (exclusive), $municipality VARCHAR|NULL, $topic VARCHAR|NULL,
--         $region VARCHAR|NULL
-- result: day BIGINT, count BIGINT, unique_authors BIGINT
SELECT d.day, sum(d.count) AS count, sum(d.unique_authors) AS unique_authors
FROM (
  SELECT CAST(round((c.start_ms + coalesce(m.utc_offset_min, 0) * 60000) / 86400000.0) AS BIGINT) AS day,
    c.count, c.unique_authors
  FROM counts_daily c
  LEFT JOIN municipalities m ON m.code = c.municipality
  WHERE c.start_ms >= CAST($from_day AS BIGINT) * 86400000 - 86400000
    AND c.start_ms < CAST($to_day AS BIGINT) * 86400000 + 86400000
    AND ($municipality IS NULL OR c.municipality = $municipality)
    AND ($topic IS NULL OR c.topic = $topic)
    AND ($region IS NULL OR m.region = $region)
) d
WHERE d.day >= $from_day AND d.day < $to_day
GROUP BY d.day
ORDER BY d.day;
