package io.tributary.streams.windows;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.streams.Consumed;
import io.tributary.streams.KeyValue;
import io.tributary.streams.Materialized;
import io.tributary.streams.Produced;
import io.tributary.streams.StreamsBuilder;
import io.tributary.streams.TimeWindows;
import io.tributary.streams.Topology;
import io.tributary.streams.Window;
import io.tributary.streams.Windowed;
import io.tributary.streams.WindowedSerdes;
import io.tributary.streams.internal.dsl.DroppedRecords;
import io.tributary.streams.state.KeyValueIterator;
import io.tributary.streams.state.WindowStore;
import io.tributary.streams.test.TestInputTopic;
import io.tributary.streams.test.TestOutputTopic;
import io.tributary.streams.test.TopologyTestDriver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

class TimeWindowedAggregationTest {

    private static final long SIZE = 100;
    private static final long GRACE = 50;

    static Topology windowedCount(TimeWindows windows) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("events", Consumed.with(Serdes.String(), Serdes.String()))
                .groupByKey()
                .windowedBy(windows)
                .count(Materialized.as("counts"))
                .toStream()
                .to("windowed-counts", Produced.with(WindowedSerdes.timeWindowedSerdeFrom(String.class,
                        windows.sizeMs()), Serdes.Long()));
        return builder.build();
    }

    /** Input records: a few keys, timestamps mostly rising with some out of order, some far enough back to be late. */
    static List<KeyValue<String, Long>> randomInput(long seed, int count) {
        Random random = new Random(seed);
        List<KeyValue<String, Long>> records = new ArrayList<>();
        long time = 0;
        for (int i = 0; i < count; i++) {
            time += random.nextInt(20);
            long ts = random.nextInt(5) == 0 ? Math.max(0, time - random.nextInt(250)) : time;
            records.add(KeyValue.pair("k" + random.nextInt(4), ts));
        }
        return records;
    }

    /** What a windowed count emits, computed by brute force: every window start from 0 is tried. */
    static List<KeyValue<Windowed<String>, Long>> oracle(List<KeyValue<String, Long>> input, TimeWindows windows,
            long[] late) {
        Map<Windowed<String>, Long> counts = new HashMap<>();
        List<KeyValue<Windowed<String>, Long>> emitted = new ArrayList<>();
        long streamTime = -1;
        for (KeyValue<String, Long> r : input) {
            long ts = r.value();
            streamTime = Math.max(streamTime, ts);
            for (long start = 0; start <= ts; start += windows.advanceMs()) {
                if (ts >= start + windows.sizeMs()) {
                    continue;
                }
                long end = start + windows.sizeMs();
                if (end + windows.graceMs() <= streamTime) {
                    late[0]++;
                    continue;
                }
                Windowed<String> key = new Windowed<>(r.key(), new Window(start, end));
                long count = counts.merge(key, 1L, Long::sum);
                emitted.add(KeyValue.pair(key, count));
            }
        }
        return emitted;
    }

    private static void checkAgainstOracle(TimeWindows windows, long seed) {
        List<KeyValue<String, Long>> input = randomInput(seed, 400);
        long[] late = new long[1];
        List<KeyValue<Windowed<String>, Long>> expected = oracle(input, windows, late);
        Topology topology = windowedCount(windows);
        try (TopologyTestDriver driver = new TopologyTestDriver(topology)) {
            TestInputTopic<String, String> in = driver.createInputTopic("events", Serdes.String().serializer(),
                    Serdes.String().serializer());
            TestOutputTopic<Windowed<String>, Long> out = driver.createOutputTopic("windowed-counts",
                    WindowedSerdes.timeWindowedSerdeFrom(String.class, windows.sizeMs()).deserializer(),
                    Serdes.Long().deserializer());
            for (KeyValue<String, Long> r : input) {
                in.pipeInput(r.key(), "v", r.value());
            }
            assertThat(out.readKeyValuesToList()).as("seed %d", seed).containsExactlyElementsOf(expected);
            assertThat(late[0]).as("seed %d: the input has late records", seed).isPositive();
            assertThat(DroppedRecords.total(topology)).as("seed %d", seed).isEqualTo(late[0]);
            // The store holds the latest count of the windows still within retention.
            WindowStore<String, Long> store = driver.getWindowStore("counts");
            Map<Windowed<String>, Long> last = new HashMap<>();
            expected.forEach(kv -> last.put(kv.key(), kv.value()));
            try (KeyValueIterator<Windowed<String>, Long> it = store.all()) {
                int seen = 0;
                while (it.hasNext()) {
                    KeyValue<Windowed<String>, Long> e = it.next();
                    assertThat(e.value()).as("seed %d, %s", seed, e.key()).isEqualTo(last.get(e.key()));
                    seen++;
                }
                assertThat(seen).as("seed %d", seed).isPositive();
            }
        }
    }

    @Test
    void tumblingCountWithOutOfOrderAndLateRecordsEqualsTheBruteForceOracle() {
        long seed = System.nanoTime();
        for (int round = 0; round < 5; round++) {
            checkAgainstOracle(TimeWindows.ofSizeAndGrace(Duration.ofMillis(SIZE), Duration.ofMillis(GRACE)),
                    seed + round);
        }
    }

    @Test
    void hoppingCountPutsEachRecordInEveryWindowItFallsIn() {
        long seed = System.nanoTime();
        for (int round = 0; round < 5; round++) {
            checkAgainstOracle(TimeWindows.ofSizeAndGrace(Duration.ofMillis(SIZE), Duration.ofMillis(GRACE))
                    .advanceBy(Duration.ofMillis(30)), seed + round);
        }
    }

    @Test
    void aRecordIsLateOnceStreamTimeReachesWindowEndPlusGrace() {
        Topology topology = windowedCount(TimeWindows.ofSizeAndGrace(Duration.ofMillis(10), Duration.ofMillis(5)));
        try (TopologyTestDriver driver = new TopologyTestDriver(topology)) {
            TestInputTopic<String, String> in = driver.createInputTopic("events", Serdes.String().serializer(),
                    Serdes.String().serializer());
            TestOutputTopic<Windowed<String>, Long> out = driver.createOutputTopic("windowed-counts",
                    WindowedSerdes.timeWindowedSerdeFrom(String.class, 10).deserializer(),
                    Serdes.Long().deserializer());
            in.pipeInput("a", "x", 3);
            in.pipeInput("a", "x", 14);
            in.pipeInput("a", "x", 9); // window [0,10) closes at 15: still open
            in.pipeInput("b", "x", 15);
            in.pipeInput("a", "x", 9); // now late
            assertThat(out.readKeyValuesToList()).containsExactly(
                    KeyValue.pair(new Windowed<>("a", new Window(0, 10)), 1L),
                    KeyValue.pair(new Windowed<>("a", new Window(10, 20)), 1L),
                    KeyValue.pair(new Windowed<>("a", new Window(0, 10)), 2L),
                    KeyValue.pair(new Windowed<>("b", new Window(10, 20)), 1L));
            assertThat(DroppedRecords.total(topology)).isEqualTo(1);
            assertThat(driver.producedTopicNames()).contains("test-driver-counts-changelog");
        }
    }

    @Test
    void reduceAndAggregateFoldPerWindow() {
        StreamsBuilder builder = new StreamsBuilder();
        var grouped = builder.stream("nums", Consumed.with(Serdes.String(), Serdes.Long())).groupByKey();
        TimeWindows windows = TimeWindows.ofSizeWithNoGrace(Duration.ofMillis(10));
        grouped.windowedBy(windows).reduce(Long::sum, Materialized.as("sums")).toStream()
                .to("sums", Produced.with(WindowedSerdes.timeWindowedSerdeFrom(String.class, 10), Serdes.Long()));
        grouped.windowedBy(windows).aggregate(() -> "", (k, v, agg) -> agg + v,
                Materialized.<String, String>as("strings").withValueSerde(Serdes.String())).toStream()
                .to("strings", Produced.with(WindowedSerdes.timeWindowedSerdeFrom(String.class, 10),
                        Serdes.String()));
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build())) {
            TestInputTopic<String, Long> in = driver.createInputTopic("nums", Serdes.String().serializer(),
                    Serdes.Long().serializer());
            in.pipeInput("a", 1L, 1);
            in.pipeInput("a", 2L, 5);
            in.pipeInput("a", 4L, 12);
            var sums = driver.createOutputTopic("sums", WindowedSerdes.timeWindowedSerdeFrom(String.class, 10)
                    .deserializer(), Serdes.Long().deserializer());
            var strings = driver.createOutputTopic("strings", WindowedSerdes.timeWindowedSerdeFrom(String.class,
                    10).deserializer(), Serdes.String().deserializer());
            assertThat(sums.readValuesToList()).containsExactly(1L, 3L, 4L);
            assertThat(strings.readValuesToList()).containsExactly("1", "12", "4");
        }
    }
}
