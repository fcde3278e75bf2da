package io.tributary.registry;

import io.tributary.registry.schema.InvalidSchemaException;
import io.tributary.registry.schema.ParsedSchema;
import io.tributary.registry.schema.Reference;
import io.tributary.registry.schema.SchemaParser;
import io.tributary.registry.schema.SchemaType;
import io.tributary.registry.state.CompatibilityLevel;
import io.tributary.registry.state.Mode;
import io.tributary.registry.state.RegistryState;
import io.tributary.registry.state.SchemaVersion;
import io.tributary.registry.state.StoredSchema;
import io.tributary.registry.store.SchemaLog;
import io.tributary.registry.store.StoreException;
import io.tributary.registry.store.StoreRecordCodec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The registry's operations, with Confluent's rules: reads answer from the state the log reader built; writes are
 * checked against that state, appended to the log, and answered once this instance has read them back. Writes run
 * one at a time (the lock), so ids and versions are chosen from a state that includes every earlier write.
 */
public final class SchemaRegistry {

    private final RegistryState state;
    private final SchemaLog log;
    private final Map<SchemaType, SchemaParser> parsers;
    private final CompatibilityLevel defaultLevel;
    private final Map<StoredSchema, ParsedSchema> parsed = new ConcurrentHashMap<>();
    private final ReentrantLock writeLock = new ReentrantLock();

    public SchemaRegistry(RegistryState state, SchemaLog log, List<SchemaParser> parsers,
                          CompatibilityLevel defaultLevel) {
        this.state = state;
        this.log = log;
        this.parsers = new LinkedHashMap<>();
        parsers.forEach(p -> this.parsers.put(p.type(), p));
        this.defaultLevel = defaultLevel;
    }

    /** The schema languages this registry parses. */
    public List<SchemaType> types() {
        return List.copyOf(parsers.keySet());
    }

    public RegistryState state() {
        return state;
    }

    // ---- reads ----

    public List<String> subjects(String prefix, boolean includeDeleted, boolean deletedOnly) {
        List<String> live = state.subjects(false);
        List<String> out = new ArrayList<>();
        for (String s : state.subjects(includeDeleted || deletedOnly)) {
            if ((prefix == null || s.startsWith(prefix)) && (!deletedOnly || !live.contains(s))) {
                out.add(s);
            }
        }
        return out;
    }

    public List<Integer> versions(String subject, boolean includeDeleted, boolean deletedOnly)
            throws RegistryException {
        List<SchemaVersion> versions = state.versions(subject, includeDeleted || deletedOnly);
        if (versions.isEmpty()) {
            throw RegistryException.subjectNotFound(subject);
        }
        List<Integer> out = new ArrayList<>();
        for (SchemaVersion v : versions) {
            if (!deletedOnly || v.deleted()) {
                out.add(v.version());
            }
        }
        return out;
    }

    /** A version by its number or {@code latest}/{@code -1} (the latest live one). */
    public SchemaVersion version(String subject, String versionSpec, boolean includeDeleted)
            throws RegistryException {
        int wanted = parseVersion(versionSpec);
        List<SchemaVersion> versions = state.versions(subject, includeDeleted);
        if (versions.isEmpty()) {
            throw RegistryException.subjectNotFound(subject);
        }
        if (wanted == -1) {
            return versions.get(versions.size() - 1);
        }
        for (SchemaVersion v : versions) {
            if (v.version() == wanted) {
                return v;
            }
        }
        throw RegistryException.versionNotFound(wanted);
    }

    static int parseVersion(String spec) throws RegistryException {
        if ("latest".equals(spec)) {
            return -1;
        }
        try {
            int v = Integer.parseInt(spec);
            if (v == -1 || v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw RegistryException.invalidVersion(spec);
    }

    public List<Integer> referencedBy(String subject, String versionSpec) throws RegistryException {
        SchemaVersion v = version(subject, versionSpec, false);
        return state.referencedBy(subject, v.version());
    }

    /**
     * The schema with this id. A {@code ?subject=} given with it (as deserializers send it) does not narrow it: like
     * Confluent's registry, an id held only by other subjects is still found, so a record written under another
     * naming strategy stays readable.
     */
    public StoredSchema schemaById(int id) throws RegistryException {
        return state.schema(id).orElseThrow(() -> RegistryException.schemaNotFound(id));
    }

    /**
     * A stored schema's text as {@code ?format=} asks ({@link ParsedSchema#formatted}); the stored text itself for
     * no format, as Confluent answers without parsing.
     */
    public String formatted(StoredSchema stored, String format) throws RegistryException {
        if (format == null || format.isBlank()) {
            return stored.schema();
        }
        return parsedOf(stored).formatted(format);
    }

    public List<SchemaVersion> usesOf(int id, boolean includeDeleted) throws RegistryException {
        state.schema(id).orElseThrow(() -> RegistryException.schemaNotFound(id));
        return state.usesOf(id, includeDeleted);
    }

    /** Every version of every subject, filtered as {@code GET /schemas} asks. */
    public List<SchemaVersion> schemas(String prefix, boolean includeDeleted, boolean latestOnly) {
        Map<String, SchemaVersion> latest = new LinkedHashMap<>();
        List<SchemaVersion> out = new ArrayList<>();
        for (SchemaVersion v : state.allVersions(includeDeleted)) {
            if (prefix != null && !v.subject().startsWith(prefix)) {
                continue;
            }
            if (latestOnly) {
                latest.put(v.subject(), v);
            } else {
                out.add(v);
            }
        }
        return latestOnly ? new ArrayList<>(latest.values()) : out;
    }

    /** The version of {@code subject} holding this schema. */
    public SchemaVersion lookup(String subject, SchemaRequest request, boolean normalize, boolean includeDeleted)
            throws RegistryException {
        if (state.versions(subject, includeDeleted).isEmpty()) {
            throw RegistryException.subjectNotFound(subject);
        }
        ParsedSchema schema = parse(request, normalize);
        StoredSchema wanted = new StoredSchema(schema.type(), schema.canonical(), schema.references());
        List<SchemaVersion> versions = state.versions(subject, includeDeleted);
        for (int i = versions.size() - 1; i >= 0; i--) {
            SchemaVersion v = versions.get(i);
            if (v.stored().equals(wanted) || (normalize && normalizedEquals(v, wanted))) {
                return v;
            }
        }
        throw RegistryException.schemaNotFound();
    }

    private boolean normalizedEquals(SchemaVersion v, StoredSchema wanted) {
        try {
            ParsedSchema n = parsedOf(v.stored()).normalized();
            return n.canonical().equals(wanted.schema()) && v.type() == wanted.type()
                    && v.references().equals(wanted.references());
        } catch (RegistryException e) {
            return false;
        }
    }

    /** Whether the schema may be registered in {@code subject}: the problems against the versions it is checked with. */
    public List<String> checkCompatibility(String subject, String versionSpec, SchemaRequest request,
                                           boolean normalize) throws RegistryException {
        ParsedSchema candidate = parse(request, normalize);
        CompatibilityLevel level = effectiveLevel(subject);
        List<Compatibility.Earlier> earlier = new ArrayList<>();
        if (versionSpec == null) {
            for (SchemaVersion v : state.versions(subject, false)) {
                earlier.add(new Compatibility.Earlier(v.version(), parsedOf(v.stored())));
            }
            return Compatibility.check(candidate, earlier, level);
        }
        if (parseVersion(versionSpec) == -1 && state.versions(subject, false).isEmpty()) {
            return List.of();   // nothing to be incompatible with (Confluent answers compatible too)
        }
        SchemaVersion against = version(subject, versionSpec, false);
        earlier.add(new Compatibility.Earlier(against.version(), parsedOf(against.stored())));
        return Compatibility.check(candidate, earlier, level);
    }

    public CompatibilityLevel effectiveLevel(String subject) {
        return state.config(subject).or(() -> state.config(null)).orElse(defaultLevel);
    }

    public Optional<CompatibilityLevel> subjectLevel(String subject) {
        return state.config(subject);
    }

    public Mode effectiveMode(String subject) {
        return (subject == null ? Optional.<Mode>empty() : state.mode(subject)).or(() -> state.mode(null))
                .orElse(Mode.READWRITE);
    }

    public Optional<Mode> subjectMode(String subject) {
        return state.mode(subject);
    }

    // ---- writes ----

    /** What a registration answers: the schema's id and the version it has in the subject. */
    public record Registered(int id, int version) {
    }

    /**
     * The registration {@code request} would repeat, if its schema is already a live version of {@code subject}:
     * answered from this instance's state without a write (any instance may answer it, as Confluent's followers do).
     */
    public Optional<Registered> alreadyRegistered(String subject, SchemaRequest request, boolean normalize)
            throws RegistryException {
        if (request.id() != null || effectiveMode(subject) != Mode.READWRITE) {
            return Optional.empty();   // the write path gives read-only and import mode their answers
        }
        List<SchemaVersion> live = state.versions(subject, false);
        if (live.isEmpty()) {
            return Optional.empty();
        }
        ParsedSchema schema = parse(request, normalize);
        StoredSchema stored = new StoredSchema(schema.type(), schema.canonical(), schema.references());
        for (SchemaVersion v : live) {
            if (v.stored().equals(stored)) {
                return Optional.of(new Registered(v.id(), v.version()));
            }
        }
        return Optional.empty();
    }

    public Registered register(String subject, SchemaRequest request, boolean normalize) throws RegistryException {
        writeLock.lock();
        try {
            catchUp();
            Mode mode = effectiveMode(subject);
            if (mode.readOnly()) {
                throw readOnly(subject);
            }
            if (request.id() != null && mode != Mode.IMPORT) {
                throw RegistryException.operationNotPermitted("Subject " + subject + " in context  is not in import "
                        + "mode");
            }
            if (request.id() == null && mode == Mode.IMPORT) {
                throw RegistryException.operationNotPermitted("Subject " + subject + " in context  is not in "
                        + "read-write mode");
            }
            ParsedSchema schema = parse(request, normalize);
            StoredSchema stored = new StoredSchema(schema.type(), schema.canonical(), schema.references());
            List<SchemaVersion> live = state.versions(subject, false);
            for (SchemaVersion v : live) {
                if (v.stored().equals(stored) && (request.id() == null || request.id() == v.id())) {
                    return new Registered(v.id(), v.version());
                }
            }
            int id;
            int version;
            if (mode == Mode.IMPORT && request.id() != null) {
                id = request.id();
                Optional<StoredSchema> holder = state.schema(id);
                if (holder.isPresent() && !holder.get().equals(stored)) {
                    throw RegistryException.operationNotPermitted("Overwrite new schema with id " + id
                            + " is not permitted.");
                }
                version = request.version() != null ? request.version() : state.highestVersion(subject) + 1;
                if (state.version(subject, version).isPresent()) {
                    throw RegistryException.operationNotPermitted("Overwrite new schema with version " + version
                            + " of subject " + subject + " is not permitted.");
                }
            } else {
                if (mode != Mode.IMPORT) {
                    List<Compatibility.Earlier> earlier = new ArrayList<>();
                    for (SchemaVersion v : live) {
                        earlier.add(new Compatibility.Earlier(v.version(), parsedOf(v.stored())));
                    }
                    List<String> problems = Compatibility.check(schema, earlier, effectiveLevel(subject));
                    if (!problems.isEmpty()) {
                        throw RegistryException.incompatible("Schema being registered is incompatible with an "
                                + "earlier schema for subject \"" + subject + "\", details: " + problems);
                    }
                }
                id = state.idOf(stored).orElse(state.maxId() + 1);
                version = state.highestVersion(subject) + 1;
            }
            SchemaVersion entry = new SchemaVersion(subject, version, id, schema.type(), schema.canonical(),
                    schema.references(), false);
            write(StoreRecordCodec.schemaKey(subject, version), StoreRecordCodec.schemaValue(entry));
            if (!state.version(subject, version).map(v -> v.id() == id).orElse(false)) {
                throw RegistryException.storeError("Error while registering the schema: another writer took id "
                        + id + " or version " + version + " of subject " + subject + " first; try again");
            }
            parsed.putIfAbsent(stored, schema);
            return new Registered(id, version);
        } finally {
            writeLock.unlock();
        }
    }

    /** Deletes a subject's versions (soft, or permanently those already soft-deleted); answers their numbers. */
    public List<Integer> deleteSubject(String subject, boolean permanent) throws RegistryException {
        writeLock.lock();
        try {
            catchUp();
            checkWritable(subject);
            List<SchemaVersion> all = state.versions(subject, true);
            if (all.isEmpty()) {
                throw RegistryException.subjectNotFound(subject);
            }
            List<SchemaVersion> live = state.versions(subject, false);
            List<Integer> out = new ArrayList<>();
            if (!permanent) {
                if (live.isEmpty()) {
                    throw RegistryException.subjectSoftDeleted(subject);
                }
                for (SchemaVersion v : live) {
                    checkNotReferenced(v);
                }
                for (SchemaVersion v : live) {
                    write(StoreRecordCodec.schemaKey(subject, v.version()),
                            StoreRecordCodec.schemaValue(v.asDeleted()));
                    out.add(v.version());
                }
                return out;
            }
            if (!live.isEmpty()) {
                throw RegistryException.subjectNotSoftDeleted(subject);
            }
            for (SchemaVersion v : all) {
                write(StoreRecordCodec.schemaKey(subject, v.version()), null);
                out.add(v.version());
            }
            return out;
        } finally {
            writeLock.unlock();
        }
    }

    /** Deletes one version (soft, or permanently once soft-deleted); answers its number. */
    public int deleteVersion(String subject, String versionSpec, boolean permanent) throws RegistryException {
        writeLock.lock();
        try {
            catchUp();
            checkWritable(subject);
            int wanted = parseVersion(versionSpec);
            if (state.versions(subject, true).isEmpty()) {
                throw RegistryException.subjectNotFound(subject);
            }
            // "latest" is the latest live version for a soft delete, the latest of all for a permanent one; a
            // number finds its version whether deleted or not, so a second soft delete says it was (40406).
            SchemaVersion v = version(subject, versionSpec, wanted != -1 || permanent);
            if (!permanent) {
                if (v.deleted()) {
                    throw RegistryException.versionSoftDeleted(subject, v.version());
                }
                checkNotReferenced(v);
                write(StoreRecordCodec.schemaKey(subject, v.version()), StoreRecordCodec.schemaValue(v.asDeleted()));
                return v.version();
            }
            if (!v.deleted()) {
                throw RegistryException.versionNotSoftDeleted(subject, v.version());
            }
            write(StoreRecordCodec.schemaKey(subject, v.version()), null);
            return wanted == -1 ? v.version() : wanted;
        } finally {
            writeLock.unlock();
        }
    }

    private void checkNotReferenced(SchemaVersion v) throws RegistryException {
        List<Integer> by = state.referencedBy(v.subject(), v.version());
        if (!by.isEmpty()) {
            throw RegistryException.referenceExists("One or more references exist to the schema {magic=1,keytype="
                    + "SCHEMA,subject=" + v.subject() + ",version=" + v.version() + "}.");
        }
    }

    private void checkWritable(String subject) throws RegistryException {
        if (effectiveMode(subject).readOnly()) {
            throw readOnly(subject);
        }
    }

    /** Confluent's words, context included (the default context prints as nothing, hence the two spaces). */
    private static RegistryException readOnly(String subject) {
        return RegistryException.operationNotPermitted("Subject " + subject + " in context  is in read-only mode");
    }

    /** Sets the level of a subject, or (subject null) the global one. */
    public void setLevel(String subject, CompatibilityLevel level) throws RegistryException {
        writeLock.lock();
        try {
            catchUp();
            if (subject != null) {
                checkWritable(subject);
            }
            write(StoreRecordCodec.configKey(subject), StoreRecordCodec.configValue(level));
        } finally {
            writeLock.unlock();
        }
    }

    /** Removes the level of a subject, or (subject null) the global one; answers what it was. */
    public CompatibilityLevel deleteLevel(String subject) throws RegistryException {
        writeLock.lock();
        try {
            catchUp();
            Optional<CompatibilityLevel> was = state.config(subject);
            if (was.isEmpty() && subject != null) {
                throw RegistryException.subjectNotFound(subject);   // Confluent's answer here (GET says 40408)
            }
            write(StoreRecordCodec.configKey(subject), null);
            return was.orElse(defaultLevel);
        } finally {
            writeLock.unlock();
        }
    }

    /** Sets a mode; IMPORT needs an empty registry (or subject) unless {@code force}. */
    public void setMode(String subject, Mode mode, boolean force) throws RegistryException {
        writeLock.lock();
        try {
            catchUp();
            if (mode == Mode.IMPORT && !force) {
                boolean empty = subject == null ? state.subjects(true).isEmpty()
                        : state.versions(subject, true).isEmpty();
                if (!empty) {
                    throw RegistryException.operationNotPermitted("Cannot import since found existing subjects");
                }
            }
            write(StoreRecordCodec.modeKey(subject), StoreRecordCodec.modeValue(mode));
        } finally {
            writeLock.unlock();
        }
    }

    public Mode deleteMode(String subject) throws RegistryException {
        writeLock.lock();
        try {
            catchUp();
            Optional<Mode> was = state.mode(subject);
            if (was.isEmpty()) {
                throw RegistryException.subjectNotFound(subject);   // Confluent's answer here (GET says 40409)
            }
            write(StoreRecordCodec.modeKey(subject), null);
            return was.get();
        } finally {
            writeLock.unlock();
        }
    }

    /** Waits until this instance has read everything in the log (another instance's writes included). */
    public void catchUp() throws RegistryException {
        try {
            log.awaitCaughtUp();
        } catch (StoreException e) {
            throw storeFailure(e);
        }
    }

    private void write(byte[] key, byte[] value) throws RegistryException {
        try {
            log.awaitApplied(log.append(key, value));
        } catch (StoreException e) {
            throw storeFailure(e);
        }
    }

    private static RegistryException storeFailure(StoreException e) {
        return e.timeout() ? RegistryException.storeTimeout(e.getMessage())
                : RegistryException.storeError(e.getMessage());
    }

    // ---- parsing ----

    private ParsedSchema parse(SchemaRequest request, boolean normalize) throws RegistryException {
        if (request.schema() == null || request.schema().isBlank()) {
            throw RegistryException.invalidSchema("Empty schema");
        }
        SchemaParser parser = parsers.get(request.type());
        if (parser == null) {
            throw RegistryException.invalidSchema("Schema type " + request.type() + " is not supported by this "
                    + "registry; supported: " + parsers.keySet());
        }
        Map<String, ParsedSchema> dependencies = new LinkedHashMap<>();
        for (Reference r : request.references()) {
            dependencies.put(r.name(), resolve(r));
        }
        try {
            ParsedSchema schema = parser.parse(request.schema(), request.references(), dependencies);
            return normalize ? schema.normalized() : schema;
        } catch (InvalidSchemaException e) {
            throw RegistryException.invalidSchema(e.getMessage());
        }
    }

    /** The schema a reference names, parsed with its own references (so it knows its whole closure). */
    private ParsedSchema resolve(Reference r) throws RegistryException {
        if (r.name() == null || r.subject() == null) {
            throw RegistryException.invalidSchema("Invalid schema reference " + r + ": name and subject are "
                    + "required");
        }
        SchemaVersion target = state.version(r.subject(), r.version()).filter(v -> !v.deleted()).orElseThrow(
                () -> RegistryException.invalidSchema("Invalid schema: reference " + r.name() + " to subject "
                        + r.subject() + " version " + r.version() + " does not exist"));
        return parsedOf(target.stored());
    }

    /** A stored schema parsed (once; kept for later checks). */
    ParsedSchema parsedOf(StoredSchema stored) throws RegistryException {
        ParsedSchema known = parsed.get(stored);
        if (known != null) {
            return known;
        }
        ParsedSchema schema = parse(new SchemaRequest(stored.schema(), stored.type(), stored.references(), null,
                null), false);
        parsed.put(stored, schema);
        return schema;
    }
}
