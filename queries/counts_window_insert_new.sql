-- {{name}}: the staged '{{bucket}}' windows {{table}} does not hold yet (after {{update}}).
-- params: $from_ms BIGINT, $to_ms BIGINT (the least and greatest start_ms staged for the bucket)
-- result: (none)
INSERT INTO {{table}} (municipality, topic, start_ms, end_ms, count, unique_authors, sources, revisions)
SELECT s.municipality, s.topic, s.start_ms, s.end_ms, s.count, s.unique_authors, CAST(s.sources AS JSON), 0
FROM stage_counts AS s
WHERE s.bucket = '{{bucket}}'
  AND NOT EXISTS (
    SELECT 1 FROM {{table}} AS c
    WHERE c.start_ms BETWEEN $from_ms AND $to_ms
      AND c.municipality = s.municipality AND c.topic = s.topic AND c.start_ms = s.start_ms
  );
