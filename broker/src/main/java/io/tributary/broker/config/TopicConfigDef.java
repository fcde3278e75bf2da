package io.tributary.broker.config;

import java.util.List;

/**
 * A topic-level config: its type, Kafka's default, the broker keys that set its default (highest precedence
 * first, each with the factor that turns its unit into the topic key's, e.g. 3,600,000 for
 * {@code log.retention.hours}) and a line of documentation.
 *
 * @param name          the topic-level key
 * @param type          its value type
 * @param defaultValue  Kafka's built-in default
 * @param brokerKeys    broker keys that supply the default, the first being the main one
 * @param documentation what it does
 */
public record TopicConfigDef(String name, ConfigType type, String defaultValue, List<BrokerKey> brokerKeys,
                             String documentation) {

    /**
     * A broker-level key that sets a topic config's default.
     *
     * @param name       the broker key
     * @param multiplier factor from its unit to the topic key's unit (1 for the same unit)
     */
    public record BrokerKey(String name, long multiplier) {
    }

    public TopicConfigDef {
        brokerKeys = List.copyOf(brokerKeys);
    }

    /** The broker key that is the main synonym of this config. */
    public BrokerKey mainBrokerKey() {
        return brokerKeys.get(0);
    }

    /** The topic-level value a broker key's value stands for (its unit converted). */
    public String fromBrokerValue(BrokerKey key, String value) {
        if (key.multiplier() == 1 || value == null) {
            return type.normalize(value);
        }
        try {
            return Long.toString(Math.multiplyExact(Long.parseLong(value.trim()), key.multiplier()));
        } catch (NumberFormatException | ArithmeticException e) {
            return value.trim();
        }
    }
}
