-- checkpoint: write what the WAL holds into the database file and free the memory it held (duckdb-options.ts:
-- after a batch that wrote shard state, under a memory limit).
-- params: none
-- result: (none)
CHECKPOINT;
