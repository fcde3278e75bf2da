package io.tributary.jms;

import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A connection's temporary queues and topics: topics named {@code jms-temp-<uuid>}, created with Admin, deleted
 * with Admin by {@code delete()} or when the connection closes. Only the creating connection consumes them. A deleted
 * one is an {@link InvalidDestinationException} to use: known at once in this JVM, and elsewhere because its topic no
 * longer exists (a send checks that before producing, since a producer's metadata request would create it again).
 */
final class TemporaryDestinations {

    static final String PREFIX = "jms-temp-";
    private static final Set<String> DELETED = ConcurrentHashMap.newKeySet();

    private final KafkaClients clients;
    private final Map<String, TributaryDestination> created = new ConcurrentHashMap<>();
    private final Map<String, Integer> consumers = new ConcurrentHashMap<>();

    TemporaryDestinations(KafkaClients clients) {
        this.clients = clients;
    }

    TributaryTemporaryQueue createQueue() throws JMSException {
        TributaryTemporaryQueue q = new TributaryTemporaryQueue(PREFIX + UUID.randomUUID(), this);
        clients.ensureTopic(q.topicName());
        created.put(q.topicName(), q);
        return q;
    }

    TributaryTemporaryTopic createTopic() throws JMSException {
        TributaryTemporaryTopic t = new TributaryTemporaryTopic(PREFIX + UUID.randomUUID(), this);
        clients.ensureTopic(t.topicName());
        created.put(t.topicName(), t);
        return t;
    }

    /** The temporary destination of this connection with that name, or null. */
    TributaryDestination find(String name) {
        return created.get(name);
    }

    static void delete(TributaryDestination d, TemporaryDestinations owner) throws JMSException {
        if (owner == null) {
            throw new IllegalStateException(d + " was not created by this connection");
        }
        owner.deleteOwn(d);
    }

    private void deleteOwn(TributaryDestination d) throws JMSException {
        if (consumers.getOrDefault(d.topicName(), 0) > 0) {
            throw new IllegalStateException(d + " still has consumers");
        }
        DELETED.add(d.topicName());
        created.remove(d.topicName());
        clients.deleteTopic(d.topicName());
    }

    /** Throws unless {@code d} may be sent to: not a deleted temporary destination. */
    void checkUsable(TributaryDestination d) throws JMSException {
        if (!d.isTemporary()) {
            return;
        }
        if (DELETED.contains(d.topicName()) || !created.containsKey(d.topicName())
                && !clients.topicExists(d.topicName())) {
            throw new InvalidDestinationException(d + " has been deleted");
        }
    }

    /** Throws unless {@code d} may be consumed by this connection. */
    void checkConsumable(TributaryDestination d) throws JMSException {
        if (!d.isTemporary()) {
            return;
        }
        checkUsable(d);
        if (!created.containsKey(d.topicName())) {
            throw new InvalidDestinationException(d + " belongs to another connection: only it may consume");
        }
    }

    void consumerOpened(TributaryDestination d) {
        if (d.isTemporary()) {
            consumers.merge(d.topicName(), 1, Integer::sum);
        }
    }

    void consumerClosed(TributaryDestination d) {
        if (d.isTemporary()) {
            consumers.computeIfPresent(d.topicName(), (k, n) -> n > 1 ? n - 1 : null);
        }
    }

    /** Deletes every temporary destination of the connection (it is closing). */
    void deleteAll() {
        for (String name : Set.copyOf(created.keySet())) {
            DELETED.add(name);
            created.remove(name);
            try {
                clients.deleteTopic(name);
            } catch (JMSException e) {
                // the topic outlives the connection; nothing consumes it any more
            }
        }
    }
}
