package io.tributary.jms;

import jakarta.jms.JMSException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A session's delivery thread: the one thread that calls its consumers' MessageListeners, one message at a time
 * (JMS 3.1 section 6.2.4: a session serializes delivery to its listeners). Holds the session's delivery lock while a
 * listener runs, so that {@code Connection.stop} and {@code close} can wait for it.
 */
final class SessionDispatcher implements Runnable {

    private final TributarySession session;
    private final List<TributaryMessageConsumer> consumers = new CopyOnWriteArrayList<>();
    private final ReentrantLock deliveryLock = new ReentrantLock();
    private volatile boolean running = true;
    private Thread thread;

    SessionDispatcher(TributarySession session) {
        this.session = session;
    }

    synchronized void add(TributaryMessageConsumer c) {
        if (!consumers.contains(c)) {
            consumers.add(c);
        }
        if (thread == null) {
            thread = new Thread(this, "tributary-jms-session-" + session.id());
            thread.setDaemon(true);
            thread.start();
        }
    }

    void remove(TributaryMessageConsumer c) {
        consumers.remove(c);
    }

    boolean isDeliveryThread() {
        return Thread.currentThread() == thread;
    }

    /** Waits for a listener in progress to return (not when called from the delivery thread itself). */
    void awaitIdle() {
        if (isDeliveryThread()) {
            return;
        }
        deliveryLock.lock();
        deliveryLock.unlock();
    }

    /** Runs {@code r} while no listener runs. */
    void runIdle(Runnable r) {
        if (isDeliveryThread()) {
            r.run();
            return;
        }
        deliveryLock.lock();
        try {
            r.run();
        } finally {
            deliveryLock.unlock();
        }
    }

    @Override
    public void run() {
        while (running) {
            boolean delivered = false;
            for (TributaryMessageConsumer c : consumers) {
                if (!running) {
                    break;
                }
                deliveryLock.lock();
                try {
                    if (c.listener() != null && !c.isClosed()) {
                        delivered |= c.dispatchOne();
                    }
                } catch (JMSException | RuntimeException e) {
                    session.connection().asyncFailure(JmsErrors.map("message delivery failed", e));
                    sleep(100);
                } finally {
                    deliveryLock.unlock();
                }
                if (c.isClosed()) {
                    consumers.remove(c);
                    c.closeQuietly();
                }
            }
            if (!delivered && consumers.stream().noneMatch(c -> c.listener() != null)) {
                sleep(50);
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the thread and waits for it (not when called from it). */
    void stop() {
        running = false;
        for (TributaryMessageConsumer c : consumers) {
            c.source().wakeup();
        }
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
