-- messages_districts_by_place: the districts a municipality's messages named in [from_ms, to_ms), most named first,
-- with the period's message count (districts share = count / messages). One row per district; a period with
-- messages but no district named gives one row with district NULL (so the total still arrives).
-- params: $municipality VARCHAR, $topic VARCHAR|NULL (NULL = any), $from_ms BIGINT (inclusive),
--         $to_ms BIGINT (exclusive), $limit INTEGER
-- result: district VARCHAR|NULL, count BIGINT, authors BIGINT, messages BIGINT
WITH period AS (
  SELECT district, author
  FROM messages
  WHERE municipality = $municipality
    AND ($topic IS NULL OR topic = $topic)
    AND event_time_ms >= $from_ms
    AND event_time_ms < $to_ms
), total AS (
  SELECT count(*) AS messages FROM period
), named AS (
  SELECT district, count(*) AS count, count(DISTINCT author) AS authors
  FROM period
  WHERE district IS NOT NULL
  GROUP BY district
  ORDER BY count DESC, district
  LIMIT $limit
)
SELECT n.district, coalesce(n.count, 0) AS count, coalesce(n.authors, 0) AS authors, t.messages
FROM total t
LEFT JOIN named n ON true
ORDER BY count DESC, n.district;
