package io.tributary.broker;

import io.tributary.protocol.Errors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * What a coordinator event wrote, so that its answer waits until the writes are replicated (Kafka's coordinators
 * answer a commit once the high watermark passes it): {@link CoordinatorThread} opens a record around each request
 * event, every leader append on that thread ({@link PartitionManager#appended}) notes the partition's log end, and
 * the answer is held until each partition's high watermark reaches it. Appends on other threads are not recorded.
 */
final class CoordinatorWrites {

    /** How long an answer waits for its writes to be replicated (Kafka's {@code offsets.commit.timeout.ms}). */
    static final long REPLICATION_TIMEOUT_MS = 5000;

    private static final ThreadLocal<Map<Partition, Long>> CURRENT = new ThreadLocal<>();

    private CoordinatorWrites() {
    }

    static void begin() {
        CURRENT.set(new HashMap<>());
    }

    /** Notes that {@code partition} was written up to {@code nextOffset} by the event running on this thread. */
    static void record(Partition partition, long nextOffset) {
        Map<Partition, Long> writes = CURRENT.get();
        if (writes != null) {
            writes.merge(partition, nextOffset, Math::max);
        }
    }

    /**
     * Ends the record; the future completes once every write is replicated, and fails (the connection is closed,
     * the client retries) if one is not within {@link #REPLICATION_TIMEOUT_MS} or its partition changed leader.
     */
    static CompletableFuture<Void> end() {
        Map<Partition, Long> writes = CURRENT.get();
        CURRENT.remove();
        if (writes == null || writes.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        List<CompletableFuture<Void>> waits = new ArrayList<>();
        writes.forEach((p, end) -> {
            CompletableFuture<Errors> replicated = p.awaitReplicated(end);
            if (replicated.isDone() && replicated.getNow(null) == Errors.NONE) {
                return;
            }
            waits.add(replicated.completeOnTimeout(Errors.REQUEST_TIMED_OUT, REPLICATION_TIMEOUT_MS,
                    TimeUnit.MILLISECONDS).thenAccept(error -> {
                        if (error != Errors.NONE) {
                            throw new IllegalStateException("a coordinator write to " + p.topic() + "-" + p.index()
                                    + " was not replicated: " + error);
                        }
                    }));
        });
        return waits.isEmpty() ? CompletableFuture.completedFuture(null)
                : CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new));
    }
}
