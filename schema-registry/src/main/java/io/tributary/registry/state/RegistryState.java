package io.tributary.registry.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.logging.Logger;

/**
 * Everything the registry knows, built only by applying the {@code _schemas} records in log order
 * ({@link #apply}); every instance that applied the same records holds the same state. Queries return immutable
 * values. Thread-safe: the log reader applies while request threads read.
 *
 * <p>One rule keeps ids meaning one schema even if two writers raced (a paused old writer and a new one): a record
 * that gives an id already held by another schema is ignored, by every reader alike; its writer sees that its
 * record did not take and answers an error.
 */
public final class RegistryState {

    private static final Logger LOG = Logger.getLogger(RegistryState.class.getName());

    private final Map<String, NavigableMap<Integer, SchemaVersion>> subjects = new HashMap<>();
    private final Map<Integer, StoredSchema> schemasById = new HashMap<>();
    private final Map<StoredSchema, Integer> idsBySchema = new HashMap<>();
    private final Map<String, CompatibilityLevel> configs = new HashMap<>();
    private final Map<String, Mode> modes = new HashMap<>();
    private int maxId;

    /** Applies one record of the log. */
    public synchronized void apply(StoreRecord record) {
        if (record instanceof StoreRecord.Schema s) {
            applySchema(s);
        } else if (record instanceof StoreRecord.Config c) {
            if (c.level() == null) {
                configs.remove(key(c.subject()));
            } else {
                configs.put(key(c.subject()), c.level());
            }
        } else if (record instanceof StoreRecord.ModeChange m) {
            if (m.mode() == null) {
                modes.remove(key(m.subject()));
            } else {
                modes.put(key(m.subject()), m.mode());
            }
        } else if (record instanceof StoreRecord.DeleteSubject d) {
            NavigableMap<Integer, SchemaVersion> versions = subjects.get(d.subject());
            if (versions != null) {
                versions.headMap(d.version(), true).replaceAll((v, sv) -> sv.asDeleted());
            }
        } else if (record instanceof StoreRecord.ClearSubject c) {
            NavigableMap<Integer, SchemaVersion> versions = subjects.get(c.subject());
            if (versions != null) {
                for (SchemaVersion sv : List.copyOf(versions.values())) {
                    if (sv.deleted()) {
                        remove(sv);
                    }
                }
            }
        }
        // Noop: nothing to change
    }

    private void applySchema(StoreRecord.Schema s) {
        SchemaVersion value = s.value();
        if (value == null) {
            SchemaVersion gone = subjects.getOrDefault(s.subject(), new TreeMap<>()).get(s.version());
            if (gone != null) {
                remove(gone);
            }
            return;
        }
        StoredSchema stored = value.stored();
        StoredSchema holder = schemasById.get(value.id());
        if (holder != null && !holder.equals(stored)) {
            LOG.warning("_schemas: ignoring " + s.subject() + " version " + s.version() + ": id " + value.id()
                    + " already names another schema (two writers raced)");
            return;
        }
        SchemaVersion previous = subjects.computeIfAbsent(s.subject(), k -> new TreeMap<>()).put(s.version(), value);
        if (previous != null && previous.id() != value.id()) {
            forgetIfUnused(previous.id());
        }
        schemasById.put(value.id(), stored);
        idsBySchema.merge(stored, value.id(), Math::min);
        maxId = Math.max(maxId, value.id());
    }

    private void remove(SchemaVersion sv) {
        NavigableMap<Integer, SchemaVersion> versions = subjects.get(sv.subject());
        versions.remove(sv.version());
        if (versions.isEmpty()) {
            subjects.remove(sv.subject());
        }
        forgetIfUnused(sv.id());
    }

    private void forgetIfUnused(int id) {
        for (NavigableMap<Integer, SchemaVersion> versions : subjects.values()) {
            for (SchemaVersion sv : versions.values()) {
                if (sv.id() == id) {
                    return;
                }
            }
        }
        StoredSchema stored = schemasById.remove(id);
        if (stored != null) {
            idsBySchema.remove(stored, id);
        }
    }

    private static String key(String subject) {
        return subject == null ? "" : subject;
    }

    /** Subjects with at least one live version (or any version, with {@code includeDeleted}), sorted. */
    public synchronized List<String> subjects(boolean includeDeleted) {
        TreeSet<String> out = new TreeSet<>();
        subjects.forEach((subject, versions) -> {
            if (includeDeleted || versions.values().stream().anyMatch(v -> !v.deleted())) {
                out.add(subject);
            }
        });
        return List.copyOf(out);
    }

    /** A subject's versions, oldest first; soft-deleted ones only with {@code includeDeleted}. */
    public synchronized List<SchemaVersion> versions(String subject, boolean includeDeleted) {
        NavigableMap<Integer, SchemaVersion> versions = subjects.get(subject);
        if (versions == null) {
            return List.of();
        }
        List<SchemaVersion> out = new ArrayList<>();
        for (SchemaVersion v : versions.values()) {
            if (includeDeleted || !v.deleted()) {
                out.add(v);
            }
        }
        return out;
    }

    public synchronized Optional<SchemaVersion> version(String subject, int version) {
        NavigableMap<Integer, SchemaVersion> versions = subjects.get(subject);
        return versions == null ? Optional.empty() : Optional.ofNullable(versions.get(version));
    }

    /** The highest version number the subject has used, deleted or not (0 if none). */
    public synchronized int highestVersion(String subject) {
        NavigableMap<Integer, SchemaVersion> versions = subjects.get(subject);
        return versions == null || versions.isEmpty() ? 0 : versions.lastKey();
    }

    public synchronized Optional<StoredSchema> schema(int id) {
        return Optional.ofNullable(schemasById.get(id));
    }

    public synchronized OptionalInt idOf(StoredSchema schema) {
        Integer id = idsBySchema.get(schema);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /** The highest id ever applied; a new schema gets the next one. */
    public synchronized int maxId() {
        return maxId;
    }

    /** Every subject version registered with this id (soft-deleted ones only with {@code includeDeleted}). */
    public synchronized List<SchemaVersion> usesOf(int id, boolean includeDeleted) {
        List<SchemaVersion> out = new ArrayList<>();
        for (String subject : new TreeSet<>(subjects.keySet())) {
            for (SchemaVersion sv : subjects.get(subject).values()) {
                if (sv.id() == id && (includeDeleted || !sv.deleted())) {
                    out.add(sv);
                }
            }
        }
        return out;
    }

    /** Ids of the live schemas that reference this subject version. */
    public synchronized List<Integer> referencedBy(String subject, int version) {
        TreeSet<Integer> ids = new TreeSet<>();
        for (NavigableMap<Integer, SchemaVersion> versions : subjects.values()) {
            for (SchemaVersion sv : versions.values()) {
                if (!sv.deleted() && sv.references().stream()
                        .anyMatch(r -> r.subject().equals(subject) && r.version() == version)) {
                    ids.add(sv.id());
                }
            }
        }
        return List.copyOf(ids);
    }

    /** Every version of every subject (for the {@code GET /schemas} listing). */
    public synchronized List<SchemaVersion> allVersions(boolean includeDeleted) {
        List<SchemaVersion> out = new ArrayList<>();
        for (String subject : new TreeSet<>(subjects.keySet())) {
            for (SchemaVersion sv : subjects.get(subject).values()) {
                if (includeDeleted || !sv.deleted()) {
                    out.add(sv);
                }
            }
        }
        return out;
    }

    /** The level set for a subject, or (subject null) globally, if one was set. */
    public synchronized Optional<CompatibilityLevel> config(String subject) {
        return Optional.ofNullable(configs.get(key(subject)));
    }

    public synchronized Optional<Mode> mode(String subject) {
        return Optional.ofNullable(modes.get(key(subject)));
    }
}
