package io.tributary.broker.group;

/**
 * A consumer-protocol group's (KIP-848) effective settings: its dynamic group configs over the broker's defaults, as
 * {@link io.tributary.broker.config.GroupConfigResolver#consumer} gives them.
 *
 * @param sessionTimeoutMs    {@code consumer.session.timeout.ms} (default {@code group.consumer.session.timeout.ms})
 * @param heartbeatIntervalMs {@code consumer.heartbeat.interval.ms} (default
 *                            {@code group.consumer.heartbeat.interval.ms})
 */
public record ConsumerGroupSettings(int sessionTimeoutMs, int heartbeatIntervalMs) {
}
