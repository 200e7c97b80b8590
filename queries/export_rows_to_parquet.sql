-- export_rows_to_parquet: `vsplesk export --format parquet`: the rows of export_rows written by DuckDB to $path
-- (zstd-compressed Parquet; TIMESTAMPTZ as UTC-adjusted timestamps, strings dictionary-encoded by DuckDB).
-- params: $view, $from_ms, $to_ms, $region as in export_rows; $path VARCHAR (the file to write)
-- result: Count BIGINT (rows written)
COPY (SELECT * FROM export_rows($view, $from_ms, $to_ms, $region)) TO $path (FORMAT parquet, COMPRESSION zstd);
