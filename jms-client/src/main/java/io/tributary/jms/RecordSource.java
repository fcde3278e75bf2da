package io.tributary.jms;

import jakarta.jms.JMSException;
import java.util.List;

/**
 * Where a message consumer's records come from: a share group (a queue, a shared subscription) or a topic read by a
 * plain consumer (a subscription). Used by one thread at a time, the consumer's.
 */
interface RecordSource extends AutoCloseable {

    /** The next record, waiting up to {@code timeoutMs}; null when none came (or {@link #wakeup()} was called). */
    Delivery next(long timeoutMs) throws JMSException;

    /** Settles a delivered record. */
    void settle(Delivery d, Outcome outcome) throws JMSException;

    /** Makes delivered, unsettled records come again: a queue RELEASEs them, a subscription seeks back to them. */
    void redeliver(List<Delivery> unsettled) throws JMSException;

    /** Sends what was settled to the broker: waits for it when {@code sync}. */
    void flush(boolean sync) throws JMSException;

    /**
     * Whether settled records may wait to be sent, bounded by {@link #flushDue} (a share group: its next fetch carries
     * them); false: the consumer flushes as its acknowledge mode says.
     */
    default boolean batchesAcknowledgements() {
        return false;
    }

    /** Sends what has waited long enough; how long until the rest is due, or -1 when nothing waits. */
    default long flushDue() throws JMSException {
        return -1;
    }

    /** Makes a {@link #next} in progress on another thread return early. */
    void wakeup();

    /** Releases what this source holds and closes its clients. */
    @Override
    void close();
}
