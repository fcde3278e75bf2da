package io.tributary.broker.replica;

import io.tributary.broker.config.Settings;
import java.util.Map;

/**
 * Follower replication settings, under Kafka's names and with Kafka's defaults.
 *
 * @param lagTimeMaxMs         {@code replica.lag.time.max.ms}: an ISR follower that has not caught up with the
 *                             leader's log end for this long leaves the ISR (default 30000)
 * @param fetchWaitMaxMs       {@code replica.fetch.wait.max.ms}: how long a follower's fetch waits for data (500)
 * @param fetchMinBytes        {@code replica.fetch.min.bytes} (1)
 * @param fetchMaxBytes        {@code replica.fetch.max.bytes}: per partition and fetch (1 MiB)
 * @param fetchResponseMaxBytes {@code replica.fetch.response.max.bytes}: per fetch (10 MiB)
 * @param fetchBackoffMs       {@code replica.fetch.backoff.ms}: the pause after a failed fetch (1000)
 * @param socketTimeoutMs      {@code replica.socket.timeout.ms}: connect and answer deadline (30000)
 * @param rackAwareReads       {@code replica.selector.class} is Kafka's {@code RackAwareReplicaSelector}: a consumer
 *                             giving its {@code client.rack} is sent to an in-sync replica in its rack (KIP-392);
 *                             unset or {@code LeaderSelector}: consumers read from the leader
 */
public record ReplicationConfig(long lagTimeMaxMs, int fetchWaitMaxMs, int fetchMinBytes, int fetchMaxBytes,
                                int fetchResponseMaxBytes, long fetchBackoffMs, int socketTimeoutMs,
                                boolean rackAwareReads) {

    /** Kafka's replica selectors, by the class names its users configure. */
    static final String RACK_AWARE_SELECTOR = "org.apache.kafka.common.replica.RackAwareReplicaSelector";
    static final String LEADER_SELECTOR = "org.apache.kafka.common.replica.LeaderSelector";

    public static ReplicationConfig defaults() {
        return from(Map.of());
    }

    /** Reads the settings; throws {@link io.tributary.log.InvalidConfigException} naming a bad key. */
    public static ReplicationConfig from(Map<String, String> props) {
        return new ReplicationConfig(
                Settings.longAtLeast(props, "replica.lag.time.max.ms", 30_000, 1),
                Settings.intAtLeast(props, "replica.fetch.wait.max.ms", 500, 0),
                Settings.intAtLeast(props, "replica.fetch.min.bytes", 1, 1),
                Settings.intAtLeast(props, "replica.fetch.max.bytes", 1_048_576, 1),
                Settings.intAtLeast(props, "replica.fetch.response.max.bytes", 10_485_760, 1),
                Settings.longAtLeast(props, "replica.fetch.backoff.ms", 1000, 0),
                Settings.intAtLeast(props, "replica.socket.timeout.ms", 30_000, 1),
                rackAwareReads(props.get("replica.selector.class")));
    }

    private static boolean rackAwareReads(String selector) {
        if (selector == null || selector.isBlank() || selector.trim().equals(LEADER_SELECTOR)) {
            return false;
        }
        if (selector.trim().equals(RACK_AWARE_SELECTOR)) {
            return true;
        }
        throw new io.tributary.log.InvalidConfigException("replica.selector.class", selector, "must be "
                + RACK_AWARE_SELECTOR + " or " + LEADER_SELECTOR + " (other selector classes cannot be loaded here)");
    }
}
