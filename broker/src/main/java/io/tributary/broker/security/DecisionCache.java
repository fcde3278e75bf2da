package io.tributary.broker.security;

import io.tributary.cluster.metadata.AclOperation;
import io.tributary.cluster.metadata.ResourceType;
import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decisions already made against one set of ACLs, so that the produce and fetch paths, which ask the same question
 * over and over, pay one map lookup. It belongs to one {@link AclIndex}: a change of ACLs starts a new, empty one.
 * Bounded: when {@code maxEntries} is reached it is emptied (a crude but allocation-free eviction; the working set
 * of a broker — its principals times the resources they use — is normally far smaller).
 */
final class DecisionCache {

    /** One question: who, from where, what, on which resource. */
    record Key(KafkaPrincipal principal, InetAddress host, AclOperation operation, ResourceType type, String name) {
    }

    private final ConcurrentHashMap<Key, Boolean> decisions = new ConcurrentHashMap<>();
    private final int maxEntries;

    DecisionCache(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    /** The decision made for {@code key}, or null. */
    Boolean get(Key key) {
        return decisions.get(key);
    }

    void put(Key key, boolean allowed) {
        if (decisions.size() >= maxEntries) {
            decisions.clear();
        }
        decisions.put(key, allowed);
    }

    int size() {
        return decisions.size();
    }
}
