-- dead_letters_delete_before: retention of dead letters' raw bytes (they may hold a resident's text): delete those
-- stored before the cutoff (at_ms: when they were stored).
-- params: $before_ms BIGINT
-- result: (none)
DELETE FROM dead_letters WHERE at_ms < $before_ms;
