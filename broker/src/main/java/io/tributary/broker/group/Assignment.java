package io.tributary.broker.group;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.BiPredicate;

/**
 * An immutable set of partitions, by topic id then partition index: what a consumer-protocol member owns, is
 * assigned, or must give up. Topics without partitions are never kept, so equal sets are equal objects.
 */
final class Assignment {

    static final Assignment EMPTY = new Assignment(new TreeMap<>());

    private final Map<UUID, SortedSet<Integer>> partitions;

    private Assignment(TreeMap<UUID, SortedSet<Integer>> partitions) {
        this.partitions = Collections.unmodifiableMap(partitions);
    }

    /** A copy of {@code partitions} (topics with no partition dropped). */
    static Assignment of(Map<UUID, ? extends Set<Integer>> partitions) {
        TreeMap<UUID, SortedSet<Integer>> copy = new TreeMap<>();
        partitions.forEach((topic, ps) -> {
            if (!ps.isEmpty()) {
                copy.put(topic, Collections.unmodifiableSortedSet(new TreeSet<>(ps)));
            }
        });
        return new Assignment(copy);
    }

    Map<UUID, SortedSet<Integer>> byTopic() {
        return partitions;
    }

    boolean isEmpty() {
        return partitions.isEmpty();
    }

    boolean contains(UUID topic, int partition) {
        SortedSet<Integer> ps = partitions.get(topic);
        return ps != null && ps.contains(partition);
    }

    int size() {
        return partitions.values().stream().mapToInt(Set::size).sum();
    }

    /** The partitions of this set that are also in {@code other}. */
    Assignment intersect(Assignment other) {
        return filter((t, p) -> other.contains(t, p));
    }

    /** The partitions of this set that are not in {@code other}. */
    Assignment minus(Assignment other) {
        return filter((t, p) -> !other.contains(t, p));
    }

    /** The partitions of either set. */
    Assignment union(Assignment other) {
        TreeMap<UUID, SortedSet<Integer>> out = new TreeMap<>();
        partitions.forEach((t, ps) -> out.computeIfAbsent(t, k -> new TreeSet<>()).addAll(ps));
        other.partitions.forEach((t, ps) -> out.computeIfAbsent(t, k -> new TreeSet<>()).addAll(ps));
        return of(out);
    }

    /** Whether every partition of this set is in {@code other}. */
    boolean isSubsetOf(Assignment other) {
        return minus(other).isEmpty();
    }

    boolean overlaps(Assignment other) {
        return !intersect(other).isEmpty();
    }

    private Assignment filter(BiPredicate<UUID, Integer> keep) {
        TreeMap<UUID, SortedSet<Integer>> out = new TreeMap<>();
        partitions.forEach((t, ps) -> ps.forEach(p -> {
            if (keep.test(t, p)) {
                out.computeIfAbsent(t, k -> new TreeSet<>()).add(p);
            }
        }));
        return of(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Assignment a && a.partitions.equals(partitions);
    }

    @Override
    public int hashCode() {
        return partitions.hashCode();
    }

    @Override
    public String toString() {
        return partitions.toString();
    }
}
