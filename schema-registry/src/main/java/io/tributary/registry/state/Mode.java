package io.tributary.registry.state;

import java.util.Locale;
import java.util.Optional;

/**
 * What writes a subject (or, globally, the registry) accepts: all ({@code READWRITE}), none ({@code READONLY}), or
 * schemas with the ids and versions a migration gives ({@code IMPORT}).
 */
public enum Mode {
    READWRITE, READONLY, READONLY_OVERRIDE, IMPORT;

    public static Optional<Mode> fromName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public boolean readOnly() {
        return this == READONLY || this == READONLY_OVERRIDE;
    }
}
