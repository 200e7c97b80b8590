-- messages_delete_before: retention of residents' raw texts (config retention.messagesDays): delete the messages
-- whose event time is before the cutoff, in the transaction of the batch that moved the cutoff. Windows, anomalies,
-- alerts and stories are kept; message_keys rows are few and stay.
-- params: $before_ms BIGINT
-- result: (none)
DELETE FROM message_rows WHERE event_time_ms < $before_ms;
