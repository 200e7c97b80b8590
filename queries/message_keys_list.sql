-- message_keys_list: every stored message key, loaded when the store opens (new keys get the next key_id).
-- params: (none)
-- result: key_id INTEGER, source, municipality, region, topic, department (NULL = none), geo_method
SELECT key_id, source, municipality, region, topic, department, geo_method
FROM message_keys
ORDER BY key_id;
