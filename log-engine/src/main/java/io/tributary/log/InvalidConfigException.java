package io.tributary.log;

/** A log setting with a value Kafka would refuse; the message names the key (Kafka's INVALID_CONFIG). */
public final class InvalidConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String key;

    public InvalidConfigException(String key, String value, String problem) {
        super("Invalid value " + value + " for configuration " + key + ": " + problem);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
