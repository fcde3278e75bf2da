package io.tributary.broker.config;

import io.tributary.log.InvalidConfigException;
import java.util.Map;

/**
 * Reads one numeric node setting by Kafka's name, with its default and lower bound; a value that is not a whole
 * number, or is out of range, fails startup with an {@link InvalidConfigException} naming the key.
 */
public final class Settings {

    private Settings() {
    }

    public static int intAtLeast(Map<String, String> props, String key, int fallback, int min) {
        long v = longAtLeast(props, key, fallback, min);
        if (v > Integer.MAX_VALUE) {
            throw new InvalidConfigException(key, props.get(key), "must fit in 32 bits");
        }
        return (int) v;
    }

    public static long longAtLeast(Map<String, String> props, String key, long fallback, long min) {
        String s = props.get(key);
        if (s == null) {
            return fallback;
        }
        long v;
        try {
            v = Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw new InvalidConfigException(key, s, "must be a whole number");
        }
        if (v < min) {
            throw new InvalidConfigException(key, s, "must be at least " + min);
        }
        return v;
    }
}
