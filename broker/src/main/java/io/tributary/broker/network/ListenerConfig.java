package io.tributary.broker.network;

import io.tributary.broker.security.SecurityProtocol;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Map;

/**
 * One Kafka listener: its name (from {@code listeners}), its security protocol (from
 * {@code listener.security.protocol.map}), where it binds and what it advertises. Its security settings are read as
 * Kafka reads them: {@code listener.name.<name in lower case>.<key>} first, then {@code <key>}.
 */
public record ListenerConfig(String name, SecurityProtocol protocol, InetSocketAddress bind,
                             InetSocketAddress advertised, Map<String, String> properties) {

    /** The listener's value of {@code key}, or null. */
    public String get(String key) {
        String own = properties.get(prefix() + key);
        return own != null ? own : properties.get(key);
    }

    /** The listener's value of {@code key}, or {@code fallback}. */
    public String get(String key, String fallback) {
        String v = get(key);
        return v == null ? fallback : v;
    }

    /** {@code listener.name.<name>.}: the prefix of this listener's own settings. */
    public String prefix() {
        return "listener.name." + name.toLowerCase(Locale.ROOT) + ".";
    }

    @Override
    public String toString() {
        return name + "://" + bind.getHostString() + ":" + bind.getPort() + " (" + protocol + ")";
    }
}
