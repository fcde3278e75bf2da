package io.tributary.streams.windows;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.streams.Consumed;
import io.tributary.streams.KeyValue;
import io.tributary.streams.Materialized;
import io.tributary.streams.Produced;
import io.tributary.streams.SlidingWindows;
import io.tributary.streams.StreamsBuilder;
import io.tributary.streams.Topology;
import io.tributary.streams.Window;
import io.tributary.streams.Windowed;
import io.tributary.streams.WindowedSerdes;
import io.tributary.streams.internal.dsl.DroppedRecords;
import io.tributary.streams.test.TestInputTopic;
import io.tributary.streams.test.TestOutputTopic;
import io.tributary.streams.test.TopologyTestDriver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

class SlidingWindowedAggregationTest {

    static Topology slidingCount(SlidingWindows windows) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("events", Consumed.with(Serdes.String(), Serdes.String()))
                .groupByKey()
                .windowedBy(windows)
                .count(Materialized.as("sliding"))
                .toStream()
                .to("sliding-counts", Produced.with(WindowedSerdes.timeWindowedSerdeFrom(String.class,
                        windows.timeDifferenceMs()), Serdes.Long()));
        return builder.build();
    }

    private static KeyValue<Windowed<String>, Long> window(long start, long end, long count) {
        return KeyValue.pair(new Windowed<>("a", new Window(start, end)), count);
    }

    @Test
    void eachRecordMakesItsOwnWindowAndTheRightWindowOfItsPredecessor() {
        try (TopologyTestDriver driver = new TopologyTestDriver(slidingCount(
                SlidingWindows.ofTimeDifferenceAndGrace(Duration.ofMillis(10), Duration.ofMillis(100))))) {
            TestInputTopic<String, String> in = driver.createInputTopic("events", Serdes.String().serializer(),
                    Serdes.String().serializer());
            TestOutputTopic<Windowed<String>, Long> out = driver.createOutputTopic("sliding-counts",
                    WindowedSerdes.timeWindowedSerdeFrom(String.class, 10).deserializer(),
                    Serdes.Long().deserializer());
            in.pipeInput("a", "x", 10);
            in.pipeInput("a", "x", 15);
            in.pipeInput("a", "x", 30);
            in.pipeInput("a", "x", 25); // out of order: updates windows on both sides
            assertThat(out.readKeyValuesToList()).containsExactly(
                    window(0, 10, 1),
                    window(5, 15, 2), window(11, 21, 1),
                    window(20, 30, 1),
                    window(15, 25, 2), window(16, 26, 1), window(20, 30, 2), window(26, 36, 1));
        }
    }

    /**
     * The oracle recomputes every window from all accepted records after each record (left windows of every record,
     * right windows that hold a record) and expects exactly the windows whose count changed, by start.
     */
    @Test
    void randomSlidingCountsEqualTheBruteForceOracle() {
        long seed = System.nanoTime();
        long d = 20;
        long grace = 30;
        Random random = new Random(seed);
        Topology topology = slidingCount(SlidingWindows.ofTimeDifferenceAndGrace(Duration.ofMillis(d),
                Duration.ofMillis(grace)));
        try (TopologyTestDriver driver = new TopologyTestDriver(topology)) {
            TestInputTopic<String, String> in = driver.createInputTopic("events", Serdes.String().serializer(),
                    Serdes.String().serializer());
            TestOutputTopic<Windowed<String>, Long> out = driver.createOutputTopic("sliding-counts",
                    WindowedSerdes.timeWindowedSerdeFrom(String.class, d).deserializer(),
                    Serdes.Long().deserializer());
            List<Long> accepted = new ArrayList<>();
            Map<Long, Long> before = new TreeMap<>();
            long streamTime = -1;
            long late = 0;
            long time = 0;
            for (int i = 0; i < 200; i++) {
                time += random.nextInt(8);
                long ts = random.nextInt(4) == 0 ? Math.max(0, time - random.nextInt(70)) : time;
                in.pipeInput("a", "x", ts);
                streamTime = Math.max(streamTime, ts);
                if (Math.max(0, ts - d) + d + grace < streamTime) {
                    late++;
                    assertThat(out.isEmpty()).as("seed %d", seed).isTrue();
                    continue;
                }
                accepted.add(ts);
                Map<Long, Long> after = windows(accepted, d);
                List<KeyValue<Windowed<String>, Long>> expected = new ArrayList<>();
                after.forEach((start, count) -> {
                    if (!count.equals(before.get(start))) {
                        expected.add(window(start, start + d, count));
                    }
                });
                before.clear();
                before.putAll(after);
                assertThat(out.readKeyValuesToList()).as("seed %d, record %d at %d", seed, i, ts)
                        .containsExactlyElementsOf(expected);
            }
            assertThat(DroppedRecords.total(topology)).as("seed %d", seed).isEqualTo(late);
        }
    }

    private static Map<Long, Long> windows(List<Long> records, long d) {
        Map<Long, Long> counts = new TreeMap<>();
        for (long t : records) {
            long left = Math.max(0, t - d);
            counts.put(left, count(records, left, left + d));
            long right = count(records, t + 1, t + 1 + d);
            if (right > 0) {
                counts.put(t + 1, right);
            }
        }
        return counts;
    }

    private static long count(List<Long> records, long from, long to) {
        return records.stream().filter(t -> t >= from && t <= to).count();
    }
}
