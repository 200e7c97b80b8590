-- incidents_list: one page of incidents — alert groups (one municipality's alerts of one story filed under several
-- topics: src/detect/alerts.ts groupId) — most recently opened first. An incident matches when one of its alerts
-- (head or member) matches every filter of alerts_list, so topic=housing finds a gas incident with a housing member.
-- It reads as its head (id = group_id; for a group whose head is not stored, its earliest alert, so no alert is
-- ever unlisted) with the group's strongest severity and response time, open while any alert is, its latest end.
-- params: as alerts_list
-- result: alerts_list's columns, where severity, respond_within_min, status, end_ms, last_detected_at_ms and
--         closed_at_ms (NULL while open) are the group's; topics VARCHAR[] (the head's first, then the members' by
--         their first start); members (JSON text: [{id, topic, topic_name, severity, start_ms, end_ms,
--         peak_observed, status}] by start, then id — the group's other alerts, whatever the filters)
WITH placed AS (
  SELECT a.*, m.name AS municipality_name, m.region, m.region_name, t.name_ru AS topic_name,
    row_number() OVER (PARTITION BY a.group_id ORDER BY a.id = a.group_id DESC, a.start_ms, a.id) = 1 AS is_head
  FROM alerts a
  LEFT JOIN municipalities m ON m.code = a.municipality
  LEFT JOIN topics t ON t.id = a.topic
  -- A group lies in one municipality: the place narrows whole groups.
  WHERE ($municipality IS NULL OR a.municipality = $municipality)
    AND ($region IS NULL OR m.region = $region)
),
matched AS (
  SELECT DISTINCT group_id
  FROM placed
  WHERE ($from_ms IS NULL OR end_ms > $from_ms)
    AND ($to_ms IS NULL OR start_ms < $to_ms)
    AND ($topic IS NULL OR topic = $topic)
    AND ($severity IS NULL OR severity = $severity)
    AND ($status IS NULL OR status = $status)
    AND ($expected IS NULL OR (cause_id IS NOT NULL) = $expected)
),
grouped AS (
  SELECT p.group_id,
    max(CASE p.severity WHEN 'critical' THEN 3 WHEN 'high' THEN 2 ELSE 1 END) AS severity_rank,
    min(p.respond_within_min) AS respond_within_min,
    bool_or(p.status = 'open') AS any_open,
    max(p.end_ms) AS end_ms,
    max(p.last_detected_at_ms) AS last_detected_at_ms,
    max(p.closed_at_ms) AS closed_at_ms,
    coalesce(
      list(
        {'id': p.id, 'topic': p.topic, 'topic_name': p.topic_name, 'severity': p.severity,
         'start_ms': p.start_ms, 'end_ms': p.end_ms, 'peak_observed': p.peak_observed, 'status': p.status}
        ORDER BY p.start_ms, p.id
      ) FILTER (WHERE NOT p.is_head),
      []
    ) AS members
  FROM placed p
  WHERE p.group_id IN (SELECT group_id FROM matched)
  GROUP BY p.group_id
),
topic_order AS (
  -- Each topic once: the head's first, then the others by when they were first flagged.
  SELECT p.group_id, list(p.topic ORDER BY p.head_topic DESC, p.first_start_ms, p.topic) AS topics
  FROM (
    SELECT group_id, topic, bool_or(is_head) AS head_topic, min(start_ms) AS first_start_ms
    FROM placed
    WHERE group_id IN (SELECT group_id FROM matched)
    GROUP BY group_id, topic
  ) p
  GROUP BY p.group_id
)
SELECT h.id, h.municipality, h.municipality_name, h.region, h.region_name, h.topic, h.topic_name,
  CASE WHEN g.any_open THEN 'open' ELSE 'closed' END AS status,
  CASE g.severity_rank WHEN 3 THEN 'critical' WHEN 2 THEN 'high' ELSE 'normal' END AS severity,
  g.respond_within_min, h.start_ms, g.end_ms, h.first_detected_at_ms, g.last_detected_at_ms,
  CASE WHEN g.any_open THEN NULL ELSE g.closed_at_ms END AS closed_at_ms, h.windows, h.peak_observed,
  h.peak_expected, h.peak_per_10k, h.min_p_value, h.max_score, h.cause_id, h.cause_kind, h.cause_label, h.group_id,
  h.region_group_id, h.terms, h.kind, h.districts, o.topics, to_json(g.members)::VARCHAR AS members
FROM placed h
JOIN grouped g ON g.group_id = h.group_id
JOIN topic_order o ON o.group_id = h.group_id
WHERE h.is_head
ORDER BY h.first_detected_at_ms DESC, h.id
LIMIT $limit OFFSET $offset;
