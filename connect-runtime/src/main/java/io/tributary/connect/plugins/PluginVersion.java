package io.tributary.connect.plugins;

import org.apache.kafka.connect.components.Versioned;

/** A plugin's {@code version()}, or "undefined" (Kafka Connect's word) when it has none or it throws. */
public final class PluginVersion {

    private PluginVersion() {
    }

    public static String of(Object plugin) {
        if (!(plugin instanceof Versioned v)) {
            return "undefined";
        }
        try {
            return v.version();
        } catch (RuntimeException | LinkageError e) {
            return "undefined";
        }
    }
}
