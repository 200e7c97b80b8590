-- export_rows: the rows `vsplesk export --format arrow` streams (chunk by chunk) into an Arrow IPC file.
-- params: $view VARCHAR (export_counts_5m|_hour|_day, export_alerts, export_anomalies, export_stories: see
--         export_views_create), $from_ms BIGINT|NULL, $to_ms BIGINT|NULL (rows overlapping [from_ms, to_ms)),
--         $region VARCHAR|NULL
-- result: the view's columns without its filter_* columns, in time order
SELECT * FROM export_rows($view, $from_ms, $to_ms, $region);
