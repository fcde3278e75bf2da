package io.tributary.broker.txn;

import io.tributary.broker.ManualClock;
import io.tributary.broker.txn.TransactionCoordinator.InitResult;
import io.tributary.log.TopicPartition;
import io.tributary.protocol.Errors;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A {@link TransactionCoordinator} wired to fakes and driven by hand, deterministically: an in-memory state log,
 * a recording marker writer, a clock that moves only when told, producer ids from a counter, and a coordinator
 * thread that is a queue the test drains. Transactional ids live in state partition 0 unless placed elsewhere.
 */
final class CoordinatorHarness {

    static final int COORDINATOR_EPOCH = 7;
    static final int TIMEOUT_MS = 60_000;
    static final long START_MS = 1_000_000;
    static final long FIRST_PRODUCER_ID = 1000;

    /** The coordinator's thread: tasks queue until the test runs them. */
    static final class ManualExecutor implements Executor {
        private final Queue<Runnable> tasks = new ArrayDeque<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        /** Runs queued tasks (and those they queue) until none is left; returns how many ran. */
        int drain() {
            int ran = 0;
            for (Runnable r; (r = tasks.poll()) != null; ran++) {
                r.run();
            }
            return ran;
        }
    }

    final TransactionConfig config;
    final MemoryTransactionLog log;
    final ManualClock clock;
    final RecordingMarkerWriter markers = new RecordingMarkerWriter();
    final ManualExecutor self = new ManualExecutor();
    /** The state partition of each id placed explicitly; others are in partition 0. */
    final Map<String, Integer> partitionOf = new HashMap<>();
    final TransactionCoordinator coordinator;
    private long nextProducerId = FIRST_PRODUCER_ID;

    CoordinatorHarness() {
        this(TransactionConfig.defaults());
    }

    CoordinatorHarness(TransactionConfig config) {
        this(config, new MemoryTransactionLog(), new ManualClock(START_MS));
    }

    /** A second coordinator over the same log and clock, as a broker restarted on the same disk would be. */
    CoordinatorHarness(TransactionConfig config, MemoryTransactionLog log, ManualClock clock) {
        this.config = config;
        this.log = log;
        this.clock = clock;
        this.coordinator = new TransactionCoordinator(config, log, markers,
                () -> CompletableFuture.completedFuture(nextProducerId++),
                id -> partitionOf.getOrDefault(id, 0), self, clock);
    }

    /** A coordinator with default settings leading state partition 0. */
    static CoordinatorHarness loaded() {
        CoordinatorHarness h = new CoordinatorHarness();
        h.load(0, COORDINATOR_EPOCH);
        return h;
    }

    /** A transaction with producer 1000, epoch 0 and no partitions, for tests to derive states from. */
    static TransactionMetadata fresh(String transactionalId) {
        return TransactionMetadata.fresh(transactionalId, FIRST_PRODUCER_ID, TIMEOUT_MS, START_MS);
    }

    long now() {
        return clock.millis();
    }

    void advance(long ms) {
        clock.advance(ms);
    }

    void load(int partition, int coordinatorEpoch) {
        coordinator.load(partition, coordinatorEpoch, now());
        self.drain();
    }

    /** Writes {@code m} to its state partition as an earlier coordinator would have (load it to see it). */
    void seed(TransactionMetadata m) {
        log.appendRaw(partitionOf.getOrDefault(m.transactionalId(), 0),
                TransactionLogRecords.key(m.transactionalId()), TransactionLogRecords.value(m));
    }

    /** Runs the coordinator's timers at the current time, then whatever that queued. */
    long poll() {
        long next = coordinator.poll(now());
        self.drain();
        return next;
    }

    InitResult init(String transactionalId) {
        return init(transactionalId, TIMEOUT_MS, -1, (short) -1);
    }

    /** InitProducerId as KIP-360 clients send it when they know their producer. */
    InitResult init(String transactionalId, long expectedProducerId, short expectedEpoch) {
        return init(transactionalId, TIMEOUT_MS, expectedProducerId, expectedEpoch);
    }

    InitResult init(String transactionalId, int timeoutMs, long expectedProducerId, short expectedEpoch) {
        CompletableFuture<InitResult> f = coordinator.initProducerId(transactionalId, timeoutMs, expectedProducerId,
                expectedEpoch, now());
        self.drain();
        if (!f.isDone()) {
            throw new AssertionError("InitProducerId of " + transactionalId + " was not answered");
        }
        return f.join();
    }

    /** InitProducerId that must succeed. */
    InitResult producer(String transactionalId) {
        InitResult r = init(transactionalId);
        if (r.error() != Errors.NONE) {
            throw new AssertionError("InitProducerId of " + transactionalId + " answered " + r.error());
        }
        return r;
    }

    Errors add(String transactionalId, InitResult producer, TopicPartition... partitions) {
        return coordinator.addPartitions(transactionalId, producer.producerId(), producer.producerEpoch(),
                Set.of(partitions), now());
    }

    /** A producer with a transaction open over {@code partitions}. */
    InitResult begin(String transactionalId, TopicPartition... partitions) {
        InitResult p = producer(transactionalId);
        Errors e = add(transactionalId, p, partitions);
        if (e != Errors.NONE) {
            throw new AssertionError("AddPartitionsToTxn of " + transactionalId + " answered " + e);
        }
        return p;
    }

    /** EndTxn, with whatever it queued run; the answer may still be outstanding (markers held). */
    CompletableFuture<Errors> end(String transactionalId, InitResult producer, boolean commit) {
        CompletableFuture<Errors> f = coordinator.endTxn(transactionalId, producer.producerId(),
                producer.producerEpoch(), commit, now());
        self.drain();
        return f;
    }

    /** Answers every held marker write, and runs what that queued. */
    void completeHeldMarkers() {
        markers.pending().forEach(RecordingMarkerWriter.Call::complete);
        self.drain();
    }

    TransactionMetadata state(String transactionalId) {
        return coordinator.transaction(transactionalId);
    }
}
