-- municipalities_delete: empty the reference table before the gazetteer is appended again (replace on open).
-- params: (none)
-- result: (none)
DELETE FROM municipalities;
