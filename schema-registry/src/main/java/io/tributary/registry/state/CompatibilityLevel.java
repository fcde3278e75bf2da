package io.tributary.registry.state;

import java.util.Locale;
import java.util.Optional;

/** Which earlier versions of a subject a new schema is checked against, and in which direction. */
public enum CompatibilityLevel {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    /** The new schema must read data written with the earlier ones. */
    public final boolean newReadsOld;
    /** The earlier schemas must read data written with the new one. */
    public final boolean oldReadsNew;
    /** Against every earlier (live) version, not only the latest. */
    public final boolean transitive;

    CompatibilityLevel(boolean newReadsOld, boolean oldReadsNew, boolean transitive) {
        this.newReadsOld = newReadsOld;
        this.oldReadsNew = oldReadsNew;
        this.transitive = transitive;
    }

    public static Optional<CompatibilityLevel> fromName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
