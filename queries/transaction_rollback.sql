-- transaction_rollback: undo everything a failed writeBatch wrote.
-- params: (none)
-- result: (none)
ROLLBACK;
