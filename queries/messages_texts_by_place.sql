-- messages_texts_by_place: the texts of a municipality's messages in [from_ms, to_ms), newest first (what the
-- street view of /api/top reads streets from).
-- params: $municipality VARCHAR, $topic VARCHAR|NULL (NULL = any), $from_ms BIGINT (inclusive),
--         $to_ms BIGINT (exclusive), $limit INTEGER
-- result: text
SELECT text
FROM messages
WHERE municipality = $municipality
  AND ($topic IS NULL OR topic = $topic)
  AND event_time_ms >= $from_ms
  AND event_time_ms < $to_ms
ORDER BY event_time_ms DESC, id DESC
LIMIT $limit;
