package io.tributary.jms;

import io.tributary.jms.message.MessageCodec;
import io.tributary.jms.message.TributaryMessage;
import io.tributary.jms.selector.Selector;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageListener;
import jakarta.jms.Queue;
import jakarta.jms.QueueReceiver;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import jakarta.jms.TopicSubscriber;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A message consumer: takes records from its {@link RecordSource}, turns them into messages, drops what has expired,
 * holds back what is not yet due (delivery delay), skips what its selector does not select, and settles what it
 * delivered as its session's acknowledge mode says. Used by the application's thread (receive) or by its session's
 * delivery thread (a listener), never both.
 */
class TributaryMessageConsumer implements MessageConsumer, QueueReceiver, TopicSubscriber {

    private static final long DISPATCH_SLICE_MS = 100;

    private final TributarySession session;
    private final TributaryDestination destination;
    private final Selector selector;
    private final boolean noLocal;
    private final RecordSource source;
    private final boolean queue;
    private final String subscription;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<Delivery> unacknowledged = new ArrayList<>();
    private final PriorityQueue<Pending> notYetDue = new PriorityQueue<>((a, b) -> Long.compare(a.message
            .getJMSDeliveryTime(), b.message.getJMSDeliveryTime()));
    private volatile MessageListener listener;
    private volatile boolean closed;
    private boolean sourceClosed;
    /** Whether the connection's timer will look at this consumer's waiting acknowledgements. */
    private final AtomicBoolean flushArmed = new AtomicBoolean();

    /** A delivery and the message it decoded to. */
    record Pending(Delivery delivery, TributaryMessage message) {
    }

    TributaryMessageConsumer(TributarySession session, TributaryDestination destination, Selector selector,
            boolean noLocal, RecordSource source, boolean queue, String subscription) {
        this.session = session;
        this.destination = destination;
        this.selector = selector;
        this.noLocal = noLocal;
        this.source = source;
        this.queue = queue;
        this.subscription = subscription;
    }

    TributaryDestination destination() {
        return destination;
    }

    /** The durable or shared subscription this consumer belongs to, or null. */
    String subscription() {
        return subscription;
    }

    RecordSource source() {
        return source;
    }

    private void checkOpen() throws IllegalStateException {
        if (closed) {
            throw new IllegalStateException("the consumer is closed");
        }
    }

    @Override
    public String getMessageSelector() throws JMSException {
        checkOpen();
        return selector.expression();
    }

    @Override
    public MessageListener getMessageListener() throws JMSException {
        checkOpen();
        return listener;
    }

    @Override
    public void setMessageListener(MessageListener listener) throws JMSException {
        checkOpen();
        this.listener = listener;
        session.listenerChanged(this);
    }

    MessageListener listener() {
        return listener;
    }

    @Override
    public Message receive() throws JMSException {
        return receive(0);
    }

    @Override
    public Message receive(long timeout) throws JMSException {
        checkOpen();
        if (listener != null) {
            throw new IllegalStateException("this consumer has a MessageListener");
        }
        long deadline = timeout <= 0 ? Long.MAX_VALUE : System.currentTimeMillis() + timeout;
        Pending p = next(deadline);
        if (p == null) {
            return null;
        }
        delivered(p);
        return p.message;
    }

    @Override
    public Message receiveNoWait() throws JMSException {
        checkOpen();
        if (listener != null) {
            throw new IllegalStateException("this consumer has a MessageListener");
        }
        // "no wait" still gives the share fetch a moment: its records are never already here on the first call
        Pending p = next(System.currentTimeMillis() + 50);
        if (p == null) {
            return null;
        }
        delivered(p);
        return p.message;
    }

    /** Settles a message the application now has, as the acknowledge mode says. */
    private void delivered(Pending p) throws JMSException {
        switch (session.acknowledgeMode()) {
            case Session.AUTO_ACKNOWLEDGE, Session.DUPS_OK_ACKNOWLEDGE -> autoAccept(p.delivery);
            default -> {
                lock.lock();
                try {
                    unacknowledged.add(p.delivery);
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    /**
     * AUTO_ACKNOWLEDGE and DUPS_OK_ACKNOWLEDGE: ACCEPTs a message the application has. A share group's acknowledgement
     * waits for the member's next fetch, within {@link AcknowledgementTimer}'s bounds (AUTO only if the connection
     * batches AUTO acknowledgements); otherwise AUTO sends it at once and DUPS_OK with the next commit.
     */
    private void autoAccept(Delivery d) throws JMSException {
        boolean auto = session.acknowledgeMode() == Session.AUTO_ACKNOWLEDGE;
        long due = -1;
        lock.lock();
        try {
            source.settle(d, Outcome.ACCEPT);
            if (source.batchesAcknowledgements() && (!auto || session.connection().autoAcknowledgeBatching())) {
                due = source.flushDue();
            } else if (auto) {
                source.flush(false);
            }
        } finally {
            lock.unlock();
        }
        armFlush(due);
    }

    /** Has the connection's timer send this consumer's waiting acknowledgements in {@code delayMs} (none: -1). */
    private void armFlush(long delayMs) {
        if (delayMs >= 0 && !closed && flushArmed.compareAndSet(false, true)) {
            session.connection().acknowledgementTimer().schedule(this::flushFromTimer, delayMs);
        }
    }

    /**
     * On the timer: sends the acknowledgements that waited their time, for an application that stopped receiving.
     * A receive in progress holds the lock; its own poll sends them, and the timer looks again shortly.
     */
    private void flushFromTimer() {
        flushArmed.set(false);
        long due = -1;
        if (!lock.tryLock()) {
            due = AcknowledgementTimer.MAX_DELAY_MS / 4;
        } else {
            try {
                if (!sourceClosed) {
                    due = source.flushDue();
                }
            } catch (JMSException e) {
                session.connection().asyncFailure(e);
            } catch (RuntimeException e) {
                session.connection().asyncFailure(JmsErrors.map("cannot acknowledge messages", e));
            } finally {
                lock.unlock();
            }
        }
        armFlush(due);
    }

    /** Sends every acknowledgement that waits (Connection.stop; a browser's start: {@code sync}). */
    void flushAcknowledgements(boolean sync) throws JMSException {
        lock.lock();
        try {
            if (!sourceClosed) {
                source.flush(sync);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Delivers one message to the listener; false when none came within the dispatch slice. */
    boolean dispatchOne() throws JMSException {
        MessageListener l = listener;
        if (l == null || closed) {
            return false;
        }
        Pending p = next(System.currentTimeMillis() + DISPATCH_SLICE_MS);
        if (p == null) {
            return false;
        }
        boolean autoAck = session.acknowledgeMode() == Session.AUTO_ACKNOWLEDGE
                || session.acknowledgeMode() == Session.DUPS_OK_ACKNOWLEDGE;
        if (!autoAck) {
            delivered(p);
        }
        try {
            l.onMessage(p.message);
        } catch (RuntimeException e) {
            if (autoAck) {
                // JMS 3.1 section 8.7: an auto-acknowledged message whose listener threw is redelivered
                lock.lock();
                try {
                    source.redeliver(List.of(p.delivery));
                } finally {
                    lock.unlock();
                }
                return true;
            }
        }
        if (autoAck) {
            autoAccept(p.delivery);
        }
        return true;
    }

    /** The next deliverable message, or null at the deadline or when closed. */
    private Pending next(long deadline) throws JMSException {
        while (!closed) {
            try {
                if (!session.gate().awaitStarted(deadline)) {
                    return null;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            lock.lock();
            try {
                if (closed) {
                    return null;
                }
                long now = System.currentTimeMillis();
                Pending due = notYetDue.peek();
                if (due != null && due.message.getJMSDeliveryTime() <= now) {
                    return notYetDue.poll();
                }
                long wait = Math.min(deadline - now, DISPATCH_SLICE_MS * 2);
                if (due != null) {
                    wait = Math.min(wait, due.message.getJMSDeliveryTime() - now);
                }
                Delivery d = source.next(Math.max(wait, 0));
                if (d != null) {
                    Pending p = accept(d, now);
                    if (p != null) {
                        return p;
                    }
                }
            } finally {
                lock.unlock();
            }
            if (System.currentTimeMillis() >= deadline) {
                return null;
            }
        }
        return null;
    }

    /** The message for a record, or null when it is not to be delivered now (settled or held back here). */
    private Pending accept(Delivery d, long now) throws JMSException {
        TributaryMessage m;
        try {
            m = MessageCodec.decode(d.record(), destination, session.connection().destinations(),
                    session.connection().trustedClasses());
        } catch (JMSException | RuntimeException e) {
            source.settle(d, Outcome.REJECT);   // cannot ever be read: the broker archives it
            session.connection().asyncFailure(JmsErrors.map("undecodable record at " + d.record().topic() + "-"
                    + d.record().partition() + "@" + d.record().offset(), e));
            return null;
        }
        if (m.getJMSExpiration() != 0 && m.getJMSExpiration() <= now) {
            source.settle(d, Outcome.ACCEPT);   // expired: consumed silently
            return null;
        }
        if (noLocal && session.connection().sentHere(d.record())) {
            source.settle(d, Outcome.ACCEPT);
            return null;
        }
        if (!selector.matches(new SelectorIdentifiers(m))) {
            source.settle(d, Outcome.SKIP);
            return null;
        }
        m.setJMSRedelivered(d.deliveryCount() > 1);
        m.setProviderProperty("JMSXDeliveryCount", d.deliveryCount());
        m.markReceived(session::acknowledgeFromMessage);
        Pending p = new Pending(d, m);
        if (m.getJMSDeliveryTime() > now) {
            notYetDue.add(p);
            return null;
        }
        return p;
    }

    /** CLIENT_ACKNOWLEDGE's acknowledge and a transaction's commit: settles every delivered message. */
    void acknowledgeDelivered() throws JMSException {
        lock.lock();
        try {
            for (Delivery d : unacknowledged) {
                source.settle(d, Outcome.ACCEPT);
            }
            unacknowledged.clear();
            source.flush(true);
        } finally {
            lock.unlock();
        }
    }

    /** Session.recover and a transaction's rollback: every delivered, unacknowledged message comes again. */
    void redeliverDelivered() throws JMSException {
        lock.lock();
        try {
            List<Delivery> all = new ArrayList<>(unacknowledged);
            for (Pending p : notYetDue) {
                all.add(p.delivery);
            }
            notYetDue.clear();
            unacknowledged.clear();
            source.redeliver(all);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() throws JMSException {
        if (closed) {
            return;
        }
        if (session.isDeliveryThread() && listener != null) {
            // closing from one's own listener: allowed, it ends after onMessage returns (JMS 3.1 section 8.8)
            closed = true;
            session.consumerClosed(this);
            return;
        }
        closed = true;
        source.wakeup();
        session.awaitListenerIdle();
        closeQuietly();
        session.consumerClosed(this);
    }

    /** Closes the source (once): after the session's delivery thread stopped, or after the listener that closed it. */
    void closeQuietly() {
        closed = true;
        source.wakeup();
        lock.lock();
        try {
            if (!sourceClosed) {
                sourceClosed = true;
                source.close();
            }
        } finally {
            lock.unlock();
        }
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public Queue getQueue() throws JMSException {
        checkOpen();
        if (destination instanceof Queue q) {
            return q;
        }
        throw new IllegalStateException("not a queue receiver");
    }

    @Override
    public Topic getTopic() throws JMSException {
        checkOpen();
        if (destination instanceof Topic t) {
            return t;
        }
        throw new IllegalStateException("not a topic subscriber");
    }

    @Override
    public boolean getNoLocal() throws JMSException {
        checkOpen();
        return noLocal;
    }
}
