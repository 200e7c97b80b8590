-- source_watermarks_by_source: the watermark committed with a source's offsets (no row: never committed).
-- params: $source VARCHAR
-- result: watermark_ms BIGINT
SELECT watermark_ms
FROM source_watermarks
WHERE source = $source;
