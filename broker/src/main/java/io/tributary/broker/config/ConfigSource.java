package io.tributary.broker.config;

/** Where a config value comes from, with the codes DescribeConfigs carries (Kafka's ConfigSource ids). */
public enum ConfigSource {
    /** A topic's own override (Admin shows it as DYNAMIC_TOPIC_CONFIG). */
    DYNAMIC_TOPIC_CONFIG(1),
    /** Set dynamically for this one broker. */
    DYNAMIC_BROKER_CONFIG(2),
    /** Set dynamically as the cluster-wide default (the broker resource named ""). */
    DYNAMIC_DEFAULT_BROKER_CONFIG(3),
    /** From the broker's configuration file or command line. */
    STATIC_BROKER_CONFIG(4),
    /** Nobody set it: the built-in default. */
    DEFAULT_CONFIG(5),
    /** A logger's level (the BROKER_LOGGER resource). */
    DYNAMIC_BROKER_LOGGER_CONFIG(6),
    /** Set dynamically for one group (the group config resource). */
    GROUP_CONFIG(8);

    private final byte code;

    ConfigSource(int code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }
}
