package io.tributary.connect.storage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * One of distributed mode's internal topics (configs, offsets, statuses): created compacted if missing (and refused
 * if it exists uncompacted, as Apache's worker refuses it), read from the beginning at start, then followed by a
 * reader thread that hands every record to the owner in log order. {@link #readToEnd} waits until everything
 * written before the call has been handed over — how a worker reads its own writes.
 */
public final class TopicLog implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TopicLog.class.getName());

    private final String topic;
    private final Admin admin;
    private final Producer<byte[], byte[]> producer;
    private final org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer;
    private final Consumer<ConsumerRecord<byte[], byte[]>> apply;
    private final Map<TopicPartition, Long> applied = new ConcurrentHashMap<>();
    private final Thread reader;
    private volatile boolean closing;
    private volatile Throwable readerFailure;
    /** The consumer reads with isolation.level=read_committed, so its end is the last stable offset. */
    private final boolean readCommitted;

    /** Over the given clients (tests pass kafka-clients' mocks); {@link #create} builds the real ones. */
    public TopicLog(String topic, Admin admin, Producer<byte[], byte[]> producer,
                    org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer,
                    Consumer<ConsumerRecord<byte[], byte[]>> apply) {
        this(topic, admin, producer, consumer, apply, false);
    }

    /** {@code readCommitted}: the consumer was built with isolation.level=read_committed. */
    public TopicLog(String topic, Admin admin, Producer<byte[], byte[]> producer,
                    org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer,
                    Consumer<ConsumerRecord<byte[], byte[]>> apply, boolean readCommitted) {
        this.readCommitted = readCommitted;
        this.topic = topic;
        this.admin = admin;
        this.producer = producer;
        this.consumer = consumer;
        this.apply = apply;
        this.reader = new Thread(this::follow, "connect-log-" + topic);
        reader.setDaemon(true);
    }

    /** A log of {@code topic} with an idempotent acks=all producer and an unassigned consumer of its own. */
    public static TopicLog create(String topic, String bootstrap, Map<String, Object> clientOverrides, Admin admin,
                                  Consumer<ConsumerRecord<byte[], byte[]>> apply, String clientIdPrefix) {
        return create(topic, bootstrap, clientOverrides, admin, apply, clientIdPrefix, false);
    }

    /**
     * As {@link #create(String, String, Map, Admin, Consumer, String)}; {@code readCommitted} reads only committed
     * records (isolation.level=read_committed, as Apache's worker reads its offsets and config topics with
     * exactly-once source support), and "the end" is then the last stable offset.
     */
    public static TopicLog create(String topic, String bootstrap, Map<String, Object> clientOverrides, Admin admin,
                                  Consumer<ConsumerRecord<byte[], byte[]>> apply, String clientIdPrefix,
                                  boolean readCommitted) {
        Map<String, Object> p = new HashMap<>(clientOverrides);
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientIdPrefix + "-producer");
        Map<String, Object> c = new HashMap<>(clientOverrides);
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, clientIdPrefix + "-consumer");
        c.remove(ConsumerConfig.GROUP_ID_CONFIG);
        if (readCommitted) {
            c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        }
        return new TopicLog(topic, admin, new KafkaProducer<>(p), new KafkaConsumer<>(c), apply, readCommitted);
    }

    /** Creates the topic if it is missing (compacted, with these partitions and replication factor). */
    public static void ensureTopic(Admin admin, String topic, String setting, int partitions, short replication,
                                   Map<String, String> extraConfigs) {
        Map<String, String> configs = new HashMap<>(extraConfigs);
        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        try {
            admin.createTopics(List.of(new NewTopic(topic, java.util.Optional.of(partitions),
                    java.util.Optional.of(replication)).configs(configs))).all().get(60, TimeUnit.SECONDS);
            LOG.info("Created topic " + topic + " (" + setting + ") with " + partitions + " partitions");
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new ConnectException("Could not create the topic " + topic + " of " + setting + ": "
                        + e.getCause().getMessage(), e.getCause());
            }
        } catch (InterruptedException | TimeoutException e) {
            throw new ConnectException("Timed out creating the topic " + topic + " of " + setting, e);
        }
        requireCompacted(admin, topic, setting);
    }

    private static void requireCompacted(Admin admin, String topic, String setting) {
        ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try {
            ConfigEntry policy = admin.describeConfigs(List.of(r)).all().get(60, TimeUnit.SECONDS).get(r)
                    .get(TopicConfig.CLEANUP_POLICY_CONFIG);
            if (policy != null && !policy.value().contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
                throw new ConfigException("Topic '" + topic + "' supplied via the '" + setting + "' property is "
                        + "required to have '" + TopicConfig.CLEANUP_POLICY_CONFIG + "="
                        + TopicConfig.CLEANUP_POLICY_COMPACT + "' to guarantee consistency and durability, but "
                        + "found the topic currently has '" + TopicConfig.CLEANUP_POLICY_CONFIG + "="
                        + policy.value() + "'. Continuing would likely result in eventually losing data and problems "
                        + "restarting this Connect cluster in the future. Change the '" + setting
                        + "' property in the Connect worker configurations to use a topic with '"
                        + TopicConfig.CLEANUP_POLICY_CONFIG + "=" + TopicConfig.CLEANUP_POLICY_COMPACT + "'.");
            }
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new ConnectException("Could not read the config of topic " + topic, e);
        }
    }

    /** Reads the whole topic (the owner's state is complete when this returns), then follows it. */
    public void start() {
        List<TopicPartition> partitions = new ArrayList<>();
        try {
            TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(60, TimeUnit.SECONDS)
                    .get(topic);
            d.partitions().forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new ConnectException("Could not describe topic " + topic, e);
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        reader.start();
        readToEnd(Duration.ofMinutes(5));
    }

    private void follow() {
        try {
            while (!closing) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        apply.accept(r);
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "Skipping a record of " + topic + " at offset " + r.offset()
                                + " that could not be applied", e);
                    }
                }
                for (TopicPartition tp : consumer.assignment()) {
                    applied.put(tp, consumer.position(tp));
                }
                synchronized (applied) {
                    applied.notifyAll();
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (Throwable t) {
            readerFailure = t;
            LOG.log(Level.SEVERE, "The reader of " + topic + " failed", t);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Waits until every record in the topic when called has been applied. */
    public void readToEnd(Duration timeout) {
        Map<TopicPartition, Long> ends = new HashMap<>();
        try {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (TopicPartition tp : partitions()) {
                request.put(tp, OffsetSpec.latest());
            }
            for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e
                    : admin.listOffsets(request, new ListOffsetsOptions(readCommitted ? IsolationLevel.READ_COMMITTED
                            : IsolationLevel.READ_UNCOMMITTED)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                            .entrySet()) {
                ends.put(e.getKey(), e.getValue().offset());
            }
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new ConnectException("Could not read the end offsets of " + topic, e);
        }
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        synchronized (applied) {
            while (!caughtUp(ends)) {
                if (readerFailure != null) {
                    throw new ConnectException("The reader of " + topic + " failed", readerFailure);
                }
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    throw new ConnectException("Timed out reading " + topic + " to its end");
                }
                try {
                    applied.wait(Math.min(left, 100));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ConnectException("Interrupted reading " + topic);
                }
            }
        }
    }

    private Set<TopicPartition> partitions() {
        Set<TopicPartition> out = new java.util.HashSet<>(applied.keySet());
        if (out.isEmpty()) {
            try {
                admin.describeTopics(List.of(topic)).allTopicNames().get(60, TimeUnit.SECONDS).get(topic)
                        .partitions().forEach(p -> out.add(new TopicPartition(topic, p.partition())));
            } catch (InterruptedException | ExecutionException | TimeoutException e) {
                throw new ConnectException("Could not describe topic " + topic, e);
            }
        }
        return out;
    }

    private boolean caughtUp(Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            if (e.getValue() > 0 && applied.getOrDefault(e.getKey(), 0L) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    public Future<RecordMetadata> send(byte[] key, byte[] value) {
        return producer.send(new ProducerRecord<>(topic, key, value));
    }

    /** Sends and waits for the broker's acknowledgement. */
    public void write(byte[] key, byte[] value) {
        try {
            send(key, value).get(60, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new ConnectException("Could not write to " + topic + ": " + e.getMessage(), e);
        }
    }

    public void flush() {
        producer.flush();
    }

    public String topic() {
        return topic;
    }

    @Override
    public void close() {
        closing = true;
        consumer.wakeup();
        try {
            reader.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
