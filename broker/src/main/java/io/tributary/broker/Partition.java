package io.tributary.broker;

import io.tributary.cluster.metadata.PartitionRegistration;
import io.tributary.log.Log;
import java.util.UUID;

/**
 * A partition this broker hosts: its log and its current registration (leader, epoch, replicas, ISR).
 *
 * <p>The high watermark is the log end offset: this slice serves partitions whose only in-sync replica is this
 * broker (single-node clusters), so every appended record is fully replicated the moment it is written.
 * Follower replication (fetching from the leader, ISR tracking, HW from followers' offsets) comes with the
 * multi-broker work.
 */
public final class Partition {

    private final String topic;
    private final int index;
    private final UUID topicId;
    private final Log log;
    private volatile PartitionRegistration registration;

    Partition(String topic, int index, UUID topicId, Log log, PartitionRegistration registration) {
        this.topic = topic;
        this.index = index;
        this.topicId = topicId;
        this.log = log;
        this.registration = registration;
    }

    public String topic() {
        return topic;
    }

    public int index() {
        return index;
    }

    public UUID topicId() {
        return topicId;
    }

    public Log log() {
        return log;
    }

    public PartitionRegistration registration() {
        return registration;
    }

    void update(PartitionRegistration newRegistration) {
        this.registration = newRegistration;
    }

    public int leaderEpoch() {
        return registration.leaderEpoch();
    }

    public boolean isLeader(int brokerId) {
        return registration.leader() == brokerId;
    }

    public long highWatermark() {
        return log.logEndOffset();
    }

    /** The last stable offset: below the oldest open transaction and the high watermark. */
    public long lastStableOffset() {
        long unstable = log.firstUnstableOffset();
        long hw = highWatermark();
        return unstable < 0 ? hw : Math.min(unstable, hw);
    }
}
