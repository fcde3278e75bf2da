package io.tributary.compat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the share consumers of a test were given: every record delivered (as {@code partition:offset}), those whose
 * acknowledgement the broker confirmed, and when the last delivery came. A confirmed record delivered again is a
 * problem: Kafka's share groups deliver at least once, but never again what they confirmed as acknowledged.
 */
final class ShareDeliveries {

    private final Map<String, Integer> deliveries = new ConcurrentHashMap<>();
    private final Set<String> confirmed = ConcurrentHashMap.newKeySet();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private volatile long lastDeliveryNanos = System.nanoTime();

    static String id(int partition, long offset) {
        return partition + ":" + offset;
    }

    void delivered(int partition, long offset, int deliveryCount) {
        String id = id(partition, offset);
        lastDeliveryNanos = System.nanoTime();
        deliveries.merge(id, 1, Integer::sum);
        if (confirmed.contains(id)) {
            problems.add("confirmed record delivered again: " + id + " (delivery " + deliveryCount + ")");
        }
    }

    void problem(String what) {
        problems.add(what);
    }

    void confirmed(String id) {
        confirmed.add(id);
    }

    int deliveredCount() {
        return deliveries.size();
    }

    int confirmedCount() {
        return confirmed.size();
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    Duration sinceLastDelivery() {
        return Duration.ofNanos(System.nanoTime() - lastDeliveryNanos);
    }

    /** Which of {@code partitions} × {@code perPartition} offsets were never delivered: how many, the first few. */
    String undelivered(int partitions, long perPartition) {
        List<String> missing = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            for (long o = 0; o < perPartition; o++) {
                if (!deliveries.containsKey(id(p, o))) {
                    missing.add(id(p, o));
                }
            }
        }
        return missing.size() + " never delivered" + (missing.isEmpty() ? ""
                : " (first " + missing.subList(0, Math.min(10, missing.size())) + ")");
    }
}
