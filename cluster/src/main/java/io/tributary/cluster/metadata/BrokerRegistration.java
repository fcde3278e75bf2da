package io.tributary.cluster.metadata;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A broker as the metadata log knows it.
 *
 * <p>A broker registers fenced; the controller unfences it once it heartbeats and asks to be unfenced,
 * and fences it again when its session expires. A broker in controlled shutdown is still registered and
 * unfenced but may no longer lead or join an ISR. Only an <em>active</em> broker ({@link #isActive()})
 * is a candidate for leadership, ISR membership and new replicas.
 *
 * @param id                   the broker's {@code node.id}
 * @param incarnationId        random id the broker process picks at start; a re-registration with the same
 *                             incarnation is a retry, a different one is a restart
 * @param epoch                the broker epoch the controller assigned at this registration; requests carrying
 *                             an older epoch are stale
 * @param endpoints            advertised listeners
 * @param rack                 {@code broker.rack}, or null
 * @param fenced               true while the broker may not serve as leader or ISR member
 * @param inControlledShutdown true once the broker asked to shut down cleanly
 */
public record BrokerRegistration(int id, UUID incarnationId, long epoch, List<Endpoint> endpoints, String rack,
                                 boolean fenced, boolean inControlledShutdown) {
    public BrokerRegistration {
        Objects.requireNonNull(incarnationId, "incarnationId");
        endpoints = List.copyOf(endpoints);
    }

    /** Unfenced and not shutting down: may lead, be in an ISR, and receive new replicas. */
    public boolean isActive() {
        return !fenced && !inControlledShutdown;
    }

    /** The advertised endpoint of {@code listener}, or null if the broker has none by that name. */
    public Endpoint endpoint(String listener) {
        for (Endpoint e : endpoints) {
            if (e.listener().equals(listener)) {
                return e;
            }
        }
        return null;
    }

    BrokerRegistration withFencing(Boolean newFenced, Boolean newShutdown) {
        return new BrokerRegistration(id, incarnationId, epoch, endpoints, rack,
                newFenced == null ? fenced : newFenced,
                newShutdown == null ? inControlledShutdown : newShutdown);
    }
}
