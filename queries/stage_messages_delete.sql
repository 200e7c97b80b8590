-- stage_messages_delete: empty the message staging table after messages_insert.
-- params: (none)
-- result: (none)
DELETE FROM stage_messages;
