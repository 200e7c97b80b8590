-- shard_snapshots_delete: the first half of replacing one shard's state (shard_snapshots_insert follows in the same
-- transaction). Delete and insert, not INSERT … ON CONFLICT DO UPDATE: DuckDB keeps an updated string's versions in
-- allocator memory and the commit then skips its automatic checkpoint; at national scale (4 × ~12 MB of JSON a
-- batch) that held ~110 MB more a batch and ran a 238 MiB memory limit out (docs/performance.md).
-- params: $source VARCHAR, $shard INTEGER
-- result: (none)
DELETE FROM shard_snapshots WHERE source = $source AND shard = $shard;
