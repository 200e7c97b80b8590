-- regions_list: federal subjects from the gazetteer with their municipalities, population and messages.
-- params: $all BOOLEAN (false = only regions with messages)
-- result: code VARCHAR, name VARCHAR, municipalities BIGINT, population BIGINT, messages BIGINT
WITH c AS (
  SELECT municipality, sum(count) AS messages FROM counts_daily GROUP BY municipality
)
SELECT m.region AS code, any_value(m.region_name) AS name, count(*) AS municipalities,
  sum(m.population) AS population, coalesce(sum(c.messages), 0) AS messages
FROM municipalities m
LEFT JOIN c ON c.municipality = m.code
GROUP BY m.region
HAVING $all OR coalesce(sum(c.messages), 0) > 0
ORDER BY name, code;
