-- shard_snapshots_insert: save one shard's state, in the transaction of the batch (and offsets) it follows, after
-- shard_snapshots_delete of the same (source, shard).
-- params: $source VARCHAR, $shard INTEGER, $snapshot VARCHAR, $at_ms BIGINT
-- result: (none)
INSERT INTO shard_snapshots (source, shard, snapshot, at_ms) VALUES ($source, $shard, $snapshot, $at_ms);
