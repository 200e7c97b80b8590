-- tokens_touch: records when a token was last used.
-- params: $id VARCHAR, $at_ms BIGINT
-- result: none
UPDATE tokens SET last_used_at_ms = greatest(coalesce(last_used_at_ms, $at_ms), $at_ms)
WHERE id = $id;
