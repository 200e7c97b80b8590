-- stage_anomalies_delete: empty the anomaly staging table after its rows were upserted.
-- params: (none)
-- result: (none)
DELETE FROM stage_anomalies;
