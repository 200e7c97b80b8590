-- alert_feedback_insert: record an analyst's verdict on an alert.
-- params: $alert_id, $municipality, $topic, $label VARCHAR, $note VARCHAR|NULL, $at_ms BIGINT
-- result: (none)
INSERT INTO alert_feedback (alert_id, municipality, topic, label, note, at_ms)
VALUES ($alert_id, $municipality, $topic, $label, $note, $at_ms);
