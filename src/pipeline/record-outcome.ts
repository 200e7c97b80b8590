/** What became of a record in a batch (its entry in `Processor.process`'s `outcomes`). */
export const RECORD_OUTCOME = { dropped: 0, message: 1, late: 2, deadLetter: 3 } as const;
