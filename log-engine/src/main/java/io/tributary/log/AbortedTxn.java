package io.tributary.log;

/**
 * An aborted transaction, as kept in a segment's {@code .txnindex} and handed to read_committed consumers
 * (Fetch's aborted_transactions) so they can skip its records.
 *
 * @param producerId      the producer whose transaction aborted
 * @param firstOffset     offset of its first record
 * @param lastOffset      offset of its ABORT marker
 * @param lastStableOffset the last stable offset once it completed: the first offset of a transaction still open
 *                        then, or {@code lastOffset + 1}; a search through the index can stop at an entry whose
 *                        value reaches the fetch's upper bound
 */
public record AbortedTxn(long producerId, long firstOffset, long lastOffset, long lastStableOffset) {
}
