-- municipalities_list: gazetteer municipalities with the number of messages counted in their day windows.
-- params: $region VARCHAR|NULL (NULL = all regions), $all BOOLEAN (false = only those with messages)
-- result: code, name, region, region_name, population BIGINT, utc_offset_min INTEGER, messages BIGINT
WITH c AS (
  SELECT municipality, sum(count) AS messages FROM counts_daily GROUP BY municipality
)
SELECT m.code, m.name, m.region, m.region_name, m.population, m.utc_offset_min, coalesce(c.messages, 0) AS messages
FROM municipalities m
LEFT JOIN c ON c.municipality = m.code
WHERE ($region IS NULL OR m.region = $region) AND ($all OR coalesce(c.messages, 0) > 0)
ORDER BY m.region_name, m.name, m.code;
