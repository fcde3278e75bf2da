package io.tributary.broker.handler;

import io.tributary.protocol.Errors;
import io.tributary.protocol.Message;
import io.tributary.protocol.message.FetchRequestData;
import io.tributary.protocol.message.FetchResponseData;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Incremental fetch sessions (KIP-227). A client opens a session with a full fetch (session 0, epoch 0); its
 * later requests name only the partitions whose fetch position changed (and those to forget), with the next
 * epoch; the answer names only the partitions that have something new — records, a moved high watermark, last
 * stable offset or log start, or an error. This keeps fetches of many idle partitions small both ways.
 *
 * <p>A session request with an unknown id is FETCH_SESSION_ID_NOT_FOUND, a wrong epoch INVALID_FETCH_SESSION_EPOCH
 * (the client then starts a new session); epoch -1 closes the session. At most {@code capacity} sessions are kept,
 * the least recently used going first.
 */
final class FetchSessions {

    /** Partitions are named by topic id in versions that have them, else by topic name. */
    record Key(String topic, UUID topicId, int partition) {
        static Key of(String topic, UUID topicId, int partition) {
            boolean byId = topicId != null && !topicId.equals(Message.ZERO_UUID);
            return new Key(byId ? null : topic, byId ? topicId : null, partition);
        }
    }

    /** What a session remembers of a partition: the client's last request and what it was last told. */
    private static final class Entry {
        String topicName;
        UUID topicId;
        FetchRequestData.FetchPartition request;
        long sentHighWatermark = Long.MIN_VALUE;
        long sentLastStable = Long.MIN_VALUE;
        long sentLogStart = Long.MIN_VALUE;
    }

    private static final class Session {
        final int id;
        int nextEpoch = 1;
        final LinkedHashMap<Key, Entry> partitions = new LinkedHashMap<>();

        Session(int id) {
            this.id = id;
        }
    }

    /** The outcome of resolving a request against the sessions. */
    record Resolved(Errors error, int sessionId, List<FetchRequestData.FetchTopic> topics, boolean incremental) {
    }

    private final int capacity;
    private final LinkedHashMap<Integer, Session> sessions = new LinkedHashMap<>(16, 0.75f, true);

    FetchSessions(int capacity) {
        this.capacity = capacity;
    }

    /** Works out which partitions to read for a request, opening, updating or closing its session. */
    synchronized Resolved resolve(FetchRequestData request) {
        int id = request.sessionId();
        int epoch = request.sessionEpoch();
        if (epoch == -1) {   // full fetch without a session; also closes the named one
            sessions.remove(id);
            return new Resolved(Errors.NONE, 0, request.topics(), false);
        }
        if (id == 0 && epoch == 0) {
            Session session = new Session(newId());
            apply(session, request);
            sessions.put(session.id, session);
            evictBeyondCapacity();
            return new Resolved(Errors.NONE, session.id, request.topics(), false);
        }
        Session session = sessions.get(id);
        if (session == null) {
            return new Resolved(Errors.FETCH_SESSION_ID_NOT_FOUND, 0, List.of(), false);
        }
        if (epoch != session.nextEpoch) {
            return new Resolved(Errors.INVALID_FETCH_SESSION_EPOCH, 0, List.of(), false);
        }
        session.nextEpoch = epoch == Integer.MAX_VALUE ? 1 : epoch + 1;
        apply(session, request);
        return new Resolved(Errors.NONE, session.id, asTopics(session), true);
    }

    private int newId() {
        int id;
        do {
            id = ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE);
        } while (sessions.containsKey(id));
        return id;
    }

    private void evictBeyondCapacity() {
        Iterator<Integer> oldest = sessions.keySet().iterator();
        while (sessions.size() > capacity && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
    }

    private static void apply(Session session, FetchRequestData request) {
        for (FetchRequestData.FetchTopic topic : request.topics()) {
            for (FetchRequestData.FetchPartition p : topic.partitions()) {
                Key key = Key.of(topic.topic(), topic.topicId(), p.partition());
                Entry entry = session.partitions.computeIfAbsent(key, k -> new Entry());
                entry.topicName = topic.topic();
                entry.topicId = topic.topicId();
                entry.request = p;
                entry.sentHighWatermark = Long.MIN_VALUE;   // named again: always answer it
            }
        }
        if (request.forgottenTopicsData() != null) {
            for (FetchRequestData.ForgottenTopic forgotten : request.forgottenTopicsData()) {
                for (int partition : forgotten.partitions()) {
                    session.partitions.remove(Key.of(forgotten.topic(), forgotten.topicId(), partition));
                }
            }
        }
    }

    private static List<FetchRequestData.FetchTopic> asTopics(Session session) {
        Map<Key, FetchRequestData.FetchTopic> topics = new LinkedHashMap<>();
        for (Map.Entry<Key, Entry> e : session.partitions.entrySet()) {
            Key topicKey = new Key(e.getKey().topic(), e.getKey().topicId(), -1);
            topics.computeIfAbsent(topicKey, k -> new FetchRequestData.FetchTopic().setTopic(e.getValue().topicName)
                    .setTopicId(e.getValue().topicId).setPartitions(new ArrayList<>()))
                    .partitions().add(e.getValue().request);
        }
        return new ArrayList<>(topics.values());
    }

    /**
     * Drops from an incremental answer the partitions with nothing new, and remembers what the others were told.
     */
    synchronized void filterAndRemember(int sessionId, FetchResponseData response, boolean incremental) {
        Session session = sessions.get(sessionId);
        if (session == null) {
            return;
        }
        for (FetchResponseData.FetchableTopicResponse topic : response.responses()) {
            topic.partitions().removeIf(p -> {
                Entry entry = session.partitions.get(Key.of(topic.topic(), topic.topicId(), p.partitionIndex()));
                if (entry == null) {
                    return false;
                }
                boolean changed = p.errorCode() != Errors.NONE.code() || p.records().sizeInBytes() > 0
                        || p.highWatermark() != entry.sentHighWatermark || p.lastStableOffset() != entry.sentLastStable
                        || p.logStartOffset() != entry.sentLogStart;
                entry.sentHighWatermark = p.highWatermark();
                entry.sentLastStable = p.lastStableOffset();
                entry.sentLogStart = p.logStartOffset();
                return incremental && !changed;
            });
        }
        response.responses().removeIf(t -> incremental && t.partitions().isEmpty());
    }

    synchronized int size() {
        return sessions.size();
    }
}
