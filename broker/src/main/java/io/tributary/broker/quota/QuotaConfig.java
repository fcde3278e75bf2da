package io.tributary.broker.quota;

import io.tributary.log.InvalidConfigException;

import java.util.Map;

/**
 * How client byte rates are measured, as Kafka's broker settings name it: over {@code quota.window.num} (11) samples
 * of {@code quota.window.size.seconds} (1) each.
 */
public record QuotaConfig(int windowNum, int windowSizeSeconds) {

    public static final QuotaConfig DEFAULTS = new QuotaConfig(11, 1);

    public QuotaConfig {
        if (windowNum < 2 || windowSizeSeconds < 1) {
            throw new IllegalArgumentException("quota.window.num must be at least 2 and quota.window.size.seconds"
                    + " at least 1");
        }
    }

    /** The sample length in milliseconds. */
    public long windowMs() {
        return windowSizeSeconds * 1000L;
    }

    /** Reads the settings; a bad value fails naming its key. */
    public static QuotaConfig from(Map<String, String> props) {
        return from(props, "");
    }

    /** {@code controller.quota.window.num} and {@code .size.seconds}: the controller mutation quota's (KIP-599). */
    public static QuotaConfig controllerFrom(Map<String, String> props) {
        return from(props, "controller.");
    }

    private static QuotaConfig from(Map<String, String> props, String prefix) {
        int num = read(props, prefix + "quota.window.num", 11, 2);
        int size = read(props, prefix + "quota.window.size.seconds", 1, 1);
        return new QuotaConfig(num, size);
    }

    private static int read(Map<String, String> props, String key, int fallback, int min) {
        String given = props.get(key);
        if (given == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(given.trim());
            if (value < min) {
                throw new InvalidConfigException(key, given, "must be at least " + min);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new InvalidConfigException(key, given, "not an integer");
        }
    }
}
