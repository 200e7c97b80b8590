-- term_bursts_count: how many term bursts match the filters of term_bursts_list (for pagination).
-- params: $from_ms BIGINT|NULL, $to_ms BIGINT|NULL (hours starting in [from_ms, to_ms)), $municipality, $region,
--         $topic, $scope: VARCHAR|NULL each (NULL = any)
-- result: total BIGINT
SELECT count(*) AS total
FROM term_bursts b
WHERE ($from_ms IS NULL OR b.start_ms >= $from_ms)
  AND ($to_ms IS NULL OR b.start_ms < $to_ms)
  AND ($municipality IS NULL OR b.municipality = $municipality)
  AND ($region IS NULL OR b.region = $region)
  AND ($topic IS NULL OR b.topic = $topic)
  AND ($scope IS NULL OR b.scope = $scope);
