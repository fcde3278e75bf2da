package io.tributary.broker.group;

import io.tributary.log.TopicPartition;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The committed offsets of the groups this coordinator serves, in memory. Changed only by {@link #apply}, with
 * what was written to (or replayed from) {@code __consumer_offsets}, so the cache is always what the log says.
 * Owned by the coordinator thread.
 */
final class OffsetStore {

    private final Map<String, Map<TopicPartition, CommittedOffset>> byGroup = new HashMap<>();

    /** Applies one offsets record: a commit, or (value null) its deletion. */
    void apply(String groupId, TopicPartition tp, CommittedOffset value) {
        if (value == null) {
            Map<TopicPartition, CommittedOffset> offsets = byGroup.get(groupId);
            if (offsets != null) {
                offsets.remove(tp);
                if (offsets.isEmpty()) {
                    byGroup.remove(groupId);
                }
            }
        } else {
            byGroup.computeIfAbsent(groupId, g -> new HashMap<>()).put(tp, value);
        }
    }

    /** The group's committed offsets (empty if none). */
    Map<TopicPartition, CommittedOffset> offsets(String groupId) {
        return Map.copyOf(byGroup.getOrDefault(groupId, Map.of()));
    }

    CommittedOffset offset(String groupId, TopicPartition tp) {
        return byGroup.getOrDefault(groupId, Map.of()).get(tp);
    }

    boolean hasOffsets(String groupId) {
        return byGroup.containsKey(groupId);
    }

    Set<String> groups() {
        return Set.copyOf(byGroup.keySet());
    }

    /** Forgets the groups the predicate selects (their offsets partition is no longer led here). */
    void unload(Predicate<String> which) {
        byGroup.keySet().removeIf(which);
    }
}
