package io.tributary.registry.state;

/**
 * A record of the {@code _schemas} topic, decoded: the events the registry's state is built from, in log order.
 * A record whose value is absent (a tombstone) removes what its key named.
 */
public sealed interface StoreRecord {

    /** A subject's version registered, soft-deleted (its {@code deleted} flag), or permanently deleted (null). */
    record Schema(String subject, int version, SchemaVersion value) implements StoreRecord {
    }

    /** A compatibility level, of a subject or (subject null) global; null removes it. */
    record Config(String subject, CompatibilityLevel level) implements StoreRecord {
    }

    /** A mode, of a subject or (subject null) global; null removes it. */
    record ModeChange(String subject, Mode mode) implements StoreRecord {
    }

    /** Confluent's soft delete of a whole subject: every version up to {@code version} is deleted. */
    record DeleteSubject(String subject, int version) implements StoreRecord {
    }

    /** Confluent's permanent delete of a whole subject's soft-deleted versions. */
    record ClearSubject(String subject) implements StoreRecord {
    }

    /** A record with no effect: a writer that wrote one and read it back has read everything before it. */
    record Noop() implements StoreRecord {
    }
}
