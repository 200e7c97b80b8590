-- tokens_insert: a new API token (its hash only).
-- params: $id, $token_sha256, $role VARCHAR; $region, $municipality, $name VARCHAR|NULL; $created_at_ms BIGINT
-- result: none
INSERT INTO tokens (id, token_sha256, role, region, municipality, name, created_at_ms)
VALUES ($id, $token_sha256, $role, $region, $municipality, $name, $created_at_ms);
