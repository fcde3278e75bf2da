// Apache Kafka Streams side of bench/streams-compare.sh: the benchmark's topologies as a Kafka Streams application, in
// a JVM of its own. Compiled at run time against kafka-streams 4.4.0 (bench/maven/kafka-streams).
//
//   StreamsBenchKafkaApp wordcount|windowed BOOTSTRAP APPLICATION_ID INPUT OUTPUT STATE_DIR COMMIT_MS CACHE_BYTES
//
//   wordcount  lines (no key) -> flatMapValues(split into words) -> groupBy(word) (repartition topic
//              <APPLICATION_ID>-counts-repartition) -> count() into store "counts" -> toStream -> OUTPUT
//              (key the word, value the count as a Long)
//   windowed   lines keyed by word -> groupByKey -> windowedBy(TimeWindows.ofSizeWithNoGrace(1 min)) -> count() into
//              store "window-counts" -> toStream -> key "word@windowStartMs", value the count as a Long -> OUTPUT
//
// at_least_once, one stream thread, commit.interval.ms = COMMIT_MS, statestore.cache.max.bytes = CACHE_BYTES
// ("default": not set, Kafka Streams' 10 MiB), the DSL's default stores (RocksDB). Everything else is Kafka Streams'
// defaults. Prints "STREAMS STATE <new> <old> <microseconds since the epoch>" on every state change; on an uncaught exception, its stack trace, and
// the process exits 1. SIGTERM closes the application (at most 30 s).
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;

public final class StreamsBenchKafkaApp {

    /** Microseconds since the epoch, as StreamsBenchClient's watcher prints them. */
    static long nowUs() {
        java.time.Instant i = java.time.Instant.now();
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1_000;
    }

    /** Lower case, split on runs of non-word characters (the same split as StreamsBenchLiteApp and the generator). */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        for (String w : line.toLowerCase(Locale.ROOT).split("\\W+")) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        return words;
    }

    public static void main(String[] a) throws InterruptedException {
        String workload = a[0], bootstrap = a[1], appId = a[2], input = a[3], output = a[4], stateDir = a[5];
        String commitMs = a[6], cacheBytes = a[7];

        StreamsBuilder builder = new StreamsBuilder();
        if (workload.equals("wordcount")) {
            builder.stream(input, Consumed.with(Serdes.String(), Serdes.String()))
                    .flatMapValues(StreamsBenchKafkaApp::words)
                    .groupBy((line, word) -> word, Grouped.with(Serdes.String(), Serdes.String()))
                    .count(Materialized.as("counts"))
                    .toStream()
                    .to(output, Produced.with(Serdes.String(), Serdes.Long()));
        } else if (workload.equals("windowed")) {
            builder.stream(input, Consumed.with(Serdes.String(), Serdes.String()))
                    .groupByKey(Grouped.with(Serdes.String(), Serdes.String()))
                    .windowedBy(TimeWindows.ofSizeWithNoGrace(Duration.ofMinutes(1)))
                    .count(Materialized.as("window-counts"))
                    .toStream()
                    .map((window, count) -> KeyValue.pair(window.key() + "@" + window.window().start(), count))
                    .to(output, Produced.with(Serdes.String(), Serdes.Long()));
        } else {
            throw new IllegalArgumentException("workload: wordcount or windowed, not " + workload);
        }

        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "1");
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitMs);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
        if (!cacheBytes.equals("default")) {
            p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, cacheBytes);
        }

        KafkaStreams streams = new KafkaStreams(builder.build(), p);
        CountDownLatch done = new CountDownLatch(1);
        streams.setStateListener((now, before) -> {
            System.out.println("STREAMS STATE " + now + " " + before + " " + nowUs());
            System.out.flush();
            if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
                done.countDown();
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
        Runtime.getRuntime().addShutdownHook(new Thread(() -> streams.close(Duration.ofSeconds(30)), "bench-close"));
        streams.start();
        done.await();
        System.exit(streams.state() == KafkaStreams.State.ERROR ? 1 : 0);
    }
}
