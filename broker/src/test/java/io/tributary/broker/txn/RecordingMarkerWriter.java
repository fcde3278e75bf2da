package io.tributary.broker.txn;

import io.tributary.log.TopicPartition;
import io.tributary.protocol.Errors;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link TransactionCoordinator.MarkerWriter} that records each write. A write is answered at once, each partition
 * with NONE unless told to fail it; while {@link #hold() held}, writes are left unanswered until the test
 * {@link Call#complete() completes} them, so "markers in flight" can be observed.
 */
final class RecordingMarkerWriter implements TransactionCoordinator.MarkerWriter {

    /** One write: the producer and outcome the markers carry, and the partitions they go to. */
    final class Call {
        final long producerId;
        final short producerEpoch;
        final boolean commit;
        final int coordinatorEpoch;
        final Set<TopicPartition> targets;
        final long nowMs;
        final CompletableFuture<Map<TopicPartition, Errors>> answer = new CompletableFuture<>();

        Call(TransactionMetadata txn, boolean commit, int coordinatorEpoch, Collection<TopicPartition> targets,
             long nowMs) {
            this.producerId = txn.producerId();
            this.producerEpoch = txn.producerEpoch();
            this.commit = commit;
            this.coordinatorEpoch = coordinatorEpoch;
            this.targets = Set.copyOf(targets);
            this.nowMs = nowMs;
        }

        /** Answers each target with its error at this moment (NONE unless {@link #failPartition failing}). */
        void complete() {
            Map<TopicPartition, Errors> results = new HashMap<>();
            for (TopicPartition tp : targets) {
                results.put(tp, errors.getOrDefault(tp, Errors.NONE));
            }
            answer.complete(results);
        }

        /** The write as a whole failed (no per-partition answer). */
        void fail() {
            answer.completeExceptionally(new IllegalStateException("injected marker write failure"));
        }
    }

    private final List<Call> calls = new ArrayList<>();
    private final Map<TopicPartition, Errors> errors = new HashMap<>();
    private boolean holding;

    /** Writes to {@code tp} answer {@code error} until healed. */
    void failPartition(TopicPartition tp, Errors error) {
        errors.put(tp, error);
    }

    void healPartition(TopicPartition tp) {
        errors.remove(tp);
    }

    /** Leaves the answers of the following writes to the test. */
    void hold() {
        holding = true;
    }

    /** Answers the following writes at once again; writes already held stay held. */
    void answerAtOnce() {
        holding = false;
    }

    @Override
    public CompletableFuture<Map<TopicPartition, Errors>> write(TransactionMetadata txn, boolean commit,
                                                                int coordinatorEpoch,
                                                                Collection<TopicPartition> targets, long nowMs) {
        Call c = new Call(txn, commit, coordinatorEpoch, targets, nowMs);
        calls.add(c);
        if (!holding) {
            c.complete();
        }
        return c.answer;
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    Call last() {
        if (calls.isEmpty()) {
            throw new AssertionError("no markers were written");
        }
        return calls.get(calls.size() - 1);
    }

    /** The writes not answered yet. */
    List<Call> pending() {
        return calls.stream().filter(c -> !c.answer.isDone()).toList();
    }
}
