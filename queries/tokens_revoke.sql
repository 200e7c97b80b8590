-- tokens_revoke: revokes a token (a second revoke keeps the first time).
-- params: $id VARCHAR, $at_ms BIGINT
-- result: id, revoked_at_ms (no row: no such token)
UPDATE tokens SET revoked_at_ms = coalesce(revoked_at_ms, $at_ms)
WHERE id = $id
RETURNING id, revoked_at_ms;
