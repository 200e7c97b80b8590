-- counts_5m_series: one selection's windows summed per window start, non-empty windows only (the API fills
-- the zeros). unique_authors is the sum over the summed keys: exact for one (municipality, topic), an upper
-- bound otherwise.
-- params: $from_ms BIGINT (inclusive), $to_ms BIGINT (exclusive), $municipality VARCHAR|NULL (NULL = all),
--         $topic VARCHAR|NULL (NULL = all), $region VARCHAR|NULL (NULL = all)
-- result: start_ms BIGINT, count BIGINT, unique_authors BIGINT
SELECT c.start_ms, sum(c.count) AS count, sum(c.unique_authors) AS unique_authors
FROM counts_5m c
WHERE c.start_ms >= $from_ms
  AND c.start_ms < $to_ms
  AND ($municipality IS NULL OR c.municipality = $municipality)
  AND ($topic IS NULL OR c.topic = $topic)
  AND ($region IS NULL OR c.municipality IN (SELECT code FROM municipalities WHERE region = $region))
GROUP BY c.start_ms
ORDER BY c.start_ms;
