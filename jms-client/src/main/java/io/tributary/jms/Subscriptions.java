package io.tributary.jms;

import jakarta.jms.JMSException;

/**
 * The record sources behind a connection's consumers, and the Kafka groups they use:
 *
 * <pre>
 * Queue Q                          share group jms-queue-Q (share.auto.offset.reset=earliest)
 * shared subscription S            share group jms-shared-S (latest, started before the consumer is returned)
 * shared durable subscription S    share group jms-shared-durable-S (likewise)
 * durable subscription S           consumer group jms-durable-&lt;clientID&gt;-S, all partitions assigned
 * non-durable subscriber           a consumer without a group, all partitions from their end
 * </pre>
 */
final class Subscriptions {

    private final KafkaClients clients;
    private final int maxShareMembers;

    Subscriptions(KafkaClients clients, int maxShareMembers) {
        this.clients = clients;
        this.maxShareMembers = maxShareMembers;
    }

    static String queueGroup(String queue) {
        return "jms-queue-" + queue;
    }

    RecordSource queue(String topic) throws JMSException {
        return share(topic, queueGroup(topic), "earliest");
    }

    /**
     * A shared subscription's source, returned once the group's start is fixed: a new group starts ({@code latest})
     * at its first fetch, so this fetches until the group reports start offsets for every partition — what is
     * published after {@code createSharedConsumer} returns is then the subscription's.
     */
    RecordSource shared(String topic, String group) throws JMSException {
        ShareSource s = (ShareSource) share(topic, group, "latest");
        long deadline = System.currentTimeMillis() + 30_000;
        try {
            while (!clients.shareGroupStarted(group, topic)) {
                if (System.currentTimeMillis() > deadline) {
                    throw new jakarta.jms.JMSException("share group " + group + " did not start within 30 s");
                }
                s.prefetch(200);
            }
        } catch (JMSException e) {
            s.close();
            throw e;
        }
        return s;
    }

    private RecordSource share(String topic, String group, String reset) throws JMSException {
        clients.ensureTopic(topic);
        clients.configureShareGroup(group, reset);
        ShareSource s = new ShareSource(() -> clients.shareConsumer(group), topic, maxShareMembers);
        try {
            s.open();
        } catch (RuntimeException e) {
            s.close();
            throw JmsErrors.map("cannot consume from " + topic, e);
        }
        return s;
    }

    RecordSource nonDurable(String topic) throws JMSException {
        return topic(topic, null);
    }

    RecordSource durable(String topic, String group) throws JMSException {
        return topic(topic, group);
    }

    private RecordSource topic(String topic, String group) throws JMSException {
        clients.ensureTopic(topic);
        TopicSource s;
        try {
            s = new TopicSource(clients.consumer(group), topic, group != null);
        } catch (RuntimeException e) {
            throw JmsErrors.map("cannot subscribe to " + topic, e);
        }
        try {
            s.open();
        } catch (JMSException e) {
            s.close();
            throw e;
        }
        return s;
    }
}
