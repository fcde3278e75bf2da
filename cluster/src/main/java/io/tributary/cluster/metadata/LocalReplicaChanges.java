package io.tributary.cluster.metadata;

import java.util.Map;
import java.util.Set;

/**
 * What one metadata delta asks of one broker: partitions it now leads (new leadership, new leader epoch, or
 * a new ISR or replica set to work with), partitions it now follows (new leader or epoch, newly assigned here, or
 * a new replica set), and replicas it must delete (topic deleted or replica reassigned away).
 *
 * @param leaders   partitions this broker leads after the delta, with their registration
 * @param followers partitions this broker follows after the delta, with their registration
 * @param deleted   partitions this broker no longer hosts
 */
public record LocalReplicaChanges(Map<TopicIdPartition, PartitionRegistration> leaders,
                                  Map<TopicIdPartition, PartitionRegistration> followers,
                                  Set<TopicIdPartition> deleted) {
    public LocalReplicaChanges {
        leaders = Map.copyOf(leaders);
        followers = Map.copyOf(followers);
        deleted = Set.copyOf(deleted);
    }

    public boolean isEmpty() {
        return leaders.isEmpty() && followers.isEmpty() && deleted.isEmpty();
    }
}
