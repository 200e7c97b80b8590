-- stage_counts_delete: empty the window staging table after its rows were upserted.
-- params: (none)
-- result: (none)
DELETE FROM stage_counts;
