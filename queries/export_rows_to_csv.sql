-- export_rows_to_csv: `vsplesk export --format csv`: the rows of export_rows written by DuckDB to $path (UTF-8, a
-- header line, comma-separated; times as 2026-01-10 07:00:00+00, lists as [a, b]).
-- params: $view, $from_ms, $to_ms, $region as in export_rows; $path VARCHAR (the file to write)
-- result: Count BIGINT (rows written)
COPY (SELECT * FROM export_rows($view, $from_ms, $to_ms, $region)) TO $path (FORMAT csv, HEADER true);
