package io.tributary.connect.worker;

import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.TransactionContext;

/**
 * What a task with {@code transaction.boundary=connector} gets from {@code SourceTaskContext.transactionContext()}:
 * it asks for a commit or an abort after the current batch, or after a given record; the task's runner asks after
 * each record and each batch. Thread-safe (a task may call it from threads of its own). Asking both to commit and to
 * abort one batch or record fails the task: guessing which was meant could lose data.
 */
final class WorkerTransactionContext implements TransactionContext {

    private final Set<SourceRecord> commitOn = new HashSet<>();
    private final Set<SourceRecord> abortOn = new HashSet<>();
    private boolean commitBatch;
    private boolean abortBatch;

    @Override
    public synchronized void commitTransaction() {
        commitBatch = true;
    }

    @Override
    public synchronized void commitTransaction(SourceRecord record) {
        commitOn.add(Objects.requireNonNull(record, "Source record used to define transaction boundaries may not be null"));
    }

    @Override
    public synchronized void abortTransaction() {
        abortBatch = true;
    }

    @Override
    public synchronized void abortTransaction(SourceRecord record) {
        abortOn.add(Objects.requireNonNull(record, "Source record used to define transaction boundaries may not be null"));
    }

    /** Whether the task asked to commit after this batch; the request is consumed. */
    synchronized boolean shouldCommitBatch() {
        checkBatch();
        boolean result = commitBatch;
        commitBatch = false;
        return result;
    }

    synchronized boolean shouldAbortBatch() {
        checkBatch();
        boolean result = abortBatch;
        abortBatch = false;
        return result;
    }

    /** Whether the task asked to commit once this record is sent; the request is consumed. */
    synchronized boolean shouldCommitOn(SourceRecord record) {
        checkRecord(record);
        return commitOn.remove(record);
    }

    synchronized boolean shouldAbortOn(SourceRecord record) {
        checkRecord(record);
        return abortOn.remove(record);
    }

    private void checkBatch() {
        if (commitBatch && abortBatch) {
            throw new IllegalStateException("Connector requested both commit and abort of same transaction");
        }
    }

    private void checkRecord(SourceRecord record) {
        if (commitOn.contains(record) && abortOn.contains(record)) {
            throw new IllegalStateException(String.format("Connector requested both commit and abort of same record "
                    + "against topic/partition %s/%s", record.topic(), record.kafkaPartition()));
        }
    }
}
