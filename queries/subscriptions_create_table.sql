-- subscriptions_create_table: who gets which briefing, how and when (store/subscriptions.ts creates it on first
-- use; idempotent). kind: municipality (a town's briefing) | region (the region's digest); place: its OKTMO or
-- region code. sink: file (target = a directory) | webhook (target = an http(s) URL) | email (target = an
-- address). formats: comma-separated html,md,json,pdf. send_at_min: local minutes after midnight (420 = 07:00).
-- params: none
CREATE TABLE IF NOT EXISTS subscriptions (
  id VARCHAR PRIMARY KEY,
  kind VARCHAR NOT NULL,
  place VARCHAR NOT NULL,
  sink VARCHAR NOT NULL,
  target VARCHAR NOT NULL,
  formats VARCHAR NOT NULL,
  send_at_min INTEGER NOT NULL,
  enabled BOOLEAN NOT NULL,
  created_at_ms BIGINT NOT NULL
);
