-- source_watermarks_upsert: record a source's event-time watermark, in the batch's transaction.
-- params: $source VARCHAR, $watermark_ms BIGINT, $at_ms BIGINT
-- result: (none)
INSERT INTO source_watermarks (source, watermark_ms, at_ms)
VALUES ($source, $watermark_ms, $at_ms)
ON CONFLICT (source) DO UPDATE SET watermark_ms = excluded.watermark_ms, at_ms = excluded.at_ms;
