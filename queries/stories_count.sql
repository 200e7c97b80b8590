-- stories_count: how many stories match the filters of stories_list (for pagination).
-- params: $from_ms BIGINT|NULL, $to_ms BIGINT|NULL (stories whose [start_ms, last_ms] overlaps [from_ms, to_ms)),
--         $municipality, $region, $topic, $kind: VARCHAR|NULL each (NULL = any), $min_messages INTEGER|NULL
-- result: total BIGINT
SELECT count(*) AS total
FROM stories s
WHERE ($from_ms IS NULL OR s.last_ms >= $from_ms)
  AND ($to_ms IS NULL OR s.start_ms < $to_ms)
  AND ($municipality IS NULL OR list_contains(s.municipalities, $municipality))
  AND ($region IS NULL OR s.region = $region)
  AND ($topic IS NULL OR s.topic = $topic)
  AND ($kind IS NULL OR s.kind = $kind)
  AND ($min_messages IS NULL OR s.messages >= $min_messages);
