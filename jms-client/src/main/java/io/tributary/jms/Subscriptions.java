package io.tributary.jms;

import jakarta.jms.JMSException;

/**
 * The record sources behind a connection's consumers, and the Kafka groups they use:
 *
 * <pre>
 * Queue Q                          share group jms-queue-Q (share.auto.offset.reset=earliest)
 * shared subscription S            share group jms-shared-S (latest)
 * shared durable subscription S    share group jms-shared-durable-S (latest)
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

    RecordSource shared(String topic, String group) throws JMSException {
        return share(topic, group, "latest");
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
