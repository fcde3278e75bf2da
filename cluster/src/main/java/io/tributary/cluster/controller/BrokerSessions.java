package io.tributary.cluster.controller;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * When each broker was last heard from, and which sessions have expired. This is the active controller's
 * soft state: it is not in the metadata log; a newly elected controller starts every broker's session afresh
 * from its own activation time ({@link #reset}).
 */
final class BrokerSessions {

    private final long timeoutMs;
    private final Map<Integer, Long> lastContactMs = new HashMap<>();
    /** Brokers heard from by this controller since it became active (not merely presumed alive). */
    private final java.util.Set<Integer> heard = new java.util.HashSet<>();

    BrokerSessions(long timeoutMs) {
        this.timeoutMs = timeoutMs;
    }

    /** Every given broker's session restarts at {@code nowMs}; others are forgotten. */
    void reset(Set<Integer> brokers, long nowMs) {
        lastContactMs.clear();
        heard.clear();
        for (int b : brokers) {
            lastContactMs.put(b, nowMs);
        }
    }

    void touch(int broker, long nowMs) {
        lastContactMs.merge(broker, nowMs, Math::max);
        heard.add(broker);
    }

    void remove(int broker) {
        lastContactMs.remove(broker);
        heard.remove(broker);
    }

    /** Whether the broker contacted this controller since it became active. */
    boolean heardSinceActivation(int broker) {
        return heard.contains(broker);
    }

    boolean isAlive(int broker, long nowMs) {
        Long last = lastContactMs.get(broker);
        return last != null && nowMs - last < timeoutMs;
    }

    /** Brokers among {@code candidates} whose session expired at {@code nowMs}, in ascending id order. */
    List<Integer> expired(Iterable<Integer> candidates, long nowMs) {
        List<Integer> expired = new ArrayList<>();
        for (int b : candidates) {
            if (!isAlive(b, nowMs)) {
                expired.add(b);
            }
        }
        return expired;
    }

    /** The earliest time a tracked session expires, or {@link Long#MAX_VALUE}. */
    long nextExpiryMs() {
        long next = Long.MAX_VALUE;
        for (long last : lastContactMs.values()) {
            next = Math.min(next, last + timeoutMs);
        }
        return next;
    }
}
