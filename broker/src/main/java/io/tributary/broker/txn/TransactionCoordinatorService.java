package io.tributary.broker.txn;

import io.tributary.broker.CoordinatorThread;
import io.tributary.broker.InternalTopic;
import io.tributary.broker.LeadershipListener;
import io.tributary.broker.Partition;
import io.tributary.broker.PartitionManager;
import io.tributary.cluster.MetadataNode;
import io.tributary.log.TopicPartition;
import io.tributary.protocol.Errors;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the {@link TransactionCoordinator} on its thread ({@code transaction-coordinator}) and follows leadership
 * of {@code __transaction_state}: leading a partition loads its transactional ids (requests for them queue behind
 * the load), ceasing to lead unloads them. Markers go to the partitions this broker leads through
 * {@link TransactionMarkers}, to partitions led by other brokers as WriteTxnMarkers; a partition without a
 * reachable leader is retried.
 */
public final class TransactionCoordinatorService implements LeadershipListener, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TransactionCoordinatorService.class.getName());

    private final CoordinatorThread<TransactionCoordinator> thread;
    private final InternalTopic stateTopic;

    public TransactionCoordinatorService(TransactionConfig config, MetadataNode metadata, PartitionManager partitions,
                                         TransactionMarkers markers, Supplier<CompletableFuture<Long>> producerIds,
                                         int brokerId, Clock clock) {
        this.stateTopic = TransactionStateTopic.of(metadata, config);
        this.thread = new CoordinatorThread<>("transaction-coordinator", clock);
        TransactionCoordinator.MarkerWriter writer = (txn, commit, coordinatorEpoch, targets, nowMs) -> {
            Map<TopicPartition, CompletableFuture<Errors>> each = new HashMap<>();
            for (TopicPartition tp : targets) {
                each.put(tp, markers.writeAnywhere(tp, txn.producerId(), txn.producerEpoch(), commit, coordinatorEpoch,
                        nowMs, () -> metadata.image().topic(tp.topic()) != null));
            }
            return CompletableFuture.allOf(each.values().toArray(CompletableFuture[]::new)).thenApply(v -> {
                Map<TopicPartition, Errors> results = new HashMap<>();
                each.forEach((tp, f) -> results.put(tp, f.join()));
                return results;
            });
        };
        TransactionCoordinator coordinator = new TransactionCoordinator(config,
                new PartitionTransactionLog(partitions, brokerId), writer, producerIds, stateTopic::partitionFor,
                thread, clock);
        thread.bind(coordinator, coordinator::poll);
    }

    /** The internal topic, created on the first FindCoordinator for a transactional id. */
    public InternalTopic stateTopic() {
        return stateTopic;
    }

    /** Runs {@code op} on the coordinator thread with the current time; its answer may complete later. */
    public <T> CompletableFuture<T> call(BiFunction<TransactionCoordinator, Long, CompletableFuture<T>> op) {
        return thread.call(op);
    }

    /** Runs {@code op} on the coordinator thread with the current time and answers its value. */
    public <T> CompletableFuture<T> run(BiFunction<TransactionCoordinator, Long, T> op) {
        return thread.run(op);
    }

    /** Every transactional id this broker coordinates (admin listings). */
    public CompletableFuture<Collection<TransactionMetadata>> transactions() {
        return thread.run((c, now) -> c.transactions());
    }

    @Override
    public void onLeader(Partition partition) {
        if (partition.topic().equals(TransactionStateTopic.NAME)) {
            int index = partition.index();
            int epoch = partition.leaderEpoch();
            thread.run((c, now) -> {
                c.load(index, epoch, now);
                return null;
            }).exceptionally(e -> {
                LOG.log(Level.WARNING, "loading " + TransactionStateTopic.NAME + "-" + index + " failed", e);
                return null;
            });
        }
    }

    @Override
    public void onNoLongerLeader(String topic, int index) {
        if (topic.equals(TransactionStateTopic.NAME)) {
            thread.run((c, now) -> {
                c.unload(index);
                return null;
            });
        }
    }

    @Override
    public void close() {
        thread.close();
    }
}
