-- deliveries_create_table: one row per (subscription, local date) briefed (store/deliveries.ts creates it on first
-- use; idempotent). delivery_id: the idempotency key receivers see (webhook header, e-mail Message-ID), the same
-- on every attempt. state: pending (recorded before sending) | sent | failed. attempts: delivery rounds begun
-- (each round is a sink's own bounded retries). messages_count: the day's messages the briefing counted (late
-- data: the next briefing compares). payload: what was built (the Briefing or RegionDigest JSON), kept from the first
-- round so a re-send carries the same content. Times are epoch ms.
-- params: none
CREATE TABLE IF NOT EXISTS deliveries (
  subscription_id VARCHAR NOT NULL,
  date VARCHAR NOT NULL,
  delivery_id VARCHAR NOT NULL,
  state VARCHAR NOT NULL,
  attempts INTEGER NOT NULL,
  last_error VARCHAR,
  messages_count BIGINT,
  payload VARCHAR,
  due_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL,
  sent_at_ms BIGINT,
  PRIMARY KEY (subscription_id, date)
);
