-- duckdb_memory_totals: what DuckDB's buffer manager holds now (memory figures of bench/national.ts).
-- params: none
-- result: used_bytes (memory in use, all tags), temp_bytes (spilled to temporary files), by_tag (JSON text:
--         tag → bytes, tags holding any memory)
SELECT
  CAST(sum(memory_usage_bytes) AS BIGINT) AS used_bytes,
  CAST(sum(temporary_storage_bytes) AS BIGINT) AS temp_bytes,
  CAST(to_json(map_from_entries(list({'k': tag, 'v': memory_usage_bytes}) FILTER (WHERE memory_usage_bytes > 0))) AS VARCHAR) AS by_tag
FROM duckdb_memory();
