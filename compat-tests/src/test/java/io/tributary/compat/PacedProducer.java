package io.tributary.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * An idempotent acks=all producer (request timeout 10 s, delivery timeout 120 s) on a thread of its own, sending
 * record n ({@link Numbering}: value n, key {@code <partition>-<sequence>}) to partition n % partitions at about
 * 600 records a second — a scheduler grants 6 sends every 10 ms, and grants do not pile up while a send blocks — so
 * three nodes, one of them catching up, share two cores with it. Every acknowledgement is logged ({@link Ack}), and
 * {@link #assertEveryAcknowledgedRecordOnceInOrder} reads the topic back to check them.
 */
final class PacedProducer implements AutoCloseable {

    private static final int SENDS_PER_TICK = 6;

    private final int partitions;
    private final KafkaProducer<String, String> producer;
    private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "producer-pacer");
        t.setDaemon(true);
        return t;
    });
    private final Semaphore grants = new Semaphore(0);
    private final Thread sender;
    private final Numbering numbering;
    private final AtomicLong sent = new AtomicLong();
    private final Queue<Ack> acks = new ConcurrentLinkedQueue<>();
    private final AtomicLongArray lastAcknowledged;
    private final Queue<Exception> failures = new ConcurrentLinkedQueue<>();
    private volatile boolean stopping;

    PacedProducer(String bootstrap, String topic, int partitions) {
        this.partitions = partitions;
        numbering = new Numbering(topic, partitions);
        lastAcknowledged = new AtomicLongArray(partitions);
        producer = new KafkaProducer<>(config(bootstrap, Duration.ofSeconds(120)), new StringSerializer(),
                new StringSerializer());
        for (int p = 0; p < partitions; p++) {
            lastAcknowledged.set(p, -1);
        }
        pacer.scheduleAtFixedRate(() -> {
            if (grants.availablePermits() < SENDS_PER_TICK) {
                grants.release(SENDS_PER_TICK);
            }
        }, 0, 10, TimeUnit.MILLISECONDS);
        sender = new Thread(this::sendUntilStopped, "paced-producer");
        sender.setDaemon(true);
        sender.start();
    }

    /** An idempotent acks=all producer's settings: 10 s requests, this delivery timeout, 5 ms linger. */
    static Properties config(String bootstrap, Duration deliveryTimeout) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(deliveryTimeout.toMillis()));
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        return p;
    }

    private void sendUntilStopped() {
        try {
            while (!stopping) {
                if (!grants.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                ProducerRecord<String, String> record = numbering.next((int) (numbering.count() % partitions));
                long n = Long.parseLong(record.value());
                producer.send(record, (m, e) -> {
                    if (e != null) {
                        failures.add(e);
                        return;
                    }
                    acks.add(Ack.of(record, m));
                    lastAcknowledged.accumulateAndGet(record.partition(), n, Math::max);
                });
                sent.set(n + 1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failures.add(e);   // send() itself gave up, e.g. no metadata within max.block.ms
        }
    }

    /** How many records were handed to the producer so far (values 0 to this, exclusive). */
    long sent() {
        return sent.get();
    }

    /** Whether every partition acknowledged a record of value {@code from} or later. */
    boolean acknowledgedOnEveryPartitionFrom(long from) {
        return IntStream.range(0, partitions).allMatch(p -> lastAcknowledged.get(p) >= from);
    }

    String progress() {
        return "sent " + sent() + ", acknowledged " + acks.size() + ", last acknowledged per partition "
                + lastAcknowledged + ", failed " + failures.size()
                + (failures.isEmpty() ? "" : " (first: " + failures.peek() + ")");
    }

    /** Stops sending and waits (up to the delivery timeout) until every record sent is acknowledged or failed. */
    List<Ack> finish() throws InterruptedException {
        stopping = true;
        sender.join(TimeUnit.SECONDS.toMillis(30));
        pacer.shutdownNow();
        producer.close(Duration.ofSeconds(150));
        return List.copyOf(acks);
    }

    List<Exception> failures() {
        return List.copyOf(failures);
    }

    @Override
    public void close() {
        stopping = true;
        pacer.shutdownNow();
        producer.close(Duration.ZERO);   // after finish(), a no-op
    }

    /**
     * Reads every partition of {@code topic} from the beginning up to its end offset (read_uncommitted) and checks
     * that each acknowledged record is there at its acknowledged offset, that no record is there twice, and that a
     * partition's acknowledged records lie in the order they were sent. {@code state} describes the cluster for
     * failure messages.
     */
    static void assertEveryAcknowledgedRecordOnceInOrder(List<Ack> acks, String bootstrap, String topic,
                                                         int partitions, Supplier<String> state) throws Exception {
        Map<Integer, Map<Long, ConsumerRecord<String, String>>> log = readEveryPartition(bootstrap, topic, partitions,
                state);
        for (Ack ack : acks) {
            ConsumerRecord<String, String> stored = log.get(ack.partition()).get(ack.offset());
            assertThat(stored).as("record %s, acknowledged at %d in partition %d", ack.value(), ack.offset(),
                    ack.partition()).isNotNull();
            assertThat(stored.key() + "=" + stored.value()).as("record at %d in partition %d", ack.offset(),
                    ack.partition()).isEqualTo(ack.key() + "=" + ack.value());
        }
        Map<String, Long> copies = log.values().stream().flatMap(m -> m.values().stream())
                .collect(Collectors.groupingBy(ConsumerRecord::value, Collectors.counting()));
        assertThat(copies.entrySet().stream().filter(e -> e.getValue() > 1).map(e -> e.getKey() + " x" + e.getValue())
                .toList()).as("records stored more than once").isEmpty();
        for (int p = 0; p < partitions; p++) {
            int partition = p;
            List<Long> offsetsInSendOrder = acks.stream().filter(a -> a.partition() == partition)
                    .sorted(Comparator.comparingLong(a -> Long.parseLong(a.value()))).map(Ack::offset).toList();
            assertThat(offsetsInSendOrder).as("offsets of partition %d's acknowledged records, in send order", p)
                    .isSorted().doesNotHaveDuplicates();
        }
    }

    private static Map<Integer, Map<Long, ConsumerRecord<String, String>>> readEveryPartition(String bootstrap,
            String topic, int partitionCount, Supplier<String> state) throws Exception {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Map<Integer, Map<Long, ConsumerRecord<String, String>>> log = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = IntStream.range(0, partitionCount)
                    .mapToObj(p -> new TopicPartition(topic, p)).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            partitions.forEach(tp -> log.put(tp.partition(), new HashMap<>()));
            Await.until("every partition read up to its end offset " + end, Duration.ofSeconds(60), () -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    log.get(r.partition()).put(r.offset(), r);
                }
                return partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
            }, () -> "read " + log.values().stream().map(Map::size).toList() + " records\n" + state.get());
        }
        return log;
    }

    /** An acknowledged record: where the broker said it is, and what it is. */
    record Ack(int partition, long offset, String key, String value) {
        static Ack of(ProducerRecord<String, String> sent, RecordMetadata m) {
            return new Ack(m.partition(), m.offset(), sent.key(), sent.value());
        }
    }

    /** A test's records: record n (from 0) has value n and key {@code <partition>-<its sequence there>}. */
    static final class Numbering {
        private final String topic;
        private final long[] sequence;
        private long next;

        Numbering(String topic, int partitions) {
            this.topic = topic;
            sequence = new long[partitions];
        }

        ProducerRecord<String, String> next(int partition) {
            return new ProducerRecord<>(topic, partition, partition + "-" + sequence[partition]++,
                    Long.toString(next++));
        }

        /** How many records were numbered. */
        long count() {
            return next;
        }
    }
}
