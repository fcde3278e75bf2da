package io.tributary.log;

import io.tributary.protocol.Errors;
import io.tributary.protocol.record.ControlRecordType;
import io.tributary.protocol.record.EndTransactionMarker;
import io.tributary.protocol.record.RecordBatch;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The idempotence and transaction state of one partition, rebuilt from the log: per producer id a
 * {@link ProducerStateEntry}, and the open transactions by first offset (which give the last stable offset).
 *
 * <p>Checks happen before an append and change nothing ({@link #checkClientBatch}, {@link #checkMarker}); the
 * state changes only by {@link #apply}-ing batches that were appended, in offset order — during appends, and
 * the same way when replaying the log at startup or after a truncation. The rules are Kafka's: an older epoch is
 * fenced (INVALID_PRODUCER_EPOCH), a retry of one of the last five batches is a duplicate answered with its
 * original offsets, a gap in sequence numbers is OUT_OF_ORDER_SEQUENCE_NUMBER, a new epoch starts at sequence 0,
 * and a producer the partition knows nothing of (new, or expired) may start at any sequence.
 */
final class ProducerStateManager {

    private final Map<Long, ProducerStateEntry> producers = new HashMap<>();
    private final TreeMap<Long, Long> openTransactions = new TreeMap<>();   // first offset → producer id

    /**
     * Checks a producer's batch before it gets offsets.
     *
     * @return the earlier batch this one repeats (answer with its offsets, append nothing), or null
     * @throws LogException INVALID_PRODUCER_EPOCH or OUT_OF_ORDER_SEQUENCE_NUMBER
     */
    ProducerStateEntry.BatchMetadata checkClientBatch(RecordBatch batch) {
        long producerId = batch.producerId();
        if (producerId < 0) {
            return null;
        }
        ProducerStateEntry entry = producers.get(producerId);
        if (entry == null || entry.epoch < 0) {
            return null;   // unknown producer (new, or its state expired or was truncated): any sequence
        }
        short epoch = batch.producerEpoch();
        if (epoch < entry.epoch) {
            throw new LogException(Errors.INVALID_PRODUCER_EPOCH, "producer " + producerId + " epoch " + epoch
                    + " is older than the current epoch " + entry.epoch);
        }
        int firstSequence = batch.baseSequence();
        if (epoch == entry.epoch) {
            ProducerStateEntry.BatchMetadata duplicate = entry.findDuplicate(firstSequence, batch.lastSequence());
            if (duplicate != null) {
                return duplicate;
            }
            if (entry.lastSequence() >= 0 && !inSequence(entry.lastSequence(), firstSequence)) {
                throw new LogException(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER, "producer " + producerId
                        + " sent sequence " + firstSequence + " after " + entry.lastSequence());
            }
        } else if (firstSequence != 0) {
            throw new LogException(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER, "producer " + producerId + " started epoch "
                    + epoch + " at sequence " + firstSequence + " instead of 0");
        }
        return null;
    }

    /**
     * Checks a transaction marker from a coordinator.
     *
     * @throws LogException INVALID_PRODUCER_EPOCH for an older producer epoch, TRANSACTION_COORDINATOR_FENCED for
     *                      an older coordinator epoch
     */
    void checkMarker(RecordBatch batch, EndTransactionMarker marker) {
        ProducerStateEntry entry = producers.get(batch.producerId());
        if (entry == null) {
            return;
        }
        if (batch.producerEpoch() < entry.epoch) {
            throw new LogException(Errors.INVALID_PRODUCER_EPOCH, "marker for producer " + batch.producerId()
                    + " has epoch " + batch.producerEpoch() + ", older than " + entry.epoch);
        }
        if (marker.coordinatorEpoch() < entry.coordinatorEpoch) {
            throw new LogException(Errors.TRANSACTION_COORDINATOR_FENCED, "marker for producer "
                    + batch.producerId() + " comes from coordinator epoch " + marker.coordinatorEpoch()
                    + ", older than " + entry.coordinatorEpoch);
        }
    }

    /**
     * Checks a coordinator's batch written for a producer (a transactional offset commit): a fenced producer's is
     * refused, so a zombie's late write cannot join the transaction of the producer that replaced it.
     *
     * @throws LogException INVALID_PRODUCER_EPOCH for an epoch older than the producer's current one
     */
    void checkCoordinatorBatch(RecordBatch batch) {
        ProducerStateEntry entry = batch.producerId() < 0 ? null : producers.get(batch.producerId());
        if (entry != null && batch.producerEpoch() < entry.epoch) {
            throw new LogException(Errors.INVALID_PRODUCER_EPOCH, "producer " + batch.producerId() + " epoch "
                    + batch.producerEpoch() + " is older than the current epoch " + entry.epoch);
        }
    }

    private static boolean inSequence(int last, int next) {
        return next == last + 1 || (last == Integer.MAX_VALUE && next == 0);
    }

    /**
     * Records an appended batch.
     *
     * @return the transaction an ABORT marker in this batch closed, to be added to the transaction index; else null
     */
    AbortedTxn apply(BatchFacts batch) {
        if (batch.producerId() < 0) {
            return null;
        }
        ProducerStateEntry entry = producers.computeIfAbsent(batch.producerId(), ProducerStateEntry::new);
        entry.lastTimestamp = Math.max(entry.lastTimestamp, batch.maxTimestamp());
        if (batch.control()) {
            if (batch.producerEpoch() > entry.epoch) {
                entry.epoch = batch.producerEpoch();
                entry.batches.clear();
            }
            EndTransactionMarker marker = batch.marker();
            if (marker == null) {
                return null;
            }
            entry.coordinatorEpoch = Math.max(entry.coordinatorEpoch, marker.coordinatorEpoch());
            long first = entry.currentTxnFirstOffset;
            if (first < 0) {
                return null;   // a marker for a transaction with no records here
            }
            entry.currentTxnFirstOffset = -1;
            openTransactions.remove(first);
            if (marker.type() != ControlRecordType.ABORT) {
                return null;
            }
            OptionalLong stillOpen = firstUnstableOffset();
            return new AbortedTxn(batch.producerId(), first, batch.baseOffset(),
                    stillOpen.isPresent() ? stillOpen.getAsLong() : batch.baseOffset() + 1);
        }
        if (batch.producerEpoch() > entry.epoch) {
            entry.epoch = batch.producerEpoch();
            entry.batches.clear();
        }
        if (batch.baseSequence() >= 0) {
            entry.addBatch(new ProducerStateEntry.BatchMetadata(batch.baseSequence(), batch.lastSequence(),
                    batch.baseOffset(), batch.lastOffset(), batch.maxTimestamp()));
        }
        if (batch.transactional() && entry.currentTxnFirstOffset < 0) {
            entry.currentTxnFirstOffset = batch.baseOffset();
            openTransactions.put(batch.baseOffset(), batch.producerId());
        }
        return null;
    }

    /** The first offset of the oldest open transaction: consumers in read_committed stop below it. */
    OptionalLong firstUnstableOffset() {
        return openTransactions.isEmpty() ? OptionalLong.empty() : OptionalLong.of(openTransactions.firstKey());
    }

    /**
     * Forgets producers silent for longer than {@code expirationMs} ({@code producer.id.expiration.ms}), except those
     * with an open transaction.
     *
     * @return how many were forgotten
     */
    int removeExpired(long nowMs, long expirationMs) {
        int before = producers.size();
        producers.values().removeIf(e -> e.currentTxnFirstOffset < 0 && e.lastTimestamp >= 0
                && nowMs - e.lastTimestamp > expirationMs);
        return before - producers.size();
    }

    void clear() {
        producers.clear();
        openTransactions.clear();
    }

    Collection<ProducerStateEntry> entries() {
        return producers.values();
    }

    ProducerStateEntry entry(long producerId) {
        return producers.get(producerId);
    }

    /** Replaces the state with snapshot entries. */
    void load(List<ProducerStateEntry> entries) {
        clear();
        for (ProducerStateEntry e : entries) {
            producers.put(e.producerId, e);
            if (e.currentTxnFirstOffset >= 0) {
                openTransactions.put(e.currentTxnFirstOffset, e.producerId);
            }
        }
    }

    /** A copy of the state for a snapshot. */
    List<ProducerStateEntry> snapshotEntries() {
        return new ArrayList<>(producers.values());
    }
}
