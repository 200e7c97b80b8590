-- incidents_count: how many incidents (alert groups) match the filters of incidents_list (for pagination): the
-- groups with at least one alert matching every filter.
-- params: as alerts_count
-- result: total BIGINT
SELECT count(DISTINCT a.group_id) AS total
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
