package io.tributary.broker.share;

import io.tributary.protocol.Errors;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The share sessions of this broker (KIP-932): per group member, the share-partitions it fetches here, so a fetch
 * need only name what changed. Epoch 0 opens a session (replacing the member's old one), each later request carries
 * the next epoch (1, 2, ..., wrapping past {@code Integer.MAX_VALUE} to 1), and -1 ends it. At most
 * {@code maxSessions} live at once; when full, sessions idle for longer than the session timeout make room, else a
 * new one is refused (SHARE_SESSION_LIMIT_REACHED). Thread-safe (one lock: sessions change once per request).
 */
public final class ShareSessions {

    /** A member's share session. */
    public record Key(String groupId, String memberId) {
    }

    /**
     * The outcome of a request's session step: the partitions to fetch now (the whole session after the changes),
     * those dropped with the session if it ended or was replaced, or an error for the whole request.
     */
    public record Resolved(Errors error, List<SharePartitionKey> partitions, List<SharePartitionKey> ended) {
        static Resolved failed(Errors error) {
            return new Resolved(error, List.of(), List.of());
        }
    }

    /** What {@link #resolve} is told to do besides checking the epoch. */
    public record Changes(Collection<SharePartitionKey> added, Collection<SharePartitionKey> forgotten) {
        public static final Changes NONE = new Changes(List.of(), List.of());
    }

    private static final class Session {
        final Set<SharePartitionKey> partitions = new LinkedHashSet<>();
        int nextEpoch = 1;
        long lastUsedMs;
    }

    public static final int INITIAL_EPOCH = 0;
    public static final int FINAL_EPOCH = -1;

    private final int maxSessions;
    private final Map<Key, Session> sessions = new HashMap<>();

    public ShareSessions(int maxSessions) {
        this.maxSessions = maxSessions;
    }

    /**
     * Applies one ShareFetch or ShareAcknowledge to its member's session. Epoch 0 opens it with {@code added};
     * -1 ends it (answering its partitions, which the caller releases); otherwise the epoch must be the session's
     * next one and the session then gains {@code added} and loses {@code forgotten}.
     *
     * @param idleTimeoutMs how long a session may go unused before a new one may take its place when the cache is full
     */
    public synchronized Resolved resolve(String groupId, String memberId, int epoch, Changes changes,
                                         long idleTimeoutMs, long nowMs) {
        Key key = new Key(groupId, memberId);
        Session session = sessions.get(key);
        if (epoch == INITIAL_EPOCH) {
            List<SharePartitionKey> ended = session == null ? List.of() : new ArrayList<>(session.partitions);
            if (session == null && sessions.size() >= maxSessions && !evictIdle(idleTimeoutMs, nowMs)) {
                return Resolved.failed(Errors.SHARE_SESSION_LIMIT_REACHED);
            }
            session = new Session();
            sessions.put(key, session);
            session.partitions.addAll(changes.added());
            session.lastUsedMs = nowMs;
            List<SharePartitionKey> now = List.copyOf(session.partitions);
            List<SharePartitionKey> dropped = new ArrayList<>(ended);
            dropped.removeAll(now);
            return new Resolved(Errors.NONE, now, dropped);
        }
        if (session == null) {
            return Resolved.failed(Errors.SHARE_SESSION_NOT_FOUND);
        }
        if (epoch == FINAL_EPOCH) {
            sessions.remove(key);
            return new Resolved(Errors.NONE, List.of(), List.copyOf(session.partitions));
        }
        if (epoch != session.nextEpoch) {
            return Resolved.failed(Errors.INVALID_SHARE_SESSION_EPOCH);
        }
        session.nextEpoch = epoch == Integer.MAX_VALUE ? 1 : epoch + 1;
        session.lastUsedMs = nowMs;
        session.partitions.addAll(changes.added());
        session.partitions.removeAll(changes.forgotten());
        return new Resolved(Errors.NONE, List.copyOf(session.partitions), List.copyOf(changes.forgotten()));
    }

    private boolean evictIdle(long idleTimeoutMs, long nowMs) {
        Key oldest = null;
        long oldestUse = Long.MAX_VALUE;
        for (Map.Entry<Key, Session> e : sessions.entrySet()) {
            if (e.getValue().lastUsedMs < oldestUse) {
                oldest = e.getKey();
                oldestUse = e.getValue().lastUsedMs;
            }
        }
        if (oldest == null || nowMs - oldestUse < idleTimeoutMs) {
            return false;
        }
        sessions.remove(oldest);
        return true;
    }

    public synchronized int size() {
        return sessions.size();
    }
}
