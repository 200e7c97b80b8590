-- alert_feedback_by_alert: the verdicts given on one alert, oldest first.
-- params: $alert_id VARCHAR
-- result: label VARCHAR, note VARCHAR|NULL, at_ms BIGINT
SELECT label, note, at_ms
FROM alert_feedback
WHERE alert_id = $alert_id
ORDER BY at_ms, rowid;
