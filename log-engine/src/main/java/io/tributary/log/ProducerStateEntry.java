package io.tributary.log;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a partition remembers of one producer id: its epoch, the last five batches it wrote (sequence range and
 * offsets, so a retry is recognised and answered with its original offsets), the epoch of the transaction
 * coordinator that last wrote a marker for it, its latest timestamp (for expiry) and the first offset of its open
 * transaction, if any.
 */
final class ProducerStateEntry {

    /** How many batches per producer are remembered: the most a producer keeps in flight (5). */
    static final int MAX_BATCHES = 5;

    /** One remembered batch. */
    record BatchMetadata(int firstSequence, int lastSequence, long firstOffset, long lastOffset, long timestamp) {
    }

    final long producerId;
    short epoch = -1;
    int coordinatorEpoch = -1;
    long lastTimestamp = -1;
    long currentTxnFirstOffset = -1;
    final Deque<BatchMetadata> batches = new ArrayDeque<>(MAX_BATCHES);

    ProducerStateEntry(long producerId) {
        this.producerId = producerId;
    }

    /** The remembered batch with exactly this sequence range, or null. */
    BatchMetadata findDuplicate(int firstSequence, int lastSequence) {
        for (BatchMetadata b : batches) {
            if (b.firstSequence() == firstSequence && b.lastSequence() == lastSequence) {
                return b;
            }
        }
        return null;
    }

    int lastSequence() {
        return batches.isEmpty() ? -1 : batches.peekLast().lastSequence();
    }

    long lastOffset() {
        return batches.isEmpty() ? -1 : batches.peekLast().lastOffset();
    }

    void addBatch(BatchMetadata batch) {
        if (batches.size() == MAX_BATCHES) {
            batches.removeFirst();
        }
        batches.addLast(batch);
    }
}
