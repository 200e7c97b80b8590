-- topics_delete: empty the reference table before the taxonomy is appended again (replace on open).
-- params: (none)
-- result: (none)
DELETE FROM topics;
