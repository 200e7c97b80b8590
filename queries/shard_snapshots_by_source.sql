-- shard_snapshots_by_source: the saved state of every shard of one source, to restore on start.
-- params: $source VARCHAR
-- result: shard INTEGER, snapshot VARCHAR
SELECT shard, snapshot
FROM shard_snapshots
WHERE source = $source
ORDER BY shard;
