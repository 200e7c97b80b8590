-- stage_term_bursts_delete: empty the term burst staging table after its rows were upserted.
-- params: (none)
-- result: (none)
DELETE FROM stage_term_bursts;
