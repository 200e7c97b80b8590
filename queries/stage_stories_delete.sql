-- stage_stories_delete: empty the story staging table after its rows were upserted.
-- params: (none)
-- result: (none)
DELETE FROM stage_stories;
