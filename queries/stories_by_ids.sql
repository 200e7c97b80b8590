-- stories_by_ids: the stories with the given ids (unknown ids skipped), with the names of their places and topic,
-- biggest first as in stories_list. One id: a story's page; several (up to thousands: a semi-join, not a scan of
-- the list per row): the stories a spike's messages joined.
-- params: $ids VARCHAR[] (non-empty)
-- result: as stories_list
WITH r AS (
  SELECT region, any_value(region_name) AS region_name FROM municipalities GROUP BY region
)
SELECT s.id, s.municipality, m.name AS municipality_name, s.region, r.region_name, s.topic,
  t.name_ru AS topic_name, s.kind, s.start_ms, s.last_ms, s.messages, s.authors, s.terms::VARCHAR AS terms,
  s.streets::VARCHAR AS streets, s.label, s.closed, s.places::VARCHAR AS places, s.lat, s.lon, s.located
FROM stories s
LEFT JOIN municipalities m ON m.code = s.municipality
LEFT JOIN r ON r.region = s.region
LEFT JOIN topics t ON t.id = s.topic
WHERE s.id IN (SELECT unnest($ids))
ORDER BY s.messages DESC, s.last_ms DESC, s.id;
