-- incidents_members: the other alerts of the incident a head alert leads (as incidents_list lists its members), by
-- start, then id.
-- params: $head_id VARCHAR (the head: its id is the group's id)
-- result: id, topic, topic_name, severity, start_ms, end_ms, peak_observed, status
SELECT a.id, a.topic, t.name_ru AS topic_name, a.severity, a.start_ms, a.end_ms, a.peak_observed, a.status
FROM alerts a
LEFT JOIN topics t ON t.id = a.topic
WHERE a.group_id = $head_id AND a.id <> $head_id
ORDER BY a.start_ms, a.id;
