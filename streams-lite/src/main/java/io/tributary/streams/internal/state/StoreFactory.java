package io.tributary.streams.internal.state;

import io.tributary.streams.internal.SerdeDefaults;
import java.util.Map;

/** Declares a store and makes one instance of it per task. Made by {@link io.tributary.streams.state.Stores}. */
public interface StoreFactory {

    String name();

    /** Whether changes go to the changelog topic {@code <application.id>-<name>-changelog}. */
    boolean logged();

    /** Topic configs of the changelog beyond {@code cleanup.policy=compact}. */
    Map<String, String> changelogConfigs();

    ManagedStore create(SerdeDefaults defaults);
}
