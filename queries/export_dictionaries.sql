-- export_dictionaries: the distinct values of the code columns (municipality, topic, severity…) among the rows
-- `export_rows` will give: an Arrow IPC file holds one dictionary per column, written before the first batch, so it
-- must be complete before the rows are streamed. NULLs are left out (UNPIVOT drops them); a column with none but
-- NULLs has no row.
-- params: $view, $from_ms, $to_ms, $region as in export_rows; $columns VARCHAR (names, comma-separated; VARCHAR
--         columns of the view, at least one of which it has)
-- result: name VARCHAR, values VARCHAR[] (sorted)
SELECT name, list(DISTINCT value ORDER BY value) AS "values"
FROM (
  UNPIVOT (
    SELECT COLUMNS(c -> list_contains(string_split($columns, ','), c))
    FROM export_filtered($view, $from_ms, $to_ms, $region)
  ) ON COLUMNS(*) INTO NAME name VALUE value
)
GROUP BY name;
