package io.tributary.jms;

import io.tributary.jms.message.TributaryBytesMessage;
import io.tributary.jms.message.TributaryMapMessage;
import io.tributary.jms.message.TributaryMessage;
import io.tributary.jms.message.TributaryObjectMessage;
import io.tributary.jms.message.TributaryStreamMessage;
import io.tributary.jms.message.TributaryTextMessage;
import io.tributary.jms.selector.Selector;
import jakarta.jms.BytesMessage;
import jakarta.jms.Destination;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageListener;
import jakarta.jms.MessageProducer;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.QueueReceiver;
import jakarta.jms.QueueSender;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import jakarta.jms.StreamMessage;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import jakarta.jms.TopicPublisher;
import jakarta.jms.TopicSession;
import jakarta.jms.TopicSubscriber;
import java.io.Serializable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A session: a single-threaded context for producing and consuming. Its consumers' listeners run on its one
 * delivery thread ({@link SessionDispatcher}); CLIENT_ACKNOWLEDGE and transactions act on everything the session
 * consumed; a transacted session sends through a Kafka transaction of its own ({@link SessionTransaction}).
 */
public class TributarySession implements Session, QueueSession, TopicSession {

    private static final AtomicLong IDS = new AtomicLong();

    private final TributaryConnection connection;
    private final boolean transacted;
    private final int acknowledgeMode;
    private final long id = IDS.incrementAndGet();
    private final List<TributaryMessageConsumer> consumers = new CopyOnWriteArrayList<>();
    private final List<TributaryMessageProducer> producers = new CopyOnWriteArrayList<>();
    private final SessionDispatcher dispatcher = new SessionDispatcher(this);
    private final SessionTransaction transaction;
    private volatile boolean closed;
    private java.util.concurrent.ExecutorService completions;

    TributarySession(TributaryConnection connection, boolean transacted, int acknowledgeMode) {
        this.connection = connection;
        this.transacted = transacted;
        this.acknowledgeMode = transacted ? Session.SESSION_TRANSACTED : acknowledgeMode;
        this.transaction = transacted ? new SessionTransaction(connection.clients()) : null;
    }

    long id() {
        return id;
    }

    TributaryConnection connection() {
        return connection;
    }

    DeliveryGate gate() {
        return connection.gate();
    }

    int acknowledgeMode() {
        return acknowledgeMode;
    }

    SessionTransaction transaction() {
        return transaction;
    }

    void checkOpen() throws IllegalStateException {
        if (closed) {
            throw new IllegalStateException("the session is closed");
        }
    }

    boolean isDeliveryThread() {
        return dispatcher.isDeliveryThread();
    }

    void awaitListenerIdle() {
        dispatcher.awaitIdle();
    }

    void runWithoutListener(Runnable r) {
        dispatcher.runIdle(r);
    }

    void listenerChanged(TributaryMessageConsumer c) {
        if (c.listener() != null) {
            dispatcher.add(c);
        }
    }

    void consumerClosed(TributaryMessageConsumer c) {
        consumers.remove(c);
        dispatcher.remove(c);
        connection.temporaries().consumerClosed(c.destination());
        connection.subscriptionClosed(c);
    }

    /** The thread CompletionListeners of this session's asynchronous sends run on (in send order). */
    synchronized java.util.concurrent.Executor completions() {
        if (completions == null) {
            completions = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "tributary-jms-completions-" + id);
                t.setDaemon(true);
                return t;
            });
        }
        return completions;
    }

    void producerClosed(TributaryMessageProducer p) {
        producers.remove(p);
    }

    /** What {@code Message.acknowledge()} does: in CLIENT_ACKNOWLEDGE, acknowledges all the session consumed. */
    void acknowledgeFromMessage() throws JMSException {
        checkOpen();
        if (acknowledgeMode != Session.CLIENT_ACKNOWLEDGE) {
            return;
        }
        for (TributaryMessageConsumer c : consumers) {
            c.acknowledgeDelivered();
        }
    }

    /**
     * Sends the acknowledgements this session's consumers let wait, waiting for the broker when {@code sync}; a failure
     * is reported to the ExceptionListener, not thrown (the caller goes on: a stop, a browser).
     */
    void flushAcknowledgements(boolean sync) {
        for (TributaryMessageConsumer c : consumers) {
            try {
                c.flushAcknowledgements(sync);
            } catch (JMSException e) {
                connection.asyncFailure(e);
            }
        }
    }

    // ---- messages

    @Override
    public BytesMessage createBytesMessage() throws JMSException {
        checkOpen();
        return new TributaryBytesMessage();
    }

    @Override
    public MapMessage createMapMessage() throws JMSException {
        checkOpen();
        return new TributaryMapMessage();
    }

    @Override
    public Message createMessage() throws JMSException {
        checkOpen();
        return new TributaryMessage();
    }

    @Override
    public ObjectMessage createObjectMessage() throws JMSException {
        checkOpen();
        return new TributaryObjectMessage();
    }

    @Override
    public ObjectMessage createObjectMessage(Serializable object) throws JMSException {
        ObjectMessage m = createObjectMessage();
        m.setObject(object);
        return m;
    }

    @Override
    public StreamMessage createStreamMessage() throws JMSException {
        checkOpen();
        return new TributaryStreamMessage();
    }

    @Override
    public TextMessage createTextMessage() throws JMSException {
        checkOpen();
        return new TributaryTextMessage();
    }

    @Override
    public TextMessage createTextMessage(String text) throws JMSException {
        TextMessage m = createTextMessage();
        m.setText(text);
        return m;
    }

    // ---- transactions and acknowledgement

    @Override
    public boolean getTransacted() throws JMSException {
        checkOpen();
        return transacted;
    }

    @Override
    public int getAcknowledgeMode() throws JMSException {
        checkOpen();
        return acknowledgeMode;
    }

    @Override
    public void commit() throws JMSException {
        checkOpen();
        if (!transacted) {
            throw new IllegalStateException("the session is not transacted");
        }
        transaction.commit(consumers);
    }

    @Override
    public void rollback() throws JMSException {
        checkOpen();
        if (!transacted) {
            throw new IllegalStateException("the session is not transacted");
        }
        transaction.rollback(consumers);
    }

    @Override
    public void recover() throws JMSException {
        checkOpen();
        if (transacted) {
            throw new IllegalStateException("a transacted session rolls back, it does not recover");
        }
        // each consumer's lock keeps its delivery (a receive or the listener thread) out while its messages go back
        for (TributaryMessageConsumer c : consumers) {
            c.redeliverDelivered();
        }
    }

    @Override
    public void close() throws JMSException {
        if (closed) {
            return;
        }
        if (dispatcher.isDeliveryThread()) {
            throw new IllegalStateException("a MessageListener must not close its own session");
        }
        closed = true;
        dispatcher.stop();
        for (TributaryMessageConsumer c : consumers) {
            c.closeQuietly();
            consumerClosed(c);
        }
        if (transaction != null) {
            // JMS 3.1 section 6.2.9: closing a transacted session rolls back its transaction in progress
            transaction.close();
        }
        producers.clear();
        synchronized (this) {
            if (completions != null) {
                connection.clients().producer().flush();
                completions.shutdown();
                try {
                    completions.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        connection.sessionClosed(this);
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public MessageListener getMessageListener() throws JMSException {
        checkOpen();
        return null;
    }

    @Override
    public void setMessageListener(MessageListener listener) throws JMSException {
        checkOpen();
        throw new JMSException("session-level MessageListeners (application server facilities) are not supported");
    }

    @Override
    public void run() {
        throw new UnsupportedOperationException("application server facilities are not supported");
    }

    // ---- producers

    @Override
    public MessageProducer createProducer(Destination destination) throws JMSException {
        checkOpen();
        TributaryMessageProducer p = new TributaryMessageProducer(this, destination == null ? null
                : Destinations.of(destination));
        producers.add(p);
        return p;
    }

    @Override
    public QueueSender createSender(Queue queue) throws JMSException {
        return (QueueSender) createProducer(queue);
    }

    @Override
    public TopicPublisher createPublisher(Topic topic) throws JMSException {
        return (TopicPublisher) createProducer(topic);
    }

    // ---- consumers

    @Override
    public MessageConsumer createConsumer(Destination destination) throws JMSException {
        return createConsumer(destination, null, false);
    }

    @Override
    public MessageConsumer createConsumer(Destination destination, String selector) throws JMSException {
        return createConsumer(destination, selector, false);
    }

    @Override
    public MessageConsumer createConsumer(Destination destination, String selector, boolean noLocal)
            throws JMSException {
        checkOpen();
        TributaryDestination d = Destinations.of(destination);
        Selector s = Selector.parse(selector);
        connection.temporaries().checkConsumable(d);
        RecordSource source = d instanceof TributaryQueue
                ? connection.subscriptions().queue(d.topicName())
                : connection.subscriptions().nonDurable(d.topicName());
        return register(new TributaryMessageConsumer(this, d, s, noLocal && d instanceof Topic, source,
                d instanceof TributaryQueue, null));
    }

    private TributaryMessageConsumer register(TributaryMessageConsumer c) {
        consumers.add(c);
        connection.temporaries().consumerOpened(c.destination());
        connection.consumerOpened(c);
        return c;
    }

    @Override
    public MessageConsumer createSharedConsumer(Topic topic, String name) throws JMSException {
        return createSharedConsumer(topic, name, null);
    }

    @Override
    public MessageConsumer createSharedConsumer(Topic topic, String name, String selector) throws JMSException {
        checkOpen();
        TributaryDestination d = Destinations.of(topic);
        Selector s = Selector.parse(selector);
        checkName(name);
        RecordSource source = connection.subscriptions().shared(d.topicName(), "jms-shared-" + name);
        return register(new TributaryMessageConsumer(this, d, s, false, source, true, "jms-shared-" + name));
    }

    @Override
    public TopicSubscriber createDurableSubscriber(Topic topic, String name) throws JMSException {
        return createDurableSubscriber(topic, name, null, false);
    }

    @Override
    public TopicSubscriber createDurableSubscriber(Topic topic, String name, String selector, boolean noLocal)
            throws JMSException {
        checkOpen();
        TributaryDestination d = Destinations.of(topic);
        Selector s = Selector.parse(selector);
        checkName(name);
        String group = connection.durableGroup(name);
        connection.subscriptionOpening(group);
        try {
            RecordSource source = connection.subscriptions().durable(d.topicName(), group);
            return register(new TributaryMessageConsumer(this, d, s, noLocal, source, false, group));
        } catch (JMSException | RuntimeException e) {
            connection.subscriptionClosed(group);
            throw e;
        }
    }

    @Override
    public MessageConsumer createDurableConsumer(Topic topic, String name) throws JMSException {
        return createDurableSubscriber(topic, name, null, false);
    }

    @Override
    public MessageConsumer createDurableConsumer(Topic topic, String name, String selector, boolean noLocal)
            throws JMSException {
        return createDurableSubscriber(topic, name, selector, noLocal);
    }

    @Override
    public MessageConsumer createSharedDurableConsumer(Topic topic, String name) throws JMSException {
        return createSharedDurableConsumer(topic, name, null);
    }

    @Override
    public MessageConsumer createSharedDurableConsumer(Topic topic, String name, String selector)
            throws JMSException {
        checkOpen();
        TributaryDestination d = Destinations.of(topic);
        Selector s = Selector.parse(selector);
        checkName(name);
        String group = "jms-shared-durable-" + name;
        RecordSource source = connection.subscriptions().shared(d.topicName(), group);
        return register(new TributaryMessageConsumer(this, d, s, false, source, true, group));
    }

    private static void checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw new jakarta.jms.JMSRuntimeException("a subscription name must not be empty");
        }
    }

    @Override
    public void unsubscribe(String name) throws JMSException {
        checkOpen();
        connection.unsubscribe(name);
    }

    @Override
    public QueueReceiver createReceiver(Queue queue) throws JMSException {
        return (QueueReceiver) createConsumer(queue);
    }

    @Override
    public QueueReceiver createReceiver(Queue queue, String selector) throws JMSException {
        return (QueueReceiver) createConsumer(queue, selector);
    }

    @Override
    public TopicSubscriber createSubscriber(Topic topic) throws JMSException {
        return (TopicSubscriber) createConsumer(topic);
    }

    @Override
    public TopicSubscriber createSubscriber(Topic topic, String selector, boolean noLocal) throws JMSException {
        return (TopicSubscriber) createConsumer(topic, selector, noLocal);
    }

    @Override
    public QueueBrowser createBrowser(Queue queue) throws JMSException {
        return createBrowser(queue, null);
    }

    @Override
    public QueueBrowser createBrowser(Queue queue, String selector) throws JMSException {
        checkOpen();
        TributaryDestination d = Destinations.of(queue);
        Selector s = Selector.parse(selector);
        connection.temporaries().checkUsable(d);
        connection.clients().ensureTopic(d.topicName());
        return new TributaryQueueBrowser(connection, (Queue) d, s);
    }

    // ---- destinations

    @Override
    public Queue createQueue(String name) throws JMSException {
        checkOpen();
        return new TributaryQueue(name);
    }

    @Override
    public Topic createTopic(String name) throws JMSException {
        checkOpen();
        return new TributaryTopic(name);
    }

    @Override
    public TemporaryQueue createTemporaryQueue() throws JMSException {
        checkOpen();
        return connection.temporaries().createQueue();
    }

    @Override
    public TemporaryTopic createTemporaryTopic() throws JMSException {
        checkOpen();
        return connection.temporaries().createTopic();
    }

    /** The message to send for {@code message}: itself, or a copy when another provider made it. */
    static TributaryMessage own(Message message) throws JMSException {
        if (message instanceof TributaryMessage m) {
            return m;
        }
        return ForeignMessages.copy(message);
    }

    static void requireDestination(Destination d) throws InvalidDestinationException {
        if (d == null) {
            throw new InvalidDestinationException("no destination");
        }
    }
}
