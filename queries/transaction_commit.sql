-- transaction_commit: commit a writeBatch.
-- params: (none)
-- result: (none)
COMMIT;
