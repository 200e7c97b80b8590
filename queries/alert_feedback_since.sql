-- alert_feedback_since: verdicts recorded after a time, oldest first (a pipeline applies them to its detectors).
-- params: $after_ms BIGINT
-- result: municipality, topic, label VARCHAR, at_ms BIGINT
SELECT municipality, topic, label, at_ms
FROM alert_feedback
WHERE at_ms > $after_ms
ORDER BY at_ms, rowid;
