package io.tributary.compat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Clients and reads shared by the transaction tests. Only APIs kafka-clients 3.9 and 4.4 both have, since
 * {@link TransactionsCompatTest} runs under both. Every blocking client call is bounded by {@link #CLIENT_TIMEOUT},
 * so a broker without a transaction coordinator fails a test in half a minute, not in the clients' minutes.
 */
final class TransactionClients {

    /** {@code max.block.ms} of producers, {@code default.api.timeout.ms} of consumers and admins. */
    static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);

    private TransactionClients() {
    }

    /** A transactional producer ({@code enable.idempotence}, {@code acks=all}); {@code extra} settings last. */
    static KafkaProducer<String, String> transactional(String bootstrap, String transactionalId,
                                                       Map<String, String> extra) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(CLIENT_TIMEOUT.toMillis()));
        p.putAll(extra);
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    /** A producer outside any transaction (kafka-clients defaults: idempotent, acks=all). */
    static KafkaProducer<String, String> plain(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(CLIENT_TIMEOUT.toMillis()));
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    /** A consumer without a group (the tests assign partitions) reading at {@code level}. */
    static KafkaConsumer<String, String> consumer(String bootstrap, IsolationLevel level) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation(level));
        c.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(CLIENT_TIMEOUT.toMillis()));
        return new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer());
    }

    /** The {@code isolation.level} value of a level ({@code read_committed}, {@code read_uncommitted}). */
    static String isolation(IsolationLevel level) {
        return level.name().toLowerCase(Locale.ROOT);
    }

    /** An admin whose calls give up after {@link #CLIENT_TIMEOUT}. */
    static Admin admin(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(CLIENT_TIMEOUT.toMillis()));
        return Admin.create(p);
    }

    /**
     * {@code initTransactions}, failing with what it means when the broker gave the producer no coordinator or no
     * producer id in time (FindCoordinator(TRANSACTION) and InitProducerId retried until {@code max.block.ms}).
     */
    static void init(KafkaProducer<String, String> producer, String transactionalId) {
        try {
            producer.initTransactions();
        } catch (TimeoutException e) {
            throw new AssertionError("initTransactions of transactional.id '" + transactionalId + "' did not complete "
                    + "within max.block.ms (" + CLIENT_TIMEOUT.toSeconds() + " s): the broker found it no transaction "
                    + "coordinator or no producer id (FindCoordinator(TRANSACTION) / InitProducerId)", e);
        }
    }

    /** ListOffsets(latest) of one partition at {@code level}: the high watermark, or the last stable offset. */
    static long latest(Admin admin, TopicPartition tp, IsolationLevel level) throws Exception {
        return admin.listOffsets(Map.of(tp, OffsetSpec.latest()), new ListOffsetsOptions(level)).all()
                .get(CLIENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(tp).offset();
    }

    /**
     * Reads {@code partitions} from their beginning until at least {@code atLeast} records arrived and the consumer's
     * position reached its end offset (at its isolation level: the last stable offset under read_committed) on every
     * partition; fails after {@code timeout} with what it read. Returns, per partition, offset to value. Fails at
     * once if a partition's offsets do not increase.
     */
    static Map<TopicPartition, TreeMap<Long, String>> readToEnd(KafkaConsumer<String, String> consumer,
                                                                Collection<TopicPartition> partitions, int atLeast,
                                                                Duration timeout) throws InterruptedException {
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, TreeMap<Long, String>> read = new HashMap<>();
        partitions.forEach(tp -> read.put(tp, new TreeMap<>()));
        int count = 0;
        Map<TopicPartition, Long> end = Map.of();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                TreeMap<Long, String> values = read.get(new TopicPartition(r.topic(), r.partition()));
                if (!values.isEmpty() && r.offset() <= values.lastKey()) {
                    throw new AssertionError(r.topic() + "-" + r.partition() + ": offset " + r.offset() + " ("
                            + r.value() + ") read after offset " + values.lastKey());
                }
                values.put(r.offset(), r.value());
                count++;
            }
            if (count >= atLeast) {
                end = consumer.endOffsets(partitions);
                boolean atEnd = true;
                for (TopicPartition tp : partitions) {
                    atEnd &= consumer.position(tp) >= end.get(tp);
                }
                if (atEnd) {
                    return read;
                }
            }
            if (System.nanoTime() > deadline) {
                Map<TopicPartition, Long> positions = new HashMap<>();
                partitions.forEach(tp -> positions.put(tp, consumer.position(tp)));
                throw new AssertionError("read " + count + " records (wanted at least " + atLeast + ") in "
                        + timeout.toSeconds() + " s; positions " + positions + ", end offsets " + end + "; read: "
                        + read);
            }
        }
    }

    /**
     * A JVM of this test class path running {@code main} with {@code args}; its stdout and stderr lines are
     * queued for the test and kept (the last 400) for failure messages. Clients log at WARN.
     */
    static final class Child implements AutoCloseable {
        private final String name;
        private final Process process;
        private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final List<String> recent = new ArrayList<>();
        private final Thread reader;

        private Child(String name, Process process) {
            this.name = name;
            this.process = process;
            this.reader = new Thread(this::read, name + "-output");
            reader.setDaemon(true);
            reader.start();
        }

        static Child start(String name, Class<?> main, String... args) throws IOException {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Xmx256m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp",
                    System.getProperty("java.class.path"), main.getName()));
            command.addAll(List.of(args));
            return start(name, command);
        }

        /** A child running {@code command} as given (its JVM flags included). */
        static Child start(String name, List<String> command) throws IOException {
            return new Child(name, new ProcessBuilder(command).redirectErrorStream(true).start());
        }

        private void read() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    synchronized (recent) {
                        recent.add(line);
                        if (recent.size() > 400) {
                            recent.remove(0);
                        }
                    }
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process is gone
            }
        }

        /**
         * The next line that starts with {@code prefix} (others are skipped), waiting until {@code deadline}
         * ({@link System#nanoTime}); fails if the process ends first or the deadline passes.
         */
        String next(String prefix, long deadline) throws InterruptedException {
            while (true) {
                String line = lines.poll(100, TimeUnit.MILLISECONDS);
                if (line != null) {
                    if (line.startsWith(prefix)) {
                        return line;
                    }
                    continue;
                }
                if (!process.isAlive() && !reader.isAlive() && lines.isEmpty()) {
                    throw new AssertionError(name + " exited with " + process.exitValue() + " before printing '"
                            + prefix + "'; its output:\n" + output());
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(name + " printed no '" + prefix + "' in time; its output:\n" + output());
                }
            }
        }

        /** Fails if the process ended (with its output). */
        void assertAlive() {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + "; its output:\n" + output());
            }
        }

        /** SIGKILL, and waits for the process to be gone. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError(name + " survived SIGKILL for 30 s");
            }
        }

        String output() {
            synchronized (recent) {
                return String.join("\n", recent);
            }
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                kill();
            }
        }
    }
}
