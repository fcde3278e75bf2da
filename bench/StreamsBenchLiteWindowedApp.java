// streams-lite side of bench/streams-compare.sh's windowed workload, in a JVM of its own. Compiled at run time against
// streams-lite of this checkout, and only when its jar has io.tributary.streams.TimeWindows (windowed aggregations);
// until then, or if this file does not compile against it, the script reports the workload as skipped for streams-lite.
//
//   StreamsBenchLiteWindowedApp windowed BOOTSTRAP APPLICATION_ID INPUT OUTPUT STATE_DIR COMMIT_MS DSL_STORE CACHE_BYTES
//
//   lines keyed by word -> groupByKey -> windowedBy(TimeWindows.ofSizeWithNoGrace(1 min)) -> count() into store
//   "window-counts" -> toStream -> key "word@windowStartMs", value the count as a Long -> OUTPUT:
//   StreamsBenchKafkaApp's windowed topology, line for line. Settings as StreamsBenchLiteApp.
import io.tributary.streams.Consumed;
import io.tributary.streams.Grouped;
import io.tributary.streams.KeyValue;
import io.tributary.streams.Materialized;
import io.tributary.streams.Produced;
import io.tributary.streams.StreamsApplication;
import io.tributary.streams.StreamsBuilder;
import io.tributary.streams.TimeWindows;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;

public final class StreamsBenchLiteWindowedApp {

    public static void main(String[] a) throws InterruptedException {
        if (!a[0].equals("windowed")) {
            throw new IllegalArgumentException("workload: windowed (wordcount: StreamsBenchLiteApp), not " + a[0]);
        }
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(a[3], Consumed.with(Serdes.String(), Serdes.String()))
                .groupByKey(Grouped.with(Serdes.String(), Serdes.String()))
                .windowedBy(TimeWindows.ofSizeWithNoGrace(Duration.ofMinutes(1)))
                .count(Materialized.as("window-counts"))
                .toStream()
                .map((window, count) -> KeyValue.pair(window.key() + "@" + window.window().start(), count))
                .to(a[4], Produced.with(Serdes.String(), Serdes.Long()));
        StreamsBenchLiteApp.run(new StreamsApplication(builder.build(), StreamsBenchLiteApp.config(a)));
    }
}
