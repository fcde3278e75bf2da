package io.tributary.broker.group;

import io.tributary.log.TopicPartition;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Offsets of groups by (group, partition), in memory, each with the log offset of the {@code __consumer_offsets}
 * record that wrote it. {@link OffsetState} keeps one store of committed offsets and one per open transaction;
 * the record offset is what orders a transactional commit against a plain one when the transaction commits.
 * Owned by the coordinator thread.
 */
final class OffsetStore {

    /**
     * An offset as the log holds it.
     *
     * @param offset       the committed offset
     * @param recordOffset where its record sits in the group's {@code __consumer_offsets} partition
     */
    record Logged(CommittedOffset offset, long recordOffset) {
    }

    private final Map<String, Map<TopicPartition, Logged>> byGroup = new HashMap<>();

    void put(String groupId, TopicPartition tp, Logged offset) {
        byGroup.computeIfAbsent(groupId, g -> new HashMap<>()).put(tp, offset);
    }

    void remove(String groupId, TopicPartition tp) {
        Map<TopicPartition, Logged> offsets = byGroup.get(groupId);
        if (offsets != null) {
            offsets.remove(tp);
            if (offsets.isEmpty()) {
                byGroup.remove(groupId);
            }
        }
    }

    /** The group's offsets (empty if none). */
    Map<TopicPartition, CommittedOffset> offsets(String groupId) {
        Map<TopicPartition, CommittedOffset> out = new HashMap<>();
        byGroup.getOrDefault(groupId, Map.of()).forEach((tp, logged) -> out.put(tp, logged.offset()));
        return out;
    }

    CommittedOffset offset(String groupId, TopicPartition tp) {
        Logged logged = logged(groupId, tp);
        return logged == null ? null : logged.offset();
    }

    Logged logged(String groupId, TopicPartition tp) {
        return byGroup.getOrDefault(groupId, Map.of()).get(tp);
    }

    boolean hasOffsets(String groupId) {
        return byGroup.containsKey(groupId);
    }

    Set<String> groups() {
        return Set.copyOf(byGroup.keySet());
    }

    boolean isEmpty() {
        return byGroup.isEmpty();
    }

    /** Removes the groups the predicate selects and answers their offsets. */
    Map<String, Map<TopicPartition, Logged>> remove(Predicate<String> which) {
        Map<String, Map<TopicPartition, Logged>> removed = new HashMap<>();
        for (Iterator<Map.Entry<String, Map<TopicPartition, Logged>>> it = byGroup.entrySet().iterator();
             it.hasNext(); ) {
            Map.Entry<String, Map<TopicPartition, Logged>> group = it.next();
            if (which.test(group.getKey())) {
                removed.put(group.getKey(), group.getValue());
                it.remove();
            }
        }
        return removed;
    }
}
