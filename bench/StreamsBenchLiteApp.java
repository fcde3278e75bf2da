// streams-lite side of bench/streams-compare.sh: the word count topology as a streams-lite application
// (io.tributary.streams), in a JVM of its own. Compiled at run time against streams-lite of this checkout.
//
//   StreamsBenchLiteApp wordcount BOOTSTRAP APPLICATION_ID INPUT OUTPUT STATE_DIR COMMIT_MS DSL_STORE CACHE_BYTES
//
//   wordcount  lines (no key) -> flatMapValues(split into words) -> groupBy(word) (repartition topic
//              <APPLICATION_ID>-counts-repartition) -> count() into store "counts" -> toStream -> OUTPUT
//              (key the word, value the count as a Long): StreamsBenchKafkaApp's topology, line for line
//   windowed   StreamsBenchLiteWindowedApp.java, compiled only once streams-lite has TimeWindows
//
// at_least_once, one stream thread, commit.interval.ms = COMMIT_MS, default.dsl.store = DSL_STORE ("default": not
// set, streams-lite's in_memory; or rocksDB / in_memory), statestore.cache.max.bytes = CACHE_BYTES ("default": not
// set, streams-lite's 10 MiB as Kafka Streams'; 0: every count update goes to the output). Prints "STREAMS STATE <new> <old> <microseconds since the epoch>" on every state change; the process exits 1 on ERROR. SIGTERM closes
// the application.
import io.tributary.streams.Consumed;
import io.tributary.streams.Grouped;
import io.tributary.streams.Materialized;
import io.tributary.streams.Produced;
import io.tributary.streams.StreamsApplication;
import io.tributary.streams.StreamsBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.serialization.Serdes;

public final class StreamsBenchLiteApp {

    /** Microseconds since the epoch, as StreamsBenchClient's watcher prints them. */
    static long nowUs() {
        java.time.Instant i = java.time.Instant.now();
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1_000;
    }

    /** Lower case, split on runs of non-word characters (the same split as StreamsBenchKafkaApp and the generator). */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        for (String w : line.toLowerCase(Locale.ROOT).split("\\W+")) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        return words;
    }

    /** The settings both workloads share. */
    static Properties config(String[] a) {
        Properties p = new Properties();
        p.put("application.id", a[2]);
        p.put("bootstrap.servers", a[1]);
        p.put("processing.guarantee", "at_least_once");
        p.put("num.stream.threads", "1");
        p.put("commit.interval.ms", a[6]);
        p.put("state.dir", a[5]);
        if (!a[7].equals("default")) {
            p.put("default.dsl.store", a[7]);
        }
        if (!a[8].equals("default")) {
            p.put("statestore.cache.max.bytes", a[8]);
        }
        return p;
    }

    /** Starts the application, reports its states, exits when it stops (1 on ERROR). */
    static void run(StreamsApplication app) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        app.setStateListener((now, before) -> {
            System.out.println("STREAMS STATE " + now + " " + before + " " + nowUs());
            System.out.flush();
            if (now == StreamsApplication.State.ERROR || now == StreamsApplication.State.NOT_RUNNING) {
                stopped.countDown();
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "bench-close"));
        app.start();
        stopped.await();
        System.exit(app.state() == StreamsApplication.State.ERROR ? 1 : 0);
    }

    public static void main(String[] a) throws InterruptedException {
        if (!a[0].equals("wordcount")) {
            throw new IllegalArgumentException("workload: wordcount (windowed: StreamsBenchLiteWindowedApp), not " + a[0]);
        }
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(a[3], Consumed.with(Serdes.String(), Serdes.String()))
                .flatMapValues(StreamsBenchLiteApp::words)
                .groupBy((line, word) -> word, Grouped.with(Serdes.String(), Serdes.String()))
                .count(Materialized.as("counts"))
                .toStream()
                .to(a[4], Produced.with(Serdes.String(), Serdes.Long()));
        run(new StreamsApplication(builder.build(), config(a)));
    }
}
