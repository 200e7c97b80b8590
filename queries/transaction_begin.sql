-- transaction_begin: start the transaction one writeBatch runs in.
-- params: (none)
-- result: (none)
BEGIN TRANSACTION;
