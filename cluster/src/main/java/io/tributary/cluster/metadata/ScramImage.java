package io.tributary.cluster.metadata;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The SCRAM credentials of the metadata image: per user, per mechanism, what {@link UserScramCredentialRecord}s
 * set and {@link RemoveUserScramCredentialRecord}s did not remove since. Immutable; users iterate by name, a user's
 * mechanisms in {@link ScramMechanism} order. Its {@link #toString()} names users only.
 */
public final class ScramImage {

    /** No credentials. */
    public static final ScramImage EMPTY = new ScramImage(new TreeMap<>());

    private final SortedMap<String, Map<ScramMechanism, ScramCredential>> users;

    private ScramImage(SortedMap<String, Map<ScramMechanism, ScramCredential>> users) {
        this.users = Collections.unmodifiableSortedMap(users);
    }

    /** The credential a login as {@code user} with {@code mechanism} is checked against, if there is one. */
    public Optional<ScramCredential> lookup(String user, ScramMechanism mechanism) {
        Map<ScramMechanism, ScramCredential> byMechanism = users.get(user);
        return byMechanism == null ? Optional.empty() : Optional.ofNullable(byMechanism.get(mechanism));
    }

    /** Every user with at least one credential, by name, with its credentials by mechanism (DescribeUserScram…). */
    public SortedMap<String, Map<ScramMechanism, ScramCredential>> users() {
        return users;
    }

    /** The credentials of one user, by mechanism; empty when it has none. */
    public Map<ScramMechanism, ScramCredential> credentials(String user) {
        return users.getOrDefault(user, Map.of());
    }

    /**
     * Applies {@link UserScramCredentialRecord}s and {@link RemoveUserScramCredentialRecord}s in log order, copying
     * the base's users once however many records a delta (or a snapshot) holds.
     */
    static final class Builder {
        private final ScramImage base;
        private TreeMap<String, Map<ScramMechanism, ScramCredential>> users;

        Builder(ScramImage base) {
            this.base = base;
        }

        void set(String user, ScramMechanism mechanism, ScramCredential credential) {
            EnumMap<ScramMechanism, ScramCredential> mine = mine(user);
            mine.put(mechanism, credential);
            users.put(user, Collections.unmodifiableMap(mine));
        }

        /** Removes one credential; an absent one cannot be removed (the controller checks first). */
        void remove(String user, ScramMechanism mechanism) {
            EnumMap<ScramMechanism, ScramCredential> mine = mine(user);
            if (mine.remove(mechanism) == null) {
                throw new IllegalStateException("no " + mechanism.mechanismName() + " credential for user " + user);
            }
            if (mine.isEmpty()) {
                users.remove(user);
            } else {
                users.put(user, Collections.unmodifiableMap(mine));
            }
        }

        private EnumMap<ScramMechanism, ScramCredential> mine(String user) {
            if (users == null) {
                users = new TreeMap<>(base.users);
            }
            EnumMap<ScramMechanism, ScramCredential> mine = new EnumMap<>(ScramMechanism.class);
            mine.putAll(users.getOrDefault(user, Map.of()));
            return mine;
        }

        ScramImage build() {
            return users == null ? base : new ScramImage(users);
        }
    }

    /** Records that rebuild these credentials from {@link #EMPTY}: one per (user, mechanism). */
    List<MetadataRecord> toRecords() {
        List<MetadataRecord> records = new ArrayList<>();
        users.forEach((user, byMechanism) -> byMechanism.forEach((mechanism, credential) ->
                records.add(new UserScramCredentialRecord(user, mechanism, credential))));
        return records;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScramImage other && users.equals(other.users);
    }

    @Override
    public int hashCode() {
        return users.hashCode();
    }

    @Override
    public String toString() {
        return "ScramImage(users=" + users.keySet() + ")";
    }
}
