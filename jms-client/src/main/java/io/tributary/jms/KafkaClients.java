package io.tributary.jms;

import jakarta.jms.JMSException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A connection's Kafka clients: one Admin and one idempotent producer shared by its sessions (both made on first
 * use), and factories for the consumers and transactional producers sessions own. Topics are created on first use
 * (broker defaults for partitions and replication); share groups get their JMS group configs once.
 */
final class KafkaClients implements AutoCloseable {

    private static final long ADMIN_TIMEOUT_SECONDS = 30;
    /** max.poll.records of share consumers (record_limit acquisition): see jms-client/README.md for the trade-off. */
    static final int SHARE_MAX_POLL_RECORDS = 10;

    private final Properties base;
    private final String clientId;
    private final Set<String> knownTopics = ConcurrentHashMap.newKeySet();
    private final Set<String> configuredGroups = ConcurrentHashMap.newKeySet();
    private Admin admin;
    private KafkaProducer<byte[], byte[]> producer;

    KafkaClients(Properties base, String clientId) {
        this.base = base;
        this.clientId = clientId;
    }

    private Properties props() {
        Properties p = new Properties();
        p.putAll(base);
        return p;
    }

    synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(props());
        }
        return admin;
    }

    /** The connection's producer: idempotent, acks=all. */
    synchronized KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            Properties p = producerProps();
            p.putIfAbsent(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            p.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
            p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "0");
            p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-producer");
            producer = new KafkaProducer<>(p);
        }
        return producer;
    }

    /** A transactional producer of its own for a transacted session. */
    KafkaProducer<byte[], byte[]> transactionalProducer() {
        Properties p = producerProps();
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "jms-tx-" + clientId + "-" + UUID.randomUUID());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p);
    }

    private Properties producerProps() {
        Properties p = props();
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }

    /** A share consumer of {@code group} in explicit acknowledgement mode. */
    KafkaShareConsumer<byte[], byte[]> shareConsumer(String group) {
        Properties p = consumerProps();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put("share.acknowledgement.mode", "explicit");
        // a member acquires at most this many records per fetch, not whole batches: competing consumers of a queue
        // share its messages instead of the first to fetch taking a backlog (the factory's properties may override)
        p.putIfAbsent("share.acquire.mode", "record_limit");
        p.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(SHARE_MAX_POLL_RECORDS));
        return new KafkaShareConsumer<>(p);
    }

    /** A consumer with manual partition assignment: of {@code group} (which may be null: no group). */
    KafkaConsumer<byte[], byte[]> consumer(String group) {
        Properties p = consumerProps();
        if (group != null) {
            p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(p);
    }

    private Properties consumerProps() {
        Properties p = props();
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-consumer-" + UUID.randomUUID());
        return p;
    }

    /** Creates the topic unless it exists (once per connection and name). */
    void ensureTopic(String topic) throws JMSException {
        if (knownTopics.contains(topic)) {
            return;
        }
        try {
            admin().createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty()))).all()
                    .get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw JmsErrors.map("cannot create topic " + topic, e);
            }
        } catch (Exception e) {
            throw JmsErrors.map("cannot create topic " + topic, e);
        }
        knownTopics.add(topic);
    }

    boolean topicExists(String topic) throws JMSException {
        try {
            return admin().listTopics().names().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS).contains(topic);
        } catch (Exception e) {
            throw JmsErrors.map("cannot list topics", e);
        }
    }

    void deleteTopic(String topic) throws JMSException {
        try {
            admin().deleteTopics(List.of(topic)).all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                throw JmsErrors.map("cannot delete topic " + topic, e);
            }
        } catch (Exception e) {
            throw JmsErrors.map("cannot delete topic " + topic, e);
        }
        knownTopics.remove(topic);
    }

    /**
     * Gives a share group the configs JMS needs, once per connection: {@code share.auto.offset.reset} (earliest for a
     * queue: its messages sent before its first consumer are delivered; latest for a shared subscription) and
     * {@code share.isolation.level=read_committed} (messages of uncommitted transactions are not delivered).
     */
    void configureShareGroup(String group, String autoOffsetReset) throws JMSException {
        if (!configuredGroups.add(group)) {
            return;
        }
        List<AlterConfigOp> ops = new ArrayList<>();
        ops.add(set("share.auto.offset.reset", autoOffsetReset));
        ops.add(set("share.isolation.level", "read_committed"));
        try {
            admin().incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.GROUP, group), ops)).all()
                    .get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            configuredGroups.remove(group);
            throw JmsErrors.map("cannot configure share group " + group, e);
        }
    }

    /**
     * Whether every partition of {@code topic} has a start offset in share group {@code group} (its share-partitions
     * are initialized: with {@code latest}, by the group's first fetch).
     */
    boolean shareGroupStarted(String group, String topic) throws JMSException {
        try {
            int partitions = admin().describeTopics(List.of(topic)).allTopicNames().get(ADMIN_TIMEOUT_SECONDS,
                    TimeUnit.SECONDS).get(topic).partitions().size();
            Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.SharePartitionOffsetInfo> known =
                    admin().listShareGroupOffsets(Map.of(group,
                    new org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec())).partitionsToOffsetInfo(group)
                    .get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return known != null && known.values().stream().filter(o -> o != null && o.startOffset() >= 0).count()
                    >= partitions;
        } catch (ExecutionException e) {
            return false;   // no such group yet
        } catch (Exception e) {
            throw JmsErrors.map("cannot describe share group " + group, e);
        }
    }

    private static AlterConfigOp set(String name, String value) {
        return new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET);
    }

    /** Deletes a consumer or share group: false when there is none; IllegalStateException while it has members. */
    boolean deleteGroup(String group, boolean share) throws JMSException {
        try {
            if (share) {
                admin().deleteShareGroups(List.of(group)).all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } else {
                admin().deleteConsumerGroups(List.of(group)).all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupNotEmptyException) {
                throw new jakarta.jms.IllegalStateException("subscription " + group + " is in use");
            }
            if (e.getCause() instanceof GroupIdNotFoundException
                    || e.getCause() instanceof org.apache.kafka.common.errors.InvalidGroupIdException) {
                return false;
            }
            throw JmsErrors.map("cannot delete group " + group, e);
        } catch (Exception e) {
            throw JmsErrors.map("cannot delete group " + group, e);
        }
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close();
            producer = null;
        }
        if (admin != null) {
            admin.close();
            admin = null;
        }
    }
}
