-- stage_dead_letters_delete: empty the dead-letter staging table after its rows were moved.
-- params: (none)
-- result: (none)
DELETE FROM stage_dead_letters;
