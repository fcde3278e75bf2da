package io.tributary.cluster.metadata;

/**
 * A dynamic config was set (value non-null) or removed (value null). Type 8.
 *
 * @param resource the topic, broker or cluster
 * @param key      the config name
 * @param value    the new value, or null to remove it
 */
public record ConfigRecord(ConfigResource resource, String key, String value) implements MetadataRecord {
}
