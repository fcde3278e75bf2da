package io.tributary.broker.group;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The {@code range} assignor: topic by topic, the members subscribed to it (in member id order) each get a
 * contiguous range of its partitions, the first {@code partitions % members} one more. Members subscribed to
 * co-partitioned topics get the same partition numbers of each, which joins rely on.
 */
final class RangeAssignor implements ServerAssignor {

    static final String NAME = "range";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Assignment> assign(List<Subscriber> members, Map<UUID, Integer> topics) {
        Map<String, Map<UUID, Set<Integer>>> out = new LinkedHashMap<>();
        members.forEach(m -> out.put(m.memberId(), new TreeMap<>()));
        new TreeMap<>(topics).forEach((topic, count) -> {
            List<String> subscribers = new ArrayList<>();
            for (Subscriber m : members) {
                if (m.topics().contains(topic)) {
                    subscribers.add(m.memberId());
                }
            }
            subscribers.sort(null);
            int n = subscribers.size();
            int next = 0;
            for (int i = 0; i < n; i++) {
                int size = count / n + (i < count % n ? 1 : 0);
                Set<Integer> range = new TreeSet<>();
                for (int p = next; p < next + size; p++) {
                    range.add(p);
                }
                next += size;
                out.get(subscribers.get(i)).put(topic, range);
            }
        });
        Map<String, Assignment> result = new LinkedHashMap<>();
        out.forEach((member, ps) -> result.put(member, Assignment.of(ps)));
        return result;
    }
}
