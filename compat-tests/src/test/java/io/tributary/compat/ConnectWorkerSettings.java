package io.tributary.compat;

import java.util.LinkedHashMap;
import java.util.Map;

/** Builds a Connect worker's settings from the parts the worker tests have in common. */
final class ConnectWorkerSettings {

    static final String JSON_CONVERTER = "org.apache.kafka.connect.json.JsonConverter";

    private final Map<String, String> settings = new LinkedHashMap<>();

    private ConnectWorkerSettings(String bootstrap) {
        settings.put("bootstrap.servers", bootstrap);
    }

    static ConnectWorkerSettings forBroker(String bootstrap) {
        return new ConnectWorkerSettings(bootstrap);
    }

    /** The {@code group.id} of a distributed worker. */
    ConnectWorkerSettings group(String groupId) {
        return set("group.id", groupId);
    }

    /** The same key and value converter. */
    ConnectWorkerSettings converters(String converterClass) {
        set("key.converter", converterClass);
        return set("value.converter", converterClass);
    }

    /** JsonConverter for keys and values, without schemas ({@code schemas.enable=false}). */
    ConnectWorkerSettings schemalessJson() {
        converters(JSON_CONVERTER);
        set("key.converter.schemas.enable", "false");
        return set("value.converter.schemas.enable", "false");
    }

    /**
     * A distributed worker's internal topics {@code <prefix>-configs}, {@code -offsets} and {@code -status}, replication
     * factor 1, with these partition counts.
     */
    ConnectWorkerSettings internalTopics(String prefix, int offsetPartitions, int statusPartitions) {
        set("config.storage.topic", prefix + "-configs");
        set("offset.storage.topic", prefix + "-offsets");
        set("status.storage.topic", prefix + "-status");
        set("config.storage.replication.factor", "1");
        set("offset.storage.replication.factor", "1");
        set("status.storage.replication.factor", "1");
        set("offset.storage.partitions", Integer.toString(offsetPartitions));
        return set("status.storage.partitions", Integer.toString(statusPartitions));
    }

    /** The worker's group session (a heartbeat a second). */
    ConnectWorkerSettings session(int sessionMs) {
        set("session.timeout.ms", Integer.toString(sessionMs));
        return set("heartbeat.interval.ms", "1000");
    }

    /** Sink tasks' consumers: a 6 s session (the broker's minimum) rather than 45 s, a heartbeat a second. */
    ConnectWorkerSettings shortConsumerSessions() {
        set("consumer.session.timeout.ms", "6000");
        return set("consumer.heartbeat.interval.ms", "1000");
    }

    ConnectWorkerSettings offsetFlushMs(int ms) {
        return set("offset.flush.interval.ms", Integer.toString(ms));
    }

    /** {@link ConnectWorkerProcess#pluginPath()}. */
    ConnectWorkerSettings pluginPath() {
        return set("plugin.path", ConnectWorkerProcess.pluginPath().toString());
    }

    ConnectWorkerSettings set(String key, String value) {
        settings.put(key, value);
        return this;
    }

    /** The settings so far, in the order they were set (a map the caller may change). */
    Map<String, String> build() {
        return new LinkedHashMap<>(settings);
    }
}
