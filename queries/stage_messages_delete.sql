-- stage_messages_delete: empty the message staging table after its rows were moved.
-- params: (none)
-- result: (none)
DELETE FROM stage_messages;
