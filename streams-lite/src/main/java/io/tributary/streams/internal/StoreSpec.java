package io.tributary.streams.internal;

import io.tributary.streams.internal.state.StoreFactory;
import java.util.Map;

/**
 * A state store as declared: its factory, whether it is logged to {@code <application.id>-<name>-changelog}, and
 * the changelog topic's configs (compacted unless they say otherwise).
 */
public record StoreSpec(String name, StoreFactory factory, boolean logged, Map<String, String> changelogConfigs) {
}
