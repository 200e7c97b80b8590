-- alerts_count: how many alerts match the filters of alerts_list (for pagination).
-- params: $from_ms BIGINT|NULL, $to_ms BIGINT|NULL (alerts overlapping [from_ms, to_ms)), $municipality, $topic,
--         $severity, $status, $region: VARCHAR|NULL each (NULL = any), $expected BOOLEAN|NULL (NULL = any)
-- result: total BIGINT
SELECT count(*) AS total
FROM alerts a
LEFT JOIN municipalities m ON m.code = a.municipality
WHERE ($from_ms IS NULL OR a.end_ms > $from_ms)
  AND ($to_ms IS NULL OR a.start_ms < $to_ms)
  AND ($municipality IS NULL OR a.municipality = $municipality)
  AND ($topic IS NULL OR a.topic = $topic)
  AND ($severity IS NULL OR a.severity = $severity)
  AND ($status IS NULL OR a.status = $status)
  AND ($expected IS NULL OR (a.cause_id IS NOT NULL) = $expected)
  AND ($region IS NULL OR m.region = $region);
