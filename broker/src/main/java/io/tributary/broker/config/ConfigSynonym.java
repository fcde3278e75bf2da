package io.tributary.broker.config;

/**
 * One place a config's value may come from, as DescribeConfigs lists it under "synonyms".
 *
 * @param name   the key it was set under (a broker key such as {@code log.retention.hours} for a topic config)
 * @param value  the value as set there (null for a sensitive config)
 * @param source where it was set
 */
public record ConfigSynonym(String name, String value, ConfigSource source) {
}
