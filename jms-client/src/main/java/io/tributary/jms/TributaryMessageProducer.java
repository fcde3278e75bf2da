package io.tributary.jms;

import io.tributary.jms.message.MessageCodec;
import io.tributary.jms.message.TributaryMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueSender;
import jakarta.jms.Topic;
import jakarta.jms.TopicPublisher;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * A message producer: stamps the header fields a send sets (JMSMessageID, JMSTimestamp, JMSExpiration from the time
 * to live, JMSDeliveryTime from the delivery delay, JMSDeliveryMode, JMSPriority, JMSDestination), encodes the
 * message as a record ({@link MessageCodec}) and produces it — through the connection's idempotent producer, or the
 * session's transactional one. A synchronous send returns once the broker acknowledged the record (acks=all); an
 * asynchronous one calls its CompletionListener then, on a thread of the session's.
 */
class TributaryMessageProducer implements MessageProducer, QueueSender, TopicPublisher {

    private final TributarySession session;
    private final TributaryDestination destination;
    private volatile boolean closed;
    private boolean disableMessageId;
    private boolean disableTimestamp;
    private int deliveryMode = DeliveryMode.PERSISTENT;
    private int priority = Message.DEFAULT_PRIORITY;
    private long timeToLive;
    private long deliveryDelay;

    TributaryMessageProducer(TributarySession session, TributaryDestination destination) {
        this.session = session;
        this.destination = destination;
    }

    private void checkOpen() throws JMSException {
        if (closed) {
            throw new IllegalStateException("the producer is closed");
        }
        session.checkOpen();
    }

    @Override
    public void setDisableMessageID(boolean value) throws JMSException {
        checkOpen();
        disableMessageId = value;
    }

    @Override
    public boolean getDisableMessageID() throws JMSException {
        checkOpen();
        return disableMessageId;
    }

    @Override
    public void setDisableMessageTimestamp(boolean value) throws JMSException {
        checkOpen();
        disableTimestamp = value;
    }

    @Override
    public boolean getDisableMessageTimestamp() throws JMSException {
        checkOpen();
        return disableTimestamp;
    }

    @Override
    public void setDeliveryMode(int deliveryMode) throws JMSException {
        checkOpen();
        checkDeliveryMode(deliveryMode);
        this.deliveryMode = deliveryMode;
    }

    @Override
    public int getDeliveryMode() throws JMSException {
        checkOpen();
        return deliveryMode;
    }

    @Override
    public void setPriority(int priority) throws JMSException {
        checkOpen();
        checkPriority(priority);
        this.priority = priority;
    }

    @Override
    public int getPriority() throws JMSException {
        checkOpen();
        return priority;
    }

    @Override
    public void setTimeToLive(long timeToLive) throws JMSException {
        checkOpen();
        this.timeToLive = timeToLive;
    }

    @Override
    public long getTimeToLive() throws JMSException {
        checkOpen();
        return timeToLive;
    }

    @Override
    public void setDeliveryDelay(long deliveryDelay) throws JMSException {
        checkOpen();
        this.deliveryDelay = deliveryDelay;
    }

    @Override
    public long getDeliveryDelay() throws JMSException {
        checkOpen();
        return deliveryDelay;
    }

    @Override
    public Destination getDestination() throws JMSException {
        checkOpen();
        return destination;
    }

    @Override
    public Queue getQueue() throws JMSException {
        return (Queue) getDestination();
    }

    @Override
    public Topic getTopic() throws JMSException {
        return (Topic) getDestination();
    }

    @Override
    public void close() {
        closed = true;
        session.producerClosed(this);
    }

    @Override
    public void send(Message message) throws JMSException {
        send(message, deliveryMode, priority, timeToLive);
    }

    @Override
    public void send(Message message, int deliveryMode, int priority, long timeToLive) throws JMSException {
        checkOpen();
        if (destination == null) {
            throw new UnsupportedOperationException("this producer has no destination: name one in send");
        }
        doSend(destination, message, deliveryMode, priority, timeToLive, null);
    }

    @Override
    public void send(Destination destination, Message message) throws JMSException {
        send(destination, message, deliveryMode, priority, timeToLive);
    }

    @Override
    public void send(Destination destination, Message message, int deliveryMode, int priority, long timeToLive)
            throws JMSException {
        checkOpen();
        if (this.destination != null) {
            throw new UnsupportedOperationException("this producer sends to " + this.destination + " only");
        }
        if (destination == null) {
            throw new InvalidDestinationException("no destination");
        }
        doSend(Destinations.of(destination), message, deliveryMode, priority, timeToLive, null);
    }

    @Override
    public void send(Message message, CompletionListener listener) throws JMSException {
        send(message, deliveryMode, priority, timeToLive, listener);
    }

    @Override
    public void send(Message message, int deliveryMode, int priority, long timeToLive, CompletionListener listener)
            throws JMSException {
        checkOpen();
        if (destination == null) {
            throw new UnsupportedOperationException("this producer has no destination: name one in send");
        }
        requireListener(listener);
        doSend(destination, message, deliveryMode, priority, timeToLive, listener);
    }

    @Override
    public void send(Destination destination, Message message, CompletionListener listener) throws JMSException {
        send(destination, message, deliveryMode, priority, timeToLive, listener);
    }

    @Override
    public void send(Destination destination, Message message, int deliveryMode, int priority, long timeToLive,
            CompletionListener listener) throws JMSException {
        checkOpen();
        if (this.destination != null) {
            throw new UnsupportedOperationException("this producer sends to " + this.destination + " only");
        }
        if (destination == null) {
            throw new InvalidDestinationException("no destination");
        }
        requireListener(listener);
        doSend(Destinations.of(destination), message, deliveryMode, priority, timeToLive, listener);
    }

    @Override
    public void send(Queue queue, Message message) throws JMSException {
        send((Destination) queue, message);
    }

    @Override
    public void send(Queue queue, Message message, int deliveryMode, int priority, long timeToLive)
            throws JMSException {
        send((Destination) queue, message, deliveryMode, priority, timeToLive);
    }

    @Override
    public void publish(Message message) throws JMSException {
        send(message);
    }

    @Override
    public void publish(Message message, int deliveryMode, int priority, long timeToLive) throws JMSException {
        send(message, deliveryMode, priority, timeToLive);
    }

    @Override
    public void publish(Topic topic, Message message) throws JMSException {
        send(topic, message);
    }

    @Override
    public void publish(Topic topic, Message message, int deliveryMode, int priority, long timeToLive)
            throws JMSException {
        send(topic, message, deliveryMode, priority, timeToLive);
    }

    private static void requireListener(CompletionListener listener) {
        if (listener == null) {
            throw new IllegalArgumentException("the CompletionListener must not be null");
        }
    }

    private static void checkDeliveryMode(int mode) throws JMSException {
        if (mode != DeliveryMode.PERSISTENT && mode != DeliveryMode.NON_PERSISTENT) {
            throw new JMSException("unknown delivery mode " + mode);
        }
    }

    private static void checkPriority(int priority) throws JMSException {
        if (priority < 0 || priority > 9) {
            throw new JMSException("priority " + priority + " is not within 0..9");
        }
    }

    private void doSend(TributaryDestination to, Message message, int mode, int prio, long ttl,
            CompletionListener listener) throws JMSException {
        if (message == null) {
            throw new jakarta.jms.MessageFormatException("no message");
        }
        checkDeliveryMode(mode);
        checkPriority(prio);
        TributaryMessage m = TributarySession.own(message);
        long now = System.currentTimeMillis();
        for (Message target : message == m ? new Message[] {m} : new Message[] {m, message}) {
            target.setJMSDestination(to);
            target.setJMSDeliveryMode(mode);
            target.setJMSPriority(prio);
            target.setJMSTimestamp(disableTimestamp ? 0 : now);
            target.setJMSExpiration(ttl > 0 ? now + ttl : 0);
            target.setJMSDeliveryTime(now + Math.max(deliveryDelay, 0));
        }
        String id = disableMessageId ? null : "ID:" + UUID.randomUUID();
        m.setJMSMessageID(id);
        if (message != m) {
            message.setJMSMessageID(id);
        }
        TributaryConnection connection = session.connection();
        connection.temporaries().checkUsable(to);
        connection.clients().ensureTopic(to.topicName());
        ProducerRecord<byte[], byte[]> record = MessageCodec.encode(m, to.topicName());
        connection.markSentHere(record);
        KafkaProducer<byte[], byte[]> producer = session.transaction() != null ? session.transaction().producer()
                : connection.clients().producer();
        if (listener == null) {
            try {
                Future<RecordMetadata> sent = producer.send(record);
                sent.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw JmsErrors.map("interrupted while sending to " + to, e);
            } catch (ExecutionException | RuntimeException e) {
                throw JmsErrors.map("cannot send to " + to, e);
            }
            return;
        }
        try {
            producer.send(record, (metadata, error) -> session.completions().execute(() -> {
                if (error == null) {
                    listener.onCompletion(message);
                } else {
                    listener.onException(message, JmsErrors.map("cannot send to " + to, error));
                }
            }));
        } catch (RuntimeException e) {
            throw JmsErrors.map("cannot send to " + to, e);
        }
    }
}
