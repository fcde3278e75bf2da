package io.tributary.broker.replica;

import io.tributary.broker.Partition;
import io.tributary.broker.PartitionManager;
import io.tributary.broker.security.InterBrokerSecurity;
import io.tributary.log.TopicPartition;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;

/**
 * The partitions this broker follows, grouped by leader: one {@link ReplicaFetcher} per leader broker, started when
 * it gets its first partition and stopped when it has none left. Told by the partition manager (on its metadata
 * thread) whenever a hosted partition's leader changes.
 */
public final class ReplicaFetchers implements PartitionManager.FollowerFetching, AutoCloseable {

    private final InterBrokerSecurity security;
    private final int brokerId;
    private final LongSupplier brokerEpoch;
    private final IntFunction<InetSocketAddress> addressOf;
    private final ReplicationConfig config;
    private final java.util.function.Consumer<Partition> appended;
    private final Map<Integer, ReplicaFetcher> byLeader = new HashMap<>();
    private final Map<TopicPartition, Integer> leaderOf = new HashMap<>();
    private boolean closed;

    /**
     * @param addressOf the Kafka listener of a broker, from the metadata image (throws if unknown); looked up on
     *                  every connection, so a restarted leader on a new address is found
     * @param appended  told after each append from a leader (consumers reading from this follower wait on it)
     */
    public ReplicaFetchers(int brokerId, LongSupplier brokerEpoch, IntFunction<InetSocketAddress> addressOf,
                           ReplicationConfig config, java.util.function.Consumer<Partition> appended,
                           InterBrokerSecurity security) {
        this.security = security;
        this.appended = appended;
        this.brokerId = brokerId;
        this.brokerEpoch = brokerEpoch;
        this.addressOf = addressOf;
        this.config = config;
    }

    @Override
    public synchronized void follow(Partition partition, int leaderId, int leaderEpoch) {
        if (closed) {
            return;
        }
        TopicPartition tp = new TopicPartition(partition.topic(), partition.index());
        Integer previous = leaderOf.put(tp, leaderId);
        if (previous != null && previous != leaderId) {
            removeFrom(previous, partition);
        }
        byLeader.computeIfAbsent(leaderId, id -> {
            ReplicaFetcher f = new ReplicaFetcher(id, brokerId, brokerEpoch, () -> addressOf.apply(id), config,
                    appended, security);
            f.start();
            return f;
        }).add(partition, leaderEpoch);
    }

    @Override
    public synchronized void unfollow(Partition partition) {
        Integer leader = leaderOf.remove(new TopicPartition(partition.topic(), partition.index()));
        if (leader != null) {
            removeFrom(leader, partition);
        }
    }

    private void removeFrom(int leaderId, Partition partition) {
        ReplicaFetcher fetcher = byLeader.get(leaderId);
        if (fetcher == null) {
            return;
        }
        fetcher.remove(partition);
        if (fetcher.isEmpty()) {
            byLeader.remove(leaderId);
            fetcher.shutdown();
        }
    }

    /** How many leaders this broker fetches from (tests, metrics). */
    public synchronized int fetcherCount() {
        return byLeader.size();
    }

    @Override
    public synchronized void close() {
        closed = true;
        byLeader.values().forEach(ReplicaFetcher::shutdown);
        byLeader.clear();
        leaderOf.clear();
    }
}
