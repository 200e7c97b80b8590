-- stage_alerts_delete: empty the alert staging table after its rows were upserted.
-- params: (none)
-- result: (none)
DELETE FROM stage_alerts;
