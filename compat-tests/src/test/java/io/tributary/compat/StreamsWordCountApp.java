package io.tributary.compat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * A Kafka Streams word count in a process of its own, for {@link StreamsExactlyOnceCompatTest} to SIGKILL:
 * {@code bootstrap applicationId inputTopic outputTopic stateDir}. The topology is the textbook one — split each
 * line into words, {@code groupBy} the word (which goes through the repartition topic
 * {@code <applicationId>-counts-repartition}), {@code count} into the store {@code counts} (RocksDB, logged to
 * {@code <applicationId>-counts-changelog}), and every changed count to the output, key the word and value the
 * count as a long — with {@code processing.guarantee=exactly_once_v2}, one stream thread and a 100 ms commit
 * interval, and no record cache.
 *
 * <p>It reports on stdout, each line flushed: {@code STREAMS STATE <new> <old>} on every state change, and, on
 * every change to {@code RUNNING}, {@code STREAMS TASKS active=[...] standby=[...]} (task ids such as {@code 0_1},
 * {@code 1_3}); {@code STREAMS RESTORING <changelog partition> from <offset> to <offset>} and
 * {@code STREAMS RESTORED <changelog partition> <records>} when it rebuilds a store from the changelog. Clients log
 * at WARN (the test's child JVMs), so Streams' and the clients' warnings and errors show too. An uncaught exception in the stream thread is printed with its stack trace and shuts the client down; on
 * {@code ERROR} the process exits with status 1.
 */
final class StreamsWordCountApp {

    /** The count store's name: it names the repartition and changelog topics too. */
    static final String STORE = "counts";

    private StreamsWordCountApp() {
    }

    /** How the application splits a line into words (the test computes the expected counts with it). */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        for (String w : line.toLowerCase(Locale.ROOT).split("\\W+")) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        return words;
    }

    public static void main(String[] args) throws InterruptedException {
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
        String bootstrap = args[0];
        String applicationId = args[1];
        String input = args[2];
        String output = args[3];
        String stateDir = args[4];

        StreamsBuilder builder = new StreamsBuilder();
        builder.<String, String>stream(input)
                .flatMapValues(StreamsWordCountApp::words)
                .groupBy((line, word) -> word, Grouped.with(Serdes.String(), Serdes.String()))
                .count(Materialized.as(STORE))
                .toStream()
                .to(output, Produced.with(Serdes.String(), Serdes.Long()));
        Topology topology = builder.build();

        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "1");
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
        // No record cache: every count update goes to the changelog and the output as it happens, inside the open
        // transaction, so a kill leaves aborted records there for restores and readers to skip.
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, "0");
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true"); // quiets a warning
        p.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.String().getClass().getName());
        p.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.String().getClass().getName());
        // A killed instance's tasks move once its session expires (the broker's minimum, 6 s) and its open
        // transaction is aborted (transaction.timeout.ms; the broker looks every second in this test).
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), "6000");
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), "1000");
        p.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), "5000");

        KafkaStreams streams = new KafkaStreams(topology, p);
        CountDownLatch done = new CountDownLatch(1);
        streams.setStateListener((now, before) -> {
            report("STREAMS STATE " + now + " " + before);
            if (now == KafkaStreams.State.RUNNING) {
                report("STREAMS TASKS " + tasks(streams));
            }
            if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
                done.countDown();
            }
        });
        streams.setGlobalStateRestoreListener(new StateRestoreListener() {
            @Override
            public void onRestoreStart(TopicPartition partition, String store, long start, long end) {
                report("STREAMS RESTORING " + partition + " from " + start + " to " + end);
            }

            @Override
            public void onBatchRestored(TopicPartition partition, String store, long batchEnd, long restored) {
            }

            @Override
            public void onRestoreEnd(TopicPartition partition, String store, long restored) {
                report("STREAMS RESTORED " + partition + " " + restored);
            }
        });
        streams.setUncaughtExceptionHandler(e -> {
            synchronized (System.out) {
                System.out.println("STREAMS UNCAUGHT " + e);
                e.printStackTrace(System.out);
                System.out.flush();
            }
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        Runtime.getRuntime().addShutdownHook(new Thread(streams::close, "streams-close"));
        streams.start();
        done.await();
        System.exit(streams.state() == KafkaStreams.State.ERROR ? 1 : 0);
    }

    private static String tasks(KafkaStreams streams) {
        TreeSet<String> active = new TreeSet<>();
        TreeSet<String> standby = new TreeSet<>();
        for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
            thread.activeTasks().forEach(t -> active.add(t.taskId().toString()));
            thread.standbyTasks().forEach(t -> standby.add(t.taskId().toString()));
        }
        return "active=" + Arrays.toString(active.toArray()) + " standby=" + Arrays.toString(standby.toArray());
    }

    private static void report(String line) {
        synchronized (System.out) {
            System.out.println(line);
            System.out.flush();
        }
    }
}
