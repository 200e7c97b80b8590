-- tokens_list: every API token, oldest first (revoked ones included).
-- params: none
-- result: id, token_sha256, role, region, municipality, name, created_at_ms, revoked_at_ms, last_used_at_ms
SELECT id, token_sha256, role, region, municipality, name, created_at_ms, revoked_at_ms, last_used_at_ms
FROM tokens
ORDER BY created_at_ms, id;
