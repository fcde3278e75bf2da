package io.tributary.jms;

import jakarta.jms.BytesMessage;
import jakarta.jms.ConnectionMetaData;
import jakarta.jms.Destination;
import jakarta.jms.ExceptionListener;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSProducer;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.StreamMessage;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.io.Serializable;

/**
 * The simplified API's context: one connection (shared with the contexts {@link #createContext} makes) and one
 * session, made when first needed. Consumers start the connection unless auto-start is off. Every JMSException
 * becomes its JMSRuntimeException twin.
 */
final class TributaryJMSContext implements JMSContext {

    private final SharedConnection shared;
    private final int sessionMode;
    private TributarySession session;
    private boolean autoStart = true;
    private boolean closed;

    /** A call that may throw JMSException. */
    private interface Call<T> {
        T call() throws JMSException;
    }

    TributaryJMSContext(SharedConnection shared, int sessionMode) {
        if (!TributaryConnectionFactory.validMode(sessionMode)) {
            throw TributaryConnectionFactory.invalidMode(sessionMode);
        }
        this.shared = shared;
        this.sessionMode = sessionMode;
    }

    private static <T> T run(Call<T> call) {
        try {
            return call.call();
        } catch (JMSException e) {
            throw JmsErrors.runtime(e);
        }
    }

    private synchronized TributarySession session() {
        if (closed) {
            throw new IllegalStateRuntimeException("the context is closed");
        }
        if (session == null) {
            session = (TributarySession) run(() -> shared.connection().createSession(sessionMode));
        }
        return session;
    }

    private TributaryConnection connection() {
        if (closed) {
            throw new IllegalStateRuntimeException("the context is closed");
        }
        return shared.connection();
    }

    @Override
    public JMSContext createContext(int sessionMode) {
        connection();
        return new TributaryJMSContext(shared.share(), sessionMode);
    }

    @Override
    public JMSProducer createProducer() {
        return new TributaryJMSProducer(session());
    }

    @Override
    public String getClientID() {
        return run(() -> connection().getClientID());
    }

    @Override
    public void setClientID(String clientID) {
        run(() -> {
            connection().setClientID(clientID);
            return null;
        });
    }

    @Override
    public ConnectionMetaData getMetaData() {
        return run(() -> connection().getMetaData());
    }

    @Override
    public ExceptionListener getExceptionListener() {
        return run(() -> connection().getExceptionListener());
    }

    @Override
    public void setExceptionListener(ExceptionListener listener) {
        run(() -> {
            connection().setExceptionListener(listener);
            return null;
        });
    }

    @Override
    public void start() {
        run(() -> {
            connection().start();
            return null;
        });
    }

    @Override
    public void stop() {
        run(() -> {
            connection().stop();
            return null;
        });
    }

    @Override
    public void setAutoStart(boolean autoStart) {
        this.autoStart = autoStart;
    }

    @Override
    public boolean getAutoStart() {
        return autoStart;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        run(() -> {
            if (session != null) {
                session.close();
            }
            shared.release();
            return null;
        });
        closed = true;
    }

    @Override
    public BytesMessage createBytesMessage() {
        return run(() -> session().createBytesMessage());
    }

    @Override
    public MapMessage createMapMessage() {
        return run(() -> session().createMapMessage());
    }

    @Override
    public Message createMessage() {
        return run(() -> session().createMessage());
    }

    @Override
    public ObjectMessage createObjectMessage() {
        return run(() -> session().createObjectMessage());
    }

    @Override
    public ObjectMessage createObjectMessage(Serializable object) {
        return run(() -> session().createObjectMessage(object));
    }

    @Override
    public StreamMessage createStreamMessage() {
        return run(() -> session().createStreamMessage());
    }

    @Override
    public TextMessage createTextMessage() {
        return run(() -> session().createTextMessage());
    }

    @Override
    public TextMessage createTextMessage(String text) {
        return run(() -> session().createTextMessage(text));
    }

    @Override
    public boolean getTransacted() {
        return run(() -> session().getTransacted());
    }

    @Override
    public int getSessionMode() {
        return sessionMode;
    }

    @Override
    public void commit() {
        run(() -> {
            session().commit();
            return null;
        });
    }

    @Override
    public void rollback() {
        run(() -> {
            session().rollback();
            return null;
        });
    }

    @Override
    public void recover() {
        run(() -> {
            session().recover();
            return null;
        });
    }

    private JMSConsumer consumer(Call<jakarta.jms.MessageConsumer> create) {
        TributaryMessageConsumer c = (TributaryMessageConsumer) run(create);
        if (autoStart) {
            start();
        }
        return new TributaryJMSConsumer(c);
    }

    @Override
    public JMSConsumer createConsumer(Destination destination) {
        return consumer(() -> session().createConsumer(destination));
    }

    @Override
    public JMSConsumer createConsumer(Destination destination, String selector) {
        return consumer(() -> session().createConsumer(destination, selector));
    }

    @Override
    public JMSConsumer createConsumer(Destination destination, String selector, boolean noLocal) {
        return consumer(() -> session().createConsumer(destination, selector, noLocal));
    }

    @Override
    public Queue createQueue(String name) {
        return run(() -> session().createQueue(name));
    }

    @Override
    public Topic createTopic(String name) {
        return run(() -> session().createTopic(name));
    }

    @Override
    public JMSConsumer createDurableConsumer(Topic topic, String name) {
        return consumer(() -> session().createDurableConsumer(topic, name));
    }

    @Override
    public JMSConsumer createDurableConsumer(Topic topic, String name, String selector, boolean noLocal) {
        return consumer(() -> session().createDurableConsumer(topic, name, selector, noLocal));
    }

    @Override
    public JMSConsumer createSharedDurableConsumer(Topic topic, String name) {
        return consumer(() -> session().createSharedDurableConsumer(topic, name));
    }

    @Override
    public JMSConsumer createSharedDurableConsumer(Topic topic, String name, String selector) {
        return consumer(() -> session().createSharedDurableConsumer(topic, name, selector));
    }

    @Override
    public JMSConsumer createSharedConsumer(Topic topic, String name) {
        return consumer(() -> session().createSharedConsumer(topic, name));
    }

    @Override
    public JMSConsumer createSharedConsumer(Topic topic, String name, String selector) {
        return consumer(() -> session().createSharedConsumer(topic, name, selector));
    }

    @Override
    public QueueBrowser createBrowser(Queue queue) {
        return run(() -> session().createBrowser(queue));
    }

    @Override
    public QueueBrowser createBrowser(Queue queue, String selector) {
        return run(() -> session().createBrowser(queue, selector));
    }

    @Override
    public TemporaryQueue createTemporaryQueue() {
        return run(() -> session().createTemporaryQueue());
    }

    @Override
    public TemporaryTopic createTemporaryTopic() {
        return run(() -> session().createTemporaryTopic());
    }

    @Override
    public void unsubscribe(String name) {
        run(() -> {
            session().unsubscribe(name);
            return null;
        });
    }

    @Override
    public void acknowledge() {
        run(() -> {
            session().acknowledgeFromMessage();
            return null;
        });
    }
}
