package io.tributary.broker.group;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The share groups' server-side assignor ({@code simple}, as Kafka names it): each subscribed topic's partitions are
 * spread round-robin over the members that subscribe to it. Unlike the consumer protocol's assignors a partition may
 * go to several members: with more members than partitions every member gets one partition and every partition
 * goes to one or more members, as evenly as the counts allow. A pure function of its input; where one topic's
 * round-robin ends the next one's starts, so small topics do not all land on the first members.
 */
final class SimpleAssignor {

    static final String NAME = "simple";

    private SimpleAssignor() {
    }

    /**
     * The target assignment of every member (each one present, maybe empty).
     *
     * @param members members in a stable order (by member id), each with the ids of the subscribed topics that exist
     * @param topics  the partition count of every subscribed topic, by topic id
     */
    static Map<String, Assignment> assign(List<ServerAssignor.Subscriber> members, Map<UUID, Integer> topics) {
        Map<String, Map<UUID, Set<Integer>>> out = new HashMap<>();
        members.forEach(m -> out.put(m.memberId(), new TreeMap<>()));
        int rotation = 0;
        for (Map.Entry<UUID, Integer> topic : new TreeMap<>(topics).entrySet()) {
            List<String> subscribers = new ArrayList<>();
            for (ServerAssignor.Subscriber m : members) {
                if (m.topics().contains(topic.getKey())) {
                    subscribers.add(m.memberId());
                }
            }
            int partitions = topic.getValue();
            if (subscribers.isEmpty() || partitions <= 0) {
                continue;
            }
            int slots = Math.max(partitions, subscribers.size());
            for (int k = 0; k < slots; k++) {
                String member = subscribers.get((k + rotation) % subscribers.size());
                out.get(member).computeIfAbsent(topic.getKey(), t -> new TreeSet<>()).add(k % partitions);
            }
            rotation = (rotation + slots) % subscribers.size();
        }
        Map<String, Assignment> result = new HashMap<>();
        out.forEach((member, partitions) -> result.put(member, Assignment.of(partitions)));
        return result;
    }
}
