-- offsets_upsert: record the next offset to read for one (source, partition), in the batch's transaction.
-- params: $source VARCHAR, $partition INTEGER, $offset VARCHAR, $at_ms BIGINT
-- result: (none)
INSERT INTO offsets (source, partition, "offset", at_ms)
VALUES ($source, $partition, $offset, $at_ms)
ON CONFLICT (source, partition) DO UPDATE SET "offset" = excluded."offset", at_ms = excluded.at_ms;
