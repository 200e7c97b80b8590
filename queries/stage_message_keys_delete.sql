-- stage_message_keys_delete: empty the message-key staging table after messages_insert.
-- params: (none)
-- result: (none)
DELETE FROM stage_message_keys;
