package io.tributary.cluster.controller;

import io.tributary.cluster.metadata.MetadataImage;
import io.tributary.cluster.metadata.PartitionRegistration;
import io.tributary.cluster.metadata.TopicImage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntPredicate;

/**
 * Which partitions the automatic leader balancing ({@code auto.leader.rebalance.enable}) moves back to their
 * preferred replica, by the rule Kafka documents for {@code leader.imbalance.per.broker.percentage}:
 * <ol>
 *   <li>each partition counts for its preferred replica (the first of its replicas);</li>
 *   <li>a broker's imbalance is the share of the partitions it is preferred for that it does not lead
 *       (another broker leads them, or nobody does);</li>
 *   <li>when that share exceeds the percentage, every one of those partitions the broker can take over now — it
 *       is active (registered, unfenced, not shutting down) and in the ISR — gets a preferred election. Below
 *       the percentage nothing moves, so a cluster with a few stray leaders is left alone.</li>
 * </ol>
 * A pure function of the image; the active controller runs it every {@code leader.imbalance.check.interval.seconds}
 * ({@link ControllerLogic#balanceLeaders}).
 */
final class LeaderImbalance {

    private LeaderImbalance() {
    }

    /**
     * The partitions to elect their preferred leader for, in topic-name and partition order.
     *
     * @param image               the controller's image
     * @param perBrokerPercentage {@code leader.imbalance.per.broker.percentage}
     */
    static List<TopicPartition> partitionsToElect(MetadataImage image, int perBrokerPercentage) {
        IntPredicate active = ReplicationControl.activeIn(image);
        Map<Integer, Integer> preferredCount = new TreeMap<>();
        Map<Integer, List<TopicPartition>> notLed = new TreeMap<>();
        Map<TopicPartition, Boolean> movable = new HashMap<>();
        for (TopicImage topic : image.topics().values()) {
            for (int p = 0; p < topic.partitionCount(); p++) {
                PartitionRegistration reg = topic.partition(p);
                if (reg.replicas().isEmpty()) {
                    continue;
                }
                int preferred = reg.preferredLeader();
                preferredCount.merge(preferred, 1, Integer::sum);
                if (reg.leader() != preferred) {
                    TopicPartition tp = new TopicPartition(topic.name(), p);
                    notLed.computeIfAbsent(preferred, b -> new ArrayList<>()).add(tp);
                    movable.put(tp, reg.isr().contains(preferred) && active.test(preferred));
                }
            }
        }
        List<TopicPartition> elect = new ArrayList<>();
        notLed.forEach((broker, partitions) -> {
            // imbalance ratio = notLed / preferred > percentage / 100, in integers
            if ((long) partitions.size() * 100 > (long) perBrokerPercentage * preferredCount.get(broker)) {
                partitions.stream().filter(movable::get).forEach(elect::add);
            }
        });
        elect.sort(LeaderImbalance::compare);
        return elect;
    }

    private static int compare(TopicPartition a, TopicPartition b) {
        int byTopic = a.topic().compareTo(b.topic());
        return byTopic != 0 ? byTopic : Integer.compare(a.partition(), b.partition());
    }
}
