package io.tributary.jms;

import jakarta.jms.JMSException;
import jakarta.jms.TransactionRolledBackException;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;

/**
 * A transacted session's Kafka transaction: a transactional producer of the session's own (a unique
 * {@code transactional.id}), its transaction begun by the first send after a commit or rollback. A commit sends the
 * durable subscriptions' positions with the transaction, commits it, and then accepts the queue messages received;
 * a rollback aborts it and makes the received messages come again.
 */
final class SessionTransaction implements AutoCloseable {

    private final KafkaClients clients;
    private KafkaProducer<byte[], byte[]> producer;
    private boolean open;

    SessionTransaction(KafkaClients clients) {
        this.clients = clients;
    }

    /** The producer, in a transaction. */
    synchronized KafkaProducer<byte[], byte[]> producer() throws JMSException {
        try {
            if (producer == null) {
                producer = clients.transactionalProducer();
                producer.initTransactions();
            }
            if (!open) {
                producer.beginTransaction();
                open = true;
            }
            return producer;
        } catch (KafkaException e) {
            throw JmsErrors.map("cannot begin a transaction", e);
        }
    }

    synchronized void commit(List<TributaryMessageConsumer> consumers) throws JMSException {
        if (open) {
            try {
                for (TributaryMessageConsumer c : consumers) {
                    if (c.source() instanceof TopicSource t && t.isDurable()) {
                        producer.sendOffsetsToTransaction(t.offsets(), t.groupMetadata());
                    }
                }
                producer.commitTransaction();
                open = false;
            } catch (KafkaException e) {
                abortQuietly();
                rollbackConsumers(consumers);
                TransactionRolledBackException r = new TransactionRolledBackException("the commit failed: " + e);
                r.setLinkedException(e);
                r.initCause(e);
                throw r;
            }
        }
        for (TributaryMessageConsumer c : consumers) {
            if (c.source() instanceof TopicSource t && t.isDurable()) {
                t.committedWithTransaction();
            }
            c.acknowledgeDelivered();
        }
    }

    synchronized void rollback(List<TributaryMessageConsumer> consumers) throws JMSException {
        abortQuietly();
        rollbackConsumers(consumers);
    }

    private void rollbackConsumers(List<TributaryMessageConsumer> consumers) throws JMSException {
        for (TributaryMessageConsumer c : consumers) {
            c.redeliverDelivered();
        }
    }

    private void abortQuietly() {
        if (open) {
            open = false;
            try {
                producer.abortTransaction();
            } catch (KafkaException e) {
                // a fenced or failed producer: its transaction is aborted by the coordinator
                producer.close();
                producer = null;
            }
        }
    }

    @Override
    public synchronized void close() {
        abortQuietly();
        if (producer != null) {
            producer.close();
            producer = null;
        }
    }
}
