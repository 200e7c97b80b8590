-- offsets_by_source: the committed offsets of one source (a Kafka topic), to seek to on start.
-- params: $source VARCHAR
-- result: partition INTEGER, offset VARCHAR, at_ms BIGINT
SELECT partition, "offset" AS offset, at_ms
FROM offsets
WHERE source = $source
ORDER BY partition;
