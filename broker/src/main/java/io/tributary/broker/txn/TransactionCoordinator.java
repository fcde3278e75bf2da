package io.tributary.broker.txn;

import io.tributary.log.LogException;
import io.tributary.log.TopicPartition;
import io.tributary.protocol.Errors;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The transaction coordinator (Kafka's transaction protocol, version 1): the state of every transactional id whose
 * {@code __transaction_state} partition this broker leads, changed only by records written to that partition.
 *
 * <p>Single-threaded: every method runs on the coordinator's thread with the time passed in, and continuations
 * of asynchronous steps (a new producer id, markers) come back through {@code self}. A change is written first and
 * applied once written, so the state in memory is always what a reload would rebuild.
 *
 * <p>Ending a transaction: the decision (PrepareCommit/PrepareAbort) is written, then a marker goes to every
 * partition in the transaction, then CompleteCommit/CompleteAbort is written. EndTxn is answered once the
 * transaction is complete, or — if some marker must be retried — once the decision is written; until it is
 * complete, requests for the id answer CONCURRENT_TRANSACTIONS. A reload finishes decided transactions by sending
 * their markers again (a partition that already has its marker gets a harmless second one).
 */
public final class TransactionCoordinator {

    private static final Logger LOG = Logger.getLogger(TransactionCoordinator.class.getName());
    static final long MARKER_RETRY_MS = 100;

    /** The answer to InitProducerId. */
    public record InitResult(Errors error, long producerId, short producerEpoch) {
        static InitResult failed(Errors error) {
            return new InitResult(error, -1, (short) -1);
        }
    }

    /** The answer to EndTxn: with transactions version 2, the producer id and epoch to use next. */
    public record EndResult(Errors error, long producerId, short producerEpoch) {
        static EndResult failed(Errors error) {
            return new EndResult(error, -1, (short) -1);
        }

        static EndResult of(TransactionMetadata state) {
            return new EndResult(Errors.NONE, state.producerId(), state.producerEpoch());
        }
    }

    /** Writes markers for one transaction; the answer holds each partition's error. */
    interface MarkerWriter {
        CompletableFuture<Map<TopicPartition, Errors>> write(TransactionMetadata txn, boolean commit,
                                                             int coordinatorEpoch, Collection<TopicPartition> targets,
                                                             long nowMs);
    }

    /** A decided transaction whose markers are not all written yet. */
    private static final class Ending {
        final TransactionMetadata prepared;
        final Set<TopicPartition> outstanding;
        final List<CompletableFuture<EndResult>> waiters = new ArrayList<>();
        long retryAtMs = Long.MAX_VALUE;
        boolean inFlight;

        /** A version 2 end at the last epoch: the transaction completes under a new producer id. */
        final boolean rotate;

        Ending(TransactionMetadata prepared, boolean rotate) {
            this.prepared = prepared;
            this.outstanding = new HashSet<>(prepared.partitions());
            this.rotate = rotate;
        }

        boolean commit() {
            return prepared.state() == TransactionState.PREPARE_COMMIT;
        }
    }

    private final TransactionConfig config;
    private final TransactionLog log;
    private final MarkerWriter markers;
    private final Supplier<CompletableFuture<Long>> producerIds;
    private final ToIntFunction<String> partitionOf;
    private final Executor self;
    private final Clock clock;
    private final Map<Integer, Integer> loaded = new HashMap<>();          // state partition → coordinator epoch
    private final Map<String, TransactionMetadata> transactions = new HashMap<>();
    private final Map<String, Ending> ending = new HashMap<>();
    private long nextAbortSweepMs;
    private long nextExpirySweepMs;

    /**
     * @param producerIds a new producer id (completes on any thread)
     * @param partitionOf the {@code __transaction_state} partition of a transactional id, or -1 if the topic is missing
     * @param self        runs a task on the coordinator's thread
     * @param clock       the time for continuations (every other method is given it)
     */
    TransactionCoordinator(TransactionConfig config, TransactionLog log, MarkerWriter markers,
                           Supplier<CompletableFuture<Long>> producerIds, ToIntFunction<String> partitionOf,
                           Executor self, Clock clock) {
        this.config = config;
        this.log = log;
        this.markers = markers;
        this.producerIds = producerIds;
        this.partitionOf = partitionOf;
        this.self = self;
        this.clock = clock;
    }

    /** NONE if this coordinator owns the id, else the error to answer (NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE). */
    public Errors status(String transactionalId) {
        int partition = partitionOf.applyAsInt(transactionalId);
        if (partition < 0) {
            return Errors.COORDINATOR_NOT_AVAILABLE;
        }
        return loaded.containsKey(partition) ? Errors.NONE : Errors.NOT_COORDINATOR;
    }

    /** The current state of a transactional id this coordinator owns, or null. */
    public TransactionMetadata transaction(String transactionalId) {
        return transactions.get(transactionalId);
    }

    /** Every transactional id this coordinator owns. */
    public Collection<TransactionMetadata> transactions() {
        return List.copyOf(transactions.values());
    }

    // ---------------------------------------------------------------- InitProducerId

    /**
     * InitProducerId with a transactional id: a new producer id at epoch 0 for a new id, else the next epoch (which
     * fences older producers); an open transaction is aborted first (the client is told CONCURRENT_TRANSACTIONS and
     * asks again). {@code expectedProducerId}/{@code expectedEpoch} (KIP-360, -1 if absent) name the producer the
     * client had: a retry of a bump that already happened gets the current epoch back.
     */
    public CompletableFuture<InitResult> initProducerId(String transactionalId, int timeoutMs,
                                                        long expectedProducerId, short expectedEpoch, long nowMs) {
        if (timeoutMs <= 0 || timeoutMs > config.maxTimeoutMs()) {
            return done(InitResult.failed(Errors.INVALID_TRANSACTION_TIMEOUT));
        }
        Errors status = status(transactionalId);
        if (status != Errors.NONE) {
            return done(InitResult.failed(status));
        }
        TransactionMetadata current = transactions.get(transactionalId);
        if (current == null) {
            // An expected producer is no obstacle (Kafka's rule): a producer whose id expired starts over.
            return producerIds.get().thenComposeAsync(id -> initNew(transactionalId, id, timeoutMs, nowMs), self);
        }
        if (ending.containsKey(transactionalId)) {
            return done(InitResult.failed(Errors.CONCURRENT_TRANSACTIONS));
        }
        boolean retryOfRotation = expectedProducerId == current.previousProducerId()
                && expectedEpoch >= TransactionMetadata.MAX_EPOCH && expectedEpoch == current.lastProducerEpoch();
        if (expectedProducerId >= 0 && !retryOfRotation && !(expectedProducerId == current.producerId()
                && (expectedEpoch == current.producerEpoch() || expectedEpoch == current.lastProducerEpoch()))) {
            return done(InitResult.failed(Errors.PRODUCER_FENCED));
        }
        switch (current.state()) {
            case ONGOING -> {
                // A producer restarted (or another took over the id) mid-transaction: fence the old epoch and abort.
                EndResult aborting = endTransaction(fenced(current, nowMs), false, false, nowMs).getNow(null);
                return done(InitResult.failed(aborting == null || aborting.error() == Errors.NONE
                        ? Errors.CONCURRENT_TRANSACTIONS : aborting.error()));
            }
            case EMPTY, COMPLETE_COMMIT, COMPLETE_ABORT -> {
                if (expectedProducerId >= 0 && expectedEpoch == current.lastProducerEpoch()
                        && expectedEpoch != current.producerEpoch()) {
                    return done(new InitResult(Errors.NONE, current.producerId(), current.producerEpoch()));
                }
                if (current.epochExhausted()) {
                    return producerIds.get().thenApplyAsync(id -> {
                        TransactionMetadata again = transactions.get(transactionalId);
                        if (again != current) {
                            return InitResult.failed(Errors.CONCURRENT_TRANSACTIONS);
                        }
                        return written(current.withNewProducerId(id, expectedProducerId >= 0, nowMs)
                                .initialized(timeoutMs, nowMs), nowMs);
                    }, self);
                }
                TransactionMetadata bumped = current.bumpedEpoch(TransactionState.EMPTY, nowMs)
                        .initialized(timeoutMs, nowMs);
                // Only a KIP-360 bump remembers the epoch it replaced: a new producer fences the old one for good.
                return done(written(expectedProducerId >= 0 ? bumped : bumped.withoutLastEpoch(), nowMs));
            }
            default -> {
                return done(InitResult.failed(Errors.CONCURRENT_TRANSACTIONS));
            }
        }
    }

    private CompletableFuture<InitResult> initNew(String transactionalId, long producerId, int timeoutMs,
                                                  long nowMs) {
        Errors status = status(transactionalId);
        if (status != Errors.NONE) {
            return done(InitResult.failed(status));
        }
        if (transactions.containsKey(transactionalId)) {
            return done(InitResult.failed(Errors.CONCURRENT_TRANSACTIONS));   // two first calls raced; ask again
        }
        return done(written(TransactionMetadata.fresh(transactionalId, producerId, timeoutMs, nowMs), nowMs));
    }

    private InitResult written(TransactionMetadata next, long nowMs) {
        Errors error = write(next, nowMs);
        return error == Errors.NONE ? new InitResult(Errors.NONE, next.producerId(), next.producerEpoch())
                : InitResult.failed(error);
    }

    /**
     * The transaction with its producer's epoch bumped, so the producer can no longer write, and no last epoch, so
     * it cannot claim the new one. Producers never get {@code Short.MAX_VALUE}: it is kept for this bump.
     */
    private static TransactionMetadata fenced(TransactionMetadata ongoing, long nowMs) {
        TransactionMetadata fence = ongoing.producerEpoch() == Short.MAX_VALUE
                ? ongoing.to(TransactionState.PREPARE_EPOCH_FENCE, nowMs)
                : ongoing.bumpedEpoch(TransactionState.PREPARE_EPOCH_FENCE, nowMs);
        return fence.withoutLastEpoch();
    }

    // ---------------------------------------------------------------- AddPartitionsToTxn, AddOffsetsToTxn

    /** Adds partitions to the producer's transaction, beginning one if none is open. */
    public Errors addPartitions(String transactionalId, long producerId, short producerEpoch,
                                Set<TopicPartition> partitions, long nowMs) {
        Errors error = checkProducer(transactionalId, producerId, producerEpoch);
        if (error != Errors.NONE) {
            return error;
        }
        TransactionMetadata current = transactions.get(transactionalId);
        if (!current.state().isSettled() && current.state() != TransactionState.ONGOING) {
            return Errors.CONCURRENT_TRANSACTIONS;
        }
        if (current.hasAll(partitions)) {
            return Errors.NONE;
        }
        return write(current.withPartitions(partitions, nowMs), nowMs);
    }

    /** Whether every partition is in the producer's open transaction (AddPartitionsToTxn's verify-only form). */
    public Errors verifyPartitions(String transactionalId, long producerId, short producerEpoch,
                                   Set<TopicPartition> partitions) {
        Errors error = checkProducer(transactionalId, producerId, producerEpoch);
        if (error != Errors.NONE) {
            return error;
        }
        return transactions.get(transactionalId).hasAll(partitions) ? Errors.NONE : Errors.INVALID_TXN_STATE;
    }

    private Errors checkProducer(String transactionalId, long producerId, short producerEpoch) {
        Errors status = status(transactionalId);
        if (status != Errors.NONE) {
            return status;
        }
        TransactionMetadata current = transactions.get(transactionalId);
        if (current == null || current.producerId() != producerId) {
            return Errors.INVALID_PRODUCER_ID_MAPPING;
        }
        if (current.producerEpoch() != producerEpoch) {
            return Errors.PRODUCER_FENCED;
        }
        return ending.containsKey(transactionalId) ? Errors.CONCURRENT_TRANSACTIONS : Errors.NONE;
    }

    // ---------------------------------------------------------------- EndTxn

    /** EndTxn of transactions version 1 (below v5): the answer's error. */
    public CompletableFuture<Errors> endTxn(String transactionalId, long producerId, short producerEpoch,
                                            boolean commit, long nowMs) {
        return endTxn(transactionalId, producerId, producerEpoch, commit, false, nowMs).thenApply(EndResult::error);
    }

    /**
     * Commits or aborts the producer's transaction; a retry of an end already made answers as it did. With
     * transactions version 2 ({@code v2}: EndTxn v5+) every end bumps the producer's epoch — the markers carry the
     * new one, which fences the old in every partition — and the answer names the producer id and epoch to use
     * next (a new producer id once the epochs run out); ending a transaction with nothing in it just bumps.
     */
    public CompletableFuture<EndResult> endTxn(String transactionalId, long producerId, short producerEpoch,
                                               boolean commit, boolean v2, long nowMs) {
        Errors status = status(transactionalId);
        if (status != Errors.NONE) {
            return done(EndResult.failed(status));
        }
        TransactionMetadata current = transactions.get(transactionalId);
        if (current == null) {
            return done(EndResult.failed(Errors.INVALID_PRODUCER_ID_MAPPING));
        }
        if (v2 && isRetryOfV2End(current, producerId, producerEpoch, commit) && !ending.containsKey(transactionalId)) {
            return done(EndResult.of(current));
        }
        if (current.producerId() != producerId) {
            return done(EndResult.failed(Errors.INVALID_PRODUCER_ID_MAPPING));
        }
        if (current.producerEpoch() != producerEpoch) {
            return done(EndResult.failed(Errors.PRODUCER_FENCED));
        }
        return switch (current.state()) {
            case ONGOING -> endTransaction(current, commit, v2, nowMs);
            case EMPTY, COMPLETE_COMMIT, COMPLETE_ABORT -> {
                if (v2) {
                    yield endTransaction(current, commit, true, nowMs);   // an empty transaction: only the bump
                }
                boolean same = current.state() == (commit ? TransactionState.COMPLETE_COMMIT
                        : TransactionState.COMPLETE_ABORT);
                yield done(same ? EndResult.of(current) : EndResult.failed(Errors.INVALID_TXN_STATE));
            }
            case PREPARE_COMMIT -> done(EndResult.failed(commit ? Errors.CONCURRENT_TRANSACTIONS
                    : Errors.INVALID_TXN_STATE));
            case PREPARE_ABORT -> done(EndResult.failed(commit ? Errors.INVALID_TXN_STATE
                    : Errors.CONCURRENT_TRANSACTIONS));
            case DEAD, PREPARE_EPOCH_FENCE -> done(EndResult.failed(Errors.CONCURRENT_TRANSACTIONS));
        };
    }

    /** A version 2 EndTxn repeated after it completed: the producer still names the id and epoch it ended with. */
    private static boolean isRetryOfV2End(TransactionMetadata current, long producerId, short producerEpoch,
                                          boolean commit) {
        if (current.state() != (commit ? TransactionState.COMPLETE_COMMIT : TransactionState.COMPLETE_ABORT)) {
            return false;
        }
        return producerId == current.producerId() && producerEpoch == current.producerEpoch() - 1
                || producerId == current.previousProducerId() && producerEpoch >= TransactionMetadata.MAX_EPOCH
                && current.producerEpoch() == 0;
    }

    /**
     * Writes the decision, then sends the markers; the answer comes once complete (or, if markers need retries,
     * once decided). {@code bump}: the decision carries the next epoch (version 2).
     */
    private CompletableFuture<EndResult> endTransaction(TransactionMetadata open, boolean commit, boolean bump,
                                                        long nowMs) {
        TransactionState decision = commit ? TransactionState.PREPARE_COMMIT : TransactionState.PREPARE_ABORT;
        TransactionMetadata prepared = bump && open.producerEpoch() < Short.MAX_VALUE
                ? open.bumpedEpoch(decision, nowMs).withoutLastEpoch() : open.to(decision, nowMs);
        Errors error = write(prepared, nowMs);
        if (error != Errors.NONE) {
            return done(EndResult.failed(error));
        }
        Ending e = new Ending(prepared, bump && prepared.producerEpoch() == Short.MAX_VALUE);
        CompletableFuture<EndResult> answer = new CompletableFuture<>();
        e.waiters.add(answer);
        ending.put(prepared.transactionalId(), e);
        sendMarkers(e, nowMs);
        return answer;
    }

    private void sendMarkers(Ending e, long nowMs) {
        String id = e.prepared.transactionalId();
        Integer coordinatorEpoch = loaded.get(partitionOf.applyAsInt(id));
        if (coordinatorEpoch == null) {
            return;   // unloaded meanwhile: the next coordinator finishes it
        }
        if (e.outstanding.isEmpty()) {
            markersWritten(e, Map.of(), null);   // every marker written, the completion still to be
            return;
        }
        e.inFlight = true;
        e.retryAtMs = Long.MAX_VALUE;
        markers.write(e.prepared, e.commit(), coordinatorEpoch, List.copyOf(e.outstanding), nowMs)
                .whenCompleteAsync((results, failure) -> markersWritten(e, results, failure), self);
    }

    private void markersWritten(Ending e, Map<TopicPartition, Errors> results, Throwable failure) {
        e.inFlight = false;
        if (ending.get(e.prepared.transactionalId()) != e) {
            return;   // unloaded meanwhile
        }
        if (failure != null) {
            LOG.log(Level.WARNING, "writing markers for " + e.prepared.transactionalId() + " failed", failure);
        } else {
            results.forEach((tp, error) -> {
                if (error == Errors.NONE || error == Errors.UNKNOWN_TOPIC_OR_PARTITION) {
                    e.outstanding.remove(tp);   // written, or the topic is gone
                }
            });
        }
        long now = clock.millis();
        if (!e.outstanding.isEmpty()) {
            e.retryAtMs = now + MARKER_RETRY_MS;
            if (!e.rotate) {
                answer(e, EndResult.of(e.prepared));   // the decision is durable; the markers follow
            }
            return;
        }
        TransactionMetadata complete = e.prepared.to(e.commit() ? TransactionState.COMPLETE_COMMIT
                : TransactionState.COMPLETE_ABORT, now);
        if (!e.rotate) {
            complete(e, complete, now);
            return;
        }
        e.inFlight = true;
        producerIds.get().whenCompleteAsync((id, idFailure) -> {
            e.inFlight = false;
            if (ending.get(e.prepared.transactionalId()) != e) {
                return;
            }
            if (idFailure != null) {
                e.retryAtMs = clock.millis() + MARKER_RETRY_MS;
            } else {
                complete(e, complete.rotated(id, clock.millis()), clock.millis());
            }
        }, self);
    }

    /** Writes the completion; a failed write is retried (left undone, the id would stay decided until a reload). */
    private void complete(Ending e, TransactionMetadata complete, long now) {
        Errors error = write(complete, now);
        if (error != Errors.NONE) {
            LOG.warning("completing the transaction of " + e.prepared.transactionalId() + " failed: " + error
                    + "; retrying");
            e.retryAtMs = now + MARKER_RETRY_MS;
            if (!e.rotate) {
                answer(e, EndResult.of(e.prepared));
            }
            return;
        }
        ending.remove(e.prepared.transactionalId());
        answer(e, EndResult.of(complete));
    }

    private static void answer(Ending e, EndResult result) {
        for (CompletableFuture<EndResult> w : e.waiters) {
            w.complete(result);
        }
        e.waiters.clear();
    }

    // ---------------------------------------------------------------- load, unload, timeouts

    /** Rebuilds the state of one {@code __transaction_state} partition, then finishes its decided transactions. */
    public void load(int partition, int coordinatorEpoch, long nowMs) {
        unload(partition);
        Map<String, TransactionMetadata> found = new HashMap<>();
        log.replay(partition, (key, value) -> {
            String id = TransactionLogRecords.readKey(key);
            if (id == null) {
                return;
            }
            if (value == null) {
                found.remove(id);
                return;
            }
            TransactionMetadata m;
            try {
                m = TransactionLogRecords.readValue(id, value);
            } catch (RuntimeException e) {   // a value cut short or with an unknown state: keep the last good one
                LOG.warning("skipping an unreadable state record of " + id + " in " + TransactionStateTopic.NAME
                        + "-" + partition + ": " + e);
                return;
            }
            if (m != null) {
                found.put(id, m);
            }
        });
        transactions.putAll(found);
        loaded.put(partition, coordinatorEpoch);
        for (TransactionMetadata m : found.values()) {
            if (m.state() == TransactionState.PREPARE_COMMIT || m.state() == TransactionState.PREPARE_ABORT) {
                Ending e = new Ending(m, false);
                ending.put(m.transactionalId(), e);
                sendMarkers(e, nowMs);
            }
        }
        LOG.fine(() -> "loaded " + found.size() + " transactional ids from " + TransactionStateTopic.NAME + "-"
                + partition);
    }

    /** Forgets the transactional ids of a partition this broker no longer leads. */
    public void unload(int partition) {
        if (loaded.remove(partition) == null) {
            return;
        }
        transactions.keySet().removeIf(id -> partitionOf.applyAsInt(id) == partition);
        ending.entrySet().removeIf(en -> {
            if (partitionOf.applyAsInt(en.getKey()) == partition) {
                answer(en.getValue(), EndResult.failed(Errors.NOT_COORDINATOR));
                return true;
            }
            return false;
        });
    }

    /**
     * Aborts transactions open past their timeout (fencing their producer), forgets transactional ids idle past
     * {@code transactional.id.expiration.ms}, retries markers.
     *
     * @return when to be called next
     */
    public long poll(long nowMs) {
        if (nowMs >= nextAbortSweepMs) {
            nextAbortSweepMs = nowMs + config.abortTimedOutIntervalMs();
            for (TransactionMetadata m : List.copyOf(transactions.values())) {
                if (m.state() == TransactionState.ONGOING && !ending.containsKey(m.transactionalId())
                        && m.startMs() >= 0 && nowMs - m.startMs() > m.timeoutMs()) {
                    LOG.info("aborting the transaction of " + m.transactionalId() + " (producer " + m.producerId()
                            + "): open for longer than its timeout of " + m.timeoutMs() + " ms");
                    endTransaction(fenced(m, nowMs), false, false, nowMs);
                }
            }
        }
        if (nowMs >= nextExpirySweepMs) {
            nextExpirySweepMs = nowMs + config.removeExpiredIntervalMs();
            for (TransactionMetadata m : List.copyOf(transactions.values())) {
                if (m.state().isSettled() && nowMs - m.lastUpdateMs() > config.idExpirationMs()) {
                    expire(m, nowMs);
                }
            }
        }
        long next = Math.min(nextAbortSweepMs, nextExpirySweepMs);
        for (Ending e : List.copyOf(ending.values())) {
            if (!e.inFlight && e.retryAtMs <= nowMs) {
                sendMarkers(e, nowMs);
            }
            next = Math.min(next, e.retryAtMs);
        }
        return next;
    }

    private void expire(TransactionMetadata m, long nowMs) {
        TransactionState.DEAD.checkEnteredFrom(m.state());
        int partition = partitionOf.applyAsInt(m.transactionalId());
        try {
            log.append(partition, TransactionLogRecords.key(m.transactionalId()), null, nowMs);
            transactions.remove(m.transactionalId());
        } catch (LogException e) {
            LOG.fine(() -> "expiring " + m.transactionalId() + " failed: " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- writing

    /** Writes {@code next} to the id's partition and, once written, makes it the id's state. */
    private Errors write(TransactionMetadata next, long nowMs) {
        int partition = partitionOf.applyAsInt(next.transactionalId());
        try {
            log.append(partition, TransactionLogRecords.key(next.transactionalId()),
                    TransactionLogRecords.value(next), nowMs);
        } catch (LogException e) {
            // Kafka's coordinator answers a failed state write with a retriable coordinator error.
            return switch (e.error()) {
                case NOT_COORDINATOR, NOT_LEADER_OR_FOLLOWER, UNKNOWN_TOPIC_OR_PARTITION -> Errors.NOT_COORDINATOR;
                default -> Errors.COORDINATOR_NOT_AVAILABLE;
            };
        }
        transactions.put(next.transactionalId(), next);
        return Errors.NONE;
    }

    private static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }
}
