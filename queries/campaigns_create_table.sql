-- campaigns_create_table: preventive campaigns registered by planners (store/campaigns.ts creates it on open;
-- idempotent). from_day/to_day: local calendar days (days since 1970-01-01), to_day inclusive.
-- params: none
CREATE TABLE IF NOT EXISTS campaigns (
  id VARCHAR PRIMARY KEY,
  municipality VARCHAR NOT NULL,
  region VARCHAR NOT NULL,
  topic VARCHAR NOT NULL,
  from_day BIGINT NOT NULL,
  to_day BIGINT NOT NULL,
  description VARCHAR NOT NULL,
  created_at_ms BIGINT NOT NULL
);
