-- tokens_create_table: the API tokens (store/tokens.ts creates it on open; idempotent). Only a token's SHA-256 is
-- kept, never the token. role: admin | analyst | head | planner; region/municipality: its scope (NULL = none).
-- params: none
CREATE TABLE IF NOT EXISTS tokens (
  id VARCHAR PRIMARY KEY,
  token_sha256 VARCHAR NOT NULL UNIQUE,
  role VARCHAR NOT NULL,
  region VARCHAR,
  municipality VARCHAR,
  name VARCHAR,
  created_at_ms BIGINT NOT NULL,
  revoked_at_ms BIGINT,
  last_used_at_ms BIGINT
);
