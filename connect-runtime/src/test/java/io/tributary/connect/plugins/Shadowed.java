package io.tributary.connect.plugins;

/**
 * A class both on the worker's class path (this one) and, compiled by {@link PluginsTest}, inside each of its plugin
 * locations with another answer: a plugin must get its own copy, not the worker's.
 */
public final class Shadowed {

    private Shadowed() {
    }

    public static String id() {
        return "worker";
    }
}
