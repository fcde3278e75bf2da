package io.tributary.broker.group;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The {@code uniform} assignor (Kafka's default for the consumer protocol): spreads the partitions so that no
 * member has two more than another member that could take one of them, and moves as few as possible — a member
 * keeps its current partitions while that stays balanced.
 *
 * <p>How: (1) every member keeps the partitions of its current assignment that still exist and it still subscribes
 * to; (2) each partition left over goes to the subscribed member with the fewest partitions; (3) while some member
 * has at least two more partitions than a member that subscribes to one of them, one such partition moves. Each
 * move lowers the sum of squared counts, so (3) ends.
 */
final class UniformAssignor implements ServerAssignor {

    static final String NAME = "uniform";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Assignment> assign(List<Subscriber> members, Map<UUID, Integer> topics) {
        Map<String, Subscriber> byId = new LinkedHashMap<>();
        members.forEach(m -> byId.put(m.memberId(), m));
        Map<String, Map<UUID, Set<Integer>>> owned = new LinkedHashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        Set<Long> taken = new HashSet<>();
        Map<UUID, Integer> topicIndex = indexOf(topics);
        for (Subscriber m : members) {
            owned.put(m.memberId(), new TreeMap<>());
            counts.put(m.memberId(), 0);
            m.current().byTopic().forEach((topic, ps) -> {
                Integer count = topics.get(topic);
                if (count == null || !m.topics().contains(topic)) {
                    return;
                }
                for (int p : ps) {
                    if (p < count && taken.add(key(topicIndex.get(topic), p))) {
                        give(owned, counts, m.memberId(), topic, p);
                    }
                }
            });
        }
        for (Map.Entry<UUID, Integer> t : new TreeMap<>(topics).entrySet()) {
            for (int p = 0; p < t.getValue(); p++) {
                if (!taken.contains(key(topicIndex.get(t.getKey()), p))) {
                    String least = leastLoaded(members, counts, t.getKey(), Integer.MAX_VALUE);
                    if (least != null) {
                        give(owned, counts, least, t.getKey(), p);
                    }
                }
            }
        }
        balance(members, owned, counts, byId);
        Map<String, Assignment> out = new LinkedHashMap<>();
        owned.forEach((member, ps) -> out.put(member, Assignment.of(ps)));
        return out;
    }

    /** Moves single partitions from the most loaded members to members with two fewer that can take them. */
    private static void balance(List<Subscriber> members, Map<String, Map<UUID, Set<Integer>>> owned,
                                Map<String, Integer> counts, Map<String, Subscriber> byId) {
        boolean moved = true;
        while (moved) {
            moved = false;
            List<String> byLoad = new ArrayList<>(owned.keySet());
            byLoad.sort((a, b) -> Integer.compare(counts.get(b), counts.get(a)));
            search:
            for (String from : byLoad) {
                for (Map.Entry<UUID, Set<Integer>> t : owned.get(from).entrySet()) {
                    String to = leastLoaded(members, counts, t.getKey(), counts.get(from) - 1);
                    if (to != null && !t.getValue().isEmpty()) {
                        int p = ((TreeSet<Integer>) t.getValue()).last();
                        t.getValue().remove(p);
                        counts.merge(from, -1, Integer::sum);
                        give(owned, counts, to, t.getKey(), p);
                        moved = true;
                        break search;
                    }
                }
            }
        }
        owned.values().forEach(ts -> ts.values().removeIf(Set::isEmpty));
    }

    /** The subscriber of {@code topic} with the fewest partitions, if it has fewer than {@code below}; else null. */
    private static String leastLoaded(List<Subscriber> members, Map<String, Integer> counts, UUID topic,
                                      int below) {
        String best = null;
        int bestCount = below;
        for (Subscriber m : members) {
            int c = counts.get(m.memberId());
            if (m.topics().contains(topic) && c < bestCount) {
                best = m.memberId();
                bestCount = c;
            }
        }
        return best;
    }

    private static void give(Map<String, Map<UUID, Set<Integer>>> owned, Map<String, Integer> counts, String member,
                             UUID topic, int partition) {
        owned.get(member).computeIfAbsent(topic, k -> new TreeSet<>()).add(partition);
        counts.merge(member, 1, Integer::sum);
    }

    private static Map<UUID, Integer> indexOf(Map<UUID, Integer> topics) {
        Map<UUID, Integer> index = new HashMap<>();
        topics.keySet().forEach(t -> index.put(t, index.size()));
        return index;
    }

    private static long key(int topicIndex, int partition) {
        return ((long) topicIndex << 32) | partition;
    }
}
