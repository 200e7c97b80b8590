-- duckdb_memory_settings: the memory settings DuckDB runs with (`vsplesk run --memory-limit` reports them).
-- params: none
-- result: memory_limit, checkpoint_threshold (DuckDB's own spelling, e.g. '238.4 MiB')
SELECT current_setting('memory_limit') AS memory_limit, current_setting('checkpoint_threshold') AS checkpoint_threshold;
