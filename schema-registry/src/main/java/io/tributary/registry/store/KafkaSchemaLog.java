package io.tributary.registry.store;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The {@code _schemas} topic through kafka-clients, as any Kafka application reaches it: one partition, compacted,
 * created on first start ({@code kafkastore.topic.replication.factor}, at most the number of brokers). A thread of
 * its own reads the partition from the beginning and follows it; appends are acks=all idempotent sends.
 */
public final class KafkaSchemaLog implements SchemaLog {

    private static final Logger LOG = Logger.getLogger(KafkaSchemaLog.class.getName());

    private final Config config;
    private final TopicPartition partition;
    private final Admin admin;
    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Object progress = new Object();
    private long nextOffset;          // guarded by progress: the offset after the last record applied
    private volatile boolean running = true;
    private Thread readerThread;

    /**
     * @param connection        {@code kafkastore.bootstrap.servers} and the clients' security settings
     * @param topic             {@code kafkastore.topic}
     * @param replicationFactor {@code kafkastore.topic.replication.factor}
     * @param timeoutMs         {@code kafkastore.timeout.ms}: a write or a catch-up waits this long
     * @param initTimeoutMs     {@code kafkastore.init.timeout.ms}: creating the topic and reading it on start
     * @param clientId          prefix of the clients' ids
     */
    public record Config(Map<String, Object> connection, String topic, int replicationFactor, long timeoutMs, long initTimeoutMs,
                         String clientId) {
    }

    public KafkaSchemaLog(Config config) {
        this.config = config;
        this.partition = new TopicPartition(config.topic(), 0);
        Properties common = new Properties();
        common.putAll(config.connection());
        Properties adminProps = new Properties();
        adminProps.putAll(common);
        adminProps.put(AdminClientConfig.CLIENT_ID_CONFIG, config.clientId() + "-admin");
        adminProps.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) config.initTimeoutMs());
        // the Admin client refuses a default API timeout below its request timeout (30 s): a short
        // kafkastore.init.timeout.ms would otherwise fail to start with a raw ConfigException
        adminProps.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(30_000, config.initTimeoutMs()));
        this.admin = Admin.create(adminProps);
        Properties producerProps = new Properties();
        producerProps.putAll(common);
        producerProps.put(ProducerConfig.CLIENT_ID_CONFIG, config.clientId() + "-producer");
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        producerProps.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, config.timeoutMs());
        this.producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer());
        Properties consumerProps = new Properties();
        consumerProps.putAll(common);
        consumerProps.put(ConsumerConfig.CLIENT_ID_CONFIG, config.clientId() + "-reader");
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // A start reads the whole topic: large fetches and polls make that a few round trips, not one per 500.
        consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        consumerProps.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
        this.consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public void start(Reader reader) throws StoreException {
        ensureTopic();
        long end = endOffset(config.initTimeoutMs());
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        readerThread = new Thread(() -> read(reader), "schema-registry-reader");
        readerThread.setDaemon(true);
        readerThread.start();
        awaitNext(end, config.initTimeoutMs());
    }

    private void read(Reader reader) {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    try {
                        reader.apply(r.offset(), r.key(), r.value());
                    } catch (RuntimeException e) {
                        // One unreadable record must not stop the registry: every reader skips it alike.
                        LOG.log(Level.WARNING, config.topic() + " offset " + r.offset() + " skipped: " + e, e);
                    }
                }
                long position = consumer.position(partition);
                synchronized (progress) {
                    if (position > nextOffset) {
                        nextOffset = position;
                        progress.notifyAll();
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "the " + config.topic() + " reader stopped", e);
        }
    }

    private void ensureTopic() throws StoreException {
        try {
            Map<String, TopicDescription> found;
            try {
                found = admin.describeTopics(List.of(config.topic())).allTopicNames()
                        .get(config.initTimeoutMs(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)) {
                    throw e;
                }
                found = Map.of();
            }
            if (found.isEmpty()) {
                int brokers = admin.describeCluster().nodes().get(config.initTimeoutMs(), TimeUnit.MILLISECONDS)
                        .size();
                short rf = (short) Math.max(1, Math.min(config.replicationFactor(), brokers));
                if (rf < config.replicationFactor()) {
                    LOG.warning("creating " + config.topic() + " with replication factor " + rf + ": the cluster has "
                            + brokers + " broker(s), fewer than kafkastore.topic.replication.factor="
                            + config.replicationFactor());
                }
                NewTopic topic = new NewTopic(config.topic(), 1, rf).configs(Map.of("cleanup.policy", "compact"));
                try {
                    admin.createTopics(List.of(topic)).all().get(config.initTimeoutMs(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
                return;
            }
            TopicDescription description = found.get(config.topic());
            if (description.partitions().size() != 1) {
                throw new StoreException("The schema topic " + config.topic() + " should have exactly one partition "
                        + "but has " + description.partitions().size(), null, false);
            }
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, config.topic());
            ConfigEntry policy = admin.describeConfigs(List.of(resource)).all()
                    .get(config.initTimeoutMs(), TimeUnit.MILLISECONDS).get(resource).get("cleanup.policy");
            if (policy != null && !policy.value().contains("compact")) {
                throw new StoreException("The schema topic " + config.topic() + " must be compacted (cleanup.policy="
                        + "compact) but has cleanup.policy=" + policy.value(), null, false);
            }
        } catch (ExecutionException e) {
            throw new StoreException("could not create or check the topic " + config.topic() + ": "
                    + e.getCause().getMessage(), e.getCause(), false);
        } catch (TimeoutException e) {
            throw new StoreException("the Kafka cluster at " + config.connection().get("bootstrap.servers") + " did not answer within "
                    + config.initTimeoutMs() + " ms (kafkastore.init.timeout.ms)", e, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted", e, false);
        }
    }

    private long endOffset(long timeoutMs) throws StoreException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        try {
            while (true) {
                long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
                try {
                    return admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition)
                            .get(left, TimeUnit.MILLISECONDS).offset();
                } catch (ExecutionException e) {
                    // a topic just created may not be in the answering broker's metadata yet (another node of the
                    // cluster created it): ask again until the time is up
                    if (!(e.getCause() instanceof org.apache.kafka.common.errors.RetriableException)
                            || System.nanoTime() - deadline >= 0) {
                        throw e;
                    }
                    Thread.sleep(100);
                }
            }
        } catch (ExecutionException e) {
            throw new StoreException("could not read the end of " + config.topic() + ": " + e.getCause().getMessage(),
                    e.getCause(), false);
        } catch (TimeoutException e) {
            throw new StoreException("the end of " + config.topic() + " could not be read within " + timeoutMs
                    + " ms", e, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted", e, false);
        }
    }

    @Override
    public long append(byte[] key, byte[] value) throws StoreException {
        try {
            return producer.send(new ProducerRecord<>(config.topic(), 0, key, value))
                    .get(config.timeoutMs(), TimeUnit.MILLISECONDS).offset();
        } catch (ExecutionException e) {
            throw new StoreException("Error while registering the schema in the Kafka store: "
                    + e.getCause().getMessage(), e.getCause(), e.getCause()
                    instanceof org.apache.kafka.common.errors.TimeoutException);
        } catch (TimeoutException e) {
            throw new StoreException("Write to the Kafka store timed out after " + config.timeoutMs() + " ms", e, true);
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new StoreException("Error while writing to the Kafka store: " + e.getMessage(), e, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted", e, false);
        }
    }

    @Override
    public void awaitApplied(long offset) throws StoreException {
        awaitNext(offset + 1, config.timeoutMs());
    }

    @Override
    public void awaitCaughtUp() throws StoreException {
        awaitNext(endOffset(config.timeoutMs()), config.timeoutMs());
    }

    private void awaitNext(long wanted, long timeoutMs) throws StoreException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        synchronized (progress) {
            while (nextOffset < wanted) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new StoreException("Timed out waiting for the Kafka store to reach offset " + wanted
                            + " (it is at " + nextOffset + ")", null, true);
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(progress, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StoreException("interrupted", e, false);
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        if (readerThread != null) {
            try {
                readerThread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (readerThread == null || !readerThread.isAlive()) {
            consumer.close(Duration.ofSeconds(1));
        }
        producer.close(Duration.ofSeconds(2));
        admin.close(Duration.ofSeconds(2));
    }
}
