-- shard_snapshots_upsert: save one shard's state, in the transaction of the batch (and offsets) it follows.
-- params: $source VARCHAR, $shard INTEGER, $snapshot VARCHAR, $at_ms BIGINT
-- result: (none)
INSERT INTO shard_snapshots (source, shard, snapshot, at_ms)
VALUES ($source, $shard, $snapshot, $at_ms)
ON CONFLICT (source, shard) DO UPDATE SET snapshot = excluded.snapshot, at_ms = excluded.at_ms;
