package io.tributary.log;

/**
 * What an append did.
 *
 * @param firstOffset    offset of the first record appended (of the original append, for a duplicate)
 * @param lastOffset     offset of the last record appended
 * @param maxTimestamp   largest timestamp among the appended batches
 * @param logAppendTime  the time stamped on the batches under LogAppendTime, else -1
 * @param logStartOffset the log start offset after the append
 * @param recordCount    number of records appended (0 for a duplicate)
 * @param duplicate      true if the batch repeated an idempotent producer's earlier batch and was not appended
 */
public record LogAppendInfo(long firstOffset,
                            long lastOffset,
                            long maxTimestamp,
                            long logAppendTime,
                            long logStartOffset,
                            int recordCount,
                            boolean duplicate) {
}
