package io.tributary.jms;

import io.tributary.jms.message.DestinationResolver;
import io.tributary.jms.message.TrustedClasses;
import jakarta.jms.ConnectionConsumer;
import jakarta.jms.ConnectionMetaData;
import jakarta.jms.Destination;
import jakarta.jms.ExceptionListener;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueSession;
import jakarta.jms.ServerSessionPool;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicSession;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * A connection: the Kafka clients its sessions share ({@link KafkaClients}, made when first needed, which also fixes
 * the client ID), its started/stopped state, its temporary destinations and the durable subscriptions active on it.
 * Asynchronous failures (a listener's delivery, an undecodable record) go to its ExceptionListener.
 */
public class TributaryConnection implements QueueConnection, TopicConnection, DestinationResolver {

    /** The record header naming the sending connection: what a noLocal subscriber skips. */
    static final String CONNECTION_HEADER = "jms.connection";
    private static final Set<String> ACTIVE_DURABLE = ConcurrentHashMap.newKeySet();

    private final Properties kafkaProperties;
    private final TrustedClasses trustedClasses;
    private final int maxShareMembers;
    private final boolean autoAcknowledgeBatching;
    private final AcknowledgementTimer acknowledgementTimer;
    private final String id = UUID.randomUUID().toString();
    private final byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
    private final DeliveryGate gate = new DeliveryGate();
    private final List<TributarySession> sessions = new CopyOnWriteArrayList<>();
    private final Set<String> durableHere = ConcurrentHashMap.newKeySet();
    private final java.util.Map<String, Integer> sharedConsumers = new ConcurrentHashMap<>();
    private String clientId;
    private boolean clientIdFixed;
    private volatile ExceptionListener exceptionListener;
    private KafkaClients clients;
    private TemporaryDestinations temporaries;
    private Subscriptions subscriptions;
    private volatile boolean closed;

    TributaryConnection(Properties kafkaProperties, String clientId, TrustedClasses trustedClasses,
            int maxShareMembers, boolean autoAcknowledgeBatching) {
        this.kafkaProperties = kafkaProperties;
        this.clientId = clientId;
        this.clientIdFixed = clientId != null;
        this.trustedClasses = trustedClasses;
        this.maxShareMembers = maxShareMembers;
        this.autoAcknowledgeBatching = autoAcknowledgeBatching;
        this.acknowledgementTimer = new AcknowledgementTimer("tributary-jms-acks-" + id);
    }

    /** Whether AUTO_ACKNOWLEDGE queue acknowledgements may wait for the next fetch (see AcknowledgementTimer). */
    boolean autoAcknowledgeBatching() {
        return autoAcknowledgeBatching;
    }

    AcknowledgementTimer acknowledgementTimer() {
        return acknowledgementTimer;
    }

    /** Sends what this connection's consumers acknowledged and let wait, waiting for the broker (a browser's start). */
    void flushAcknowledgements() {
        for (TributarySession s : sessions) {
            s.flushAcknowledgements(true);
        }
    }

    /** The Kafka clients; the first call fixes the client ID. */
    synchronized KafkaClients clients() {
        if (clients == null) {
            clientIdFixed = true;
            clients = new KafkaClients(kafkaProperties, clientId != null ? clientId : "jms-" + id);
            temporaries = new TemporaryDestinations(clients);
            subscriptions = new Subscriptions(clients, maxShareMembers);
        }
        return clients;
    }

    synchronized TemporaryDestinations temporaries() {
        clients();
        return temporaries;
    }

    synchronized Subscriptions subscriptions() {
        clients();
        return subscriptions;
    }

    DeliveryGate gate() {
        return gate;
    }

    boolean isStarted() {
        return gate.isStarted();
    }

    TrustedClasses trustedClasses() {
        return trustedClasses;
    }

    DestinationResolver destinations() {
        return this;
    }

    @Override
    public Destination queue(String name) {
        TributaryDestination own = name.startsWith(TemporaryDestinations.PREFIX) ? temporaries().find(name) : null;
        if (own instanceof Queue) {
            return own;
        }
        return name.startsWith(TemporaryDestinations.PREFIX) ? new TributaryTemporaryQueue(name, null)
                : new TributaryQueue(name);
    }

    @Override
    public Destination topic(String name) {
        TributaryDestination own = name.startsWith(TemporaryDestinations.PREFIX) ? temporaries().find(name) : null;
        if (own instanceof Topic) {
            return own;
        }
        return name.startsWith(TemporaryDestinations.PREFIX) ? new TributaryTemporaryTopic(name, null)
                : new TributaryTopic(name);
    }

    void markSentHere(ProducerRecord<byte[], byte[]> record) {
        record.headers().add(CONNECTION_HEADER, idBytes);
    }

    boolean sentHere(ConsumerRecord<byte[], byte[]> record) {
        Header h = record.headers().lastHeader(CONNECTION_HEADER);
        return h != null && java.util.Arrays.equals(h.value(), idBytes);
    }

    void asyncFailure(JMSException e) {
        ExceptionListener l = exceptionListener;
        if (l != null) {
            l.onException(e);
        }
    }

    private void checkOpen() throws IllegalStateException {
        if (closed) {
            throw new IllegalStateException("the connection is closed");
        }
    }

    // ---- durable subscriptions

    String durableGroup(String name) throws JMSException {
        if (clientId == null) {
            throw new IllegalStateException("a durable subscription needs the connection's client ID set");
        }
        return "jms-durable-" + clientId + "-" + name;
    }

    void subscriptionOpening(String group) throws JMSException {
        if (!ACTIVE_DURABLE.add(group)) {
            throw new IllegalStateException("durable subscription " + group + " already has an active consumer");
        }
        durableHere.add(group);
    }

    void subscriptionClosed(String group) {
        if (durableHere.remove(group)) {
            ACTIVE_DURABLE.remove(group);
        }
    }

    /** Counts the consumers of a shared non-durable subscription on this connection. */
    void consumerOpened(TributaryMessageConsumer c) {
        if (isSharedNonDurable(c.subscription())) {
            sharedConsumers.merge(c.subscription(), 1, Integer::sum);
        }
    }

    private static boolean isSharedNonDurable(String subscription) {
        return subscription != null && subscription.startsWith("jms-shared-")
                && !subscription.startsWith("jms-shared-durable-");
    }

    void subscriptionClosed(TributaryMessageConsumer c) {
        if (c.subscription() == null) {
            return;
        }
        subscriptionClosed(c.subscription());
        if (isSharedNonDurable(c.subscription())
                && sharedConsumers.computeIfPresent(c.subscription(), (k, n) -> n > 1 ? n - 1 : null) == null) {
            try {
                clients().deleteGroup(c.subscription(), true);   // best effort: it ends with its last consumer
            } catch (JMSException e) {
                // consumers on other connections still use it
            }
        }
    }

    void unsubscribe(String name) throws JMSException {
        checkOpen();
        String durable = clientId == null ? null : "jms-durable-" + clientId + "-" + name;
        if (durable != null && ACTIVE_DURABLE.contains(durable)) {
            throw new IllegalStateException("durable subscription " + name + " has an active consumer");
        }
        if (durable != null && clients().deleteGroup(durable, false)) {
            return;
        }
        if (clients().deleteGroup("jms-shared-durable-" + name, true)) {
            return;
        }
        throw new InvalidDestinationException("there is no durable subscription " + name);
    }

    // ---- Connection

    @Override
    public Session createSession(boolean transacted, int acknowledgeMode) throws JMSException {
        checkOpen();
        if (!transacted && (acknowledgeMode < Session.AUTO_ACKNOWLEDGE
                || acknowledgeMode > Session.DUPS_OK_ACKNOWLEDGE)) {
            throw new JMSException("unknown acknowledge mode " + acknowledgeMode);
        }
        clients();
        TributarySession s = new TributarySession(this, transacted, acknowledgeMode);
        sessions.add(s);
        return s;
    }

    @Override
    public Session createSession(int sessionMode) throws JMSException {
        return createSession(sessionMode == Session.SESSION_TRANSACTED, sessionMode);
    }

    @Override
    public Session createSession() throws JMSException {
        return createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    @Override
    public QueueSession createQueueSession(boolean transacted, int acknowledgeMode) throws JMSException {
        return (QueueSession) createSession(transacted, acknowledgeMode);
    }

    @Override
    public TopicSession createTopicSession(boolean transacted, int acknowledgeMode) throws JMSException {
        return (TopicSession) createSession(transacted, acknowledgeMode);
    }

    void sessionClosed(TributarySession s) {
        sessions.remove(s);
    }

    @Override
    public synchronized String getClientID() throws JMSException {
        checkOpen();
        return clientId;
    }

    @Override
    public synchronized void setClientID(String clientId) throws JMSException {
        checkOpen();
        if (clientIdFixed) {
            throw new IllegalStateException("the client ID can only be set before the connection is used");
        }
        if (clientId == null || clientId.isEmpty()) {
            throw new InvalidClientIDException("a client ID must not be empty");
        }
        this.clientId = clientId;
        this.clientIdFixed = true;
    }

    @Override
    public ConnectionMetaData getMetaData() throws JMSException {
        checkOpen();
        return new TributaryMetaData();
    }

    @Override
    public ExceptionListener getExceptionListener() throws JMSException {
        checkOpen();
        return exceptionListener;
    }

    @Override
    public void setExceptionListener(ExceptionListener listener) throws JMSException {
        checkOpen();
        synchronized (this) {
            clientIdFixed = true;
        }
        this.exceptionListener = listener;
    }

    @Override
    public void start() throws JMSException {
        checkOpen();
        synchronized (this) {
            clientIdFixed = true;
        }
        gate.start();
    }

    /** Stops delivery, after every listener in progress has returned. */
    @Override
    public void stop() throws JMSException {
        checkOpen();
        for (TributarySession s : sessions) {
            if (s.isDeliveryThread()) {
                throw new IllegalStateException("a MessageListener must not stop its own connection");
            }
        }
        gate.stop();
        for (TributarySession s : sessions) {
            s.awaitListenerIdle();
            // nothing is delivered until start: what was acknowledged is sent now, not when a timer gets to it
            s.flushAcknowledgements(false);
        }
    }

    @Override
    public void close() throws JMSException {
        if (closed) {
            return;
        }
        for (TributarySession s : sessions) {
            if (s.isDeliveryThread()) {
                throw new IllegalStateException("a MessageListener must not close its own connection");
            }
        }
        gate.stop();
        for (TributarySession s : sessions) {
            s.close();
        }
        closed = true;
        acknowledgementTimer.close();
        synchronized (this) {
            if (clients != null) {
                temporaries.deleteAll();
                clients.close();
            }
        }
    }

    @Override
    public ConnectionConsumer createConnectionConsumer(Destination destination, String selector,
            ServerSessionPool pool, int maxMessages) throws JMSException {
        throw new JMSException("connection consumers (application server facilities) are not supported");
    }

    @Override
    public ConnectionConsumer createConnectionConsumer(Queue queue, String selector, ServerSessionPool pool,
            int maxMessages) throws JMSException {
        throw new JMSException("connection consumers (application server facilities) are not supported");
    }

    @Override
    public ConnectionConsumer createConnectionConsumer(Topic topic, String selector, ServerSessionPool pool,
            int maxMessages) throws JMSException {
        throw new JMSException("connection consumers (application server facilities) are not supported");
    }

    @Override
    public ConnectionConsumer createSharedConnectionConsumer(Topic topic, String name, String selector,
            ServerSessionPool pool, int maxMessages) throws JMSException {
        throw new JMSException("connection consumers (application server facilities) are not supported");
    }

    @Override
    public ConnectionConsumer createDurableConnectionConsumer(Topic topic, String name, String selector,
            ServerSessionPool pool, int maxMessages) throws JMSException {
        throw new JMSException("connection consumers (application server facilities) are not supported");
    }

    @Override
    public ConnectionConsumer createSharedDurableConnectionConsumer(Topic topic, String name, String selector,
            ServerSessionPool pool, int maxMessages) throws JMSException {
        throw new JMSException("connection consumers (application server facilities) are not supported");
    }
}
