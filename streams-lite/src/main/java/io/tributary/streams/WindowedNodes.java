package io.tributary.streams;

import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;
import org.apache.kafka.common.serialization.Serde;

/**
 * Which nodes of a builder's graph produce windowed tables, and when their windows close: what
 * {@link KTable#suppress} needs to know about its parent. Kept beside the builder (weakly) rather than in it, so
 * the windowed operations add no state to the core classes.
 */
final class WindowedNodes {

    /**
     * A windowed table's node: its windows close {@code closeAfterMs} after their end (the grace, plus one when the
     * end is inclusive), and {@code innerKeySerde} serializes the key inside {@link Windowed} (null: the default).
     */
    record Info(long closeAfterMs, Serde<?> innerKeySerde) {
    }

    private static final Map<StreamsBuilder, Map<String, Info>> NODES = new WeakHashMap<>();

    private WindowedNodes() {
    }

    static synchronized void register(StreamsBuilder builder, String node, Info info) {
        NODES.computeIfAbsent(builder, b -> new HashMap<>()).put(node, info);
    }

    static synchronized Info of(StreamsBuilder builder, String node) {
        Map<String, Info> nodes = NODES.get(builder);
        return nodes == null ? null : nodes.get(node);
    }
}
