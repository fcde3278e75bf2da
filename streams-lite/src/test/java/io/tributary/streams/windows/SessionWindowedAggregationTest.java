package io.tributary.streams.windows;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.streams.Consumed;
import io.tributary.streams.KeyValue;
import io.tributary.streams.Materialized;
import io.tributary.streams.Produced;
import io.tributary.streams.SessionWindows;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

class SessionWindowedAggregationTest {

    static Topology sessionCount(SessionWindows windows) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("clicks", Consumed.with(Serdes.String(), Serdes.String()))
                .groupByKey()
                .windowedBy(windows)
                .count(Materialized.as("sessions"))
                .toStream()
                .to("session-counts", Produced.with(WindowedSerdes.sessionWindowedSerdeFrom(String.class),
                        Serdes.Long()));
        return builder.build();
    }

    private static TestInputTopic<String, String> input(TopologyTestDriver driver) {
        return driver.createInputTopic("clicks", Serdes.String().serializer(), Serdes.String().serializer());
    }

    private static TestOutputTopic<Windowed<String>, Long> output(TopologyTestDriver driver) {
        return driver.createOutputTopic("session-counts",
                WindowedSerdes.sessionWindowedSerdeFrom(String.class).deserializer(), Serdes.Long().deserializer());
    }

    private static KeyValue<Windowed<String>, Long> session(String key, long start, long end, Long count) {
        return KeyValue.pair(new Windowed<>(key, new Window(start, end)), count);
    }

    @Test
    void aRecordBridgingSessionsMergesThemAndDeletesTheMergedOnes() {
        // Grace 30 keeps session [0,0] in the store (retention = gap + grace) until a@10 bridges it.
        try (TopologyTestDriver driver = new TopologyTestDriver(sessionCount(
                SessionWindows.ofInactivityGapAndGrace(Duration.ofMillis(10), Duration.ofMillis(30))))) {
            TestInputTopic<String, String> in = input(driver);
            in.pipeInput("a", "x", 0);
            in.pipeInput("a", "x", 30);
            in.pipeInput("a", "x", 20);
            in.pipeInput("a", "x", 10);
            assertThat(output(driver).readKeyValuesToList()).containsExactly(
                    session("a", 0, 0, 1L),
                    session("a", 30, 30, 1L),
                    session("a", 30, 30, null),
                    session("a", 20, 30, 2L),
                    session("a", 0, 0, null),
                    session("a", 20, 30, null),
                    session("a", 0, 30, 4L));
            assertThat(driver.<String, Long>getSessionStore("sessions").fetchSession("a", 0, 30)).isEqualTo(4L);
            assertThat(driver.<String, Long>getSessionStore("sessions").fetchSession("a", 20, 30)).isNull();
        }
    }

    @Test
    void aRecordForASessionClosedBeforeStreamTimeMinusGraceIsDropped() {
        Topology topology = sessionCount(SessionWindows.ofInactivityGapAndGrace(Duration.ofMillis(10),
                Duration.ofMillis(5)));
        try (TopologyTestDriver driver = new TopologyTestDriver(topology)) {
            TestInputTopic<String, String> in = input(driver);
            in.pipeInput("a", "x", 100);
            in.pipeInput("b", "x", 114);
            in.pipeInput("a", "x", 109); // merged end 109 is not before 114 - 5: accepted
            in.pipeInput("b", "x", 200);
            in.pipeInput("a", "x", 105); // merged end 109 is before 195: late
            assertThat(output(driver).readKeyValuesToList()).containsExactly(
                    session("a", 100, 100, 1L),
                    session("b", 114, 114, 1L),
                    session("a", 100, 100, null),
                    session("a", 100, 109, 2L),
                    session("b", 200, 200, 1L));
            assertThat(DroppedRecords.total(topology)).isEqualTo(1);
        }
    }

    /**
     * Sessions by brute force: lists of [start, end, count] per key, merged as records arrive. As in Kafka
     * Streams, a session that ended more than the retention (gap + grace) before the latest session end stored is
     * gone from the store and so merges with nothing.
     */
    @Test
    void randomSessionCountsEqualTheBruteForceOracle() {
        long seed = System.nanoTime();
        long gap = 15;
        long grace = 20;
        Random random = new Random(seed);
        Topology topology = sessionCount(SessionWindows.ofInactivityGapAndGrace(Duration.ofMillis(gap),
                Duration.ofMillis(grace)));
        Map<String, List<long[]>> sessions = new HashMap<>();
        long streamTime = -1;
        long stored = -1;
        long late = 0;
        try (TopologyTestDriver driver = new TopologyTestDriver(topology)) {
            TestInputTopic<String, String> in = input(driver);
            long time = 0;
            for (int i = 0; i < 400; i++) {
                time += random.nextInt(12);
                long ts = random.nextInt(4) == 0 ? Math.max(0, time - random.nextInt(80)) : time;
                String key = "k" + random.nextInt(3);
                in.pipeInput(key, "x", ts);
                streamTime = Math.max(streamTime, ts);
                List<long[]> mine = sessions.computeIfAbsent(key, k -> new ArrayList<>());
                long start = ts;
                long end = ts;
                long count = 1;
                List<long[]> merged = new ArrayList<>();
                for (long[] s : mine) {
                    boolean live = stored < 0 || s[1] > stored - (gap + grace);
                    if (live && s[1] >= ts - gap && s[0] <= ts + gap) {
                        merged.add(s);
                        start = Math.min(start, s[0]);
                        end = Math.max(end, s[1]);
                        count += s[2];
                    }
                }
                if (end < streamTime - grace) {
                    late++;
                    continue;
                }
                mine.removeAll(merged);
                mine.add(new long[] {start, end, count});
                stored = Math.max(stored, end);
            }
            Map<Windowed<String>, Long> expected = new HashMap<>();
            sessions.forEach((key, list) -> list.forEach(s -> expected.put(new Windowed<>(key,
                    new Window(s[0], s[1])), s[2])));
            assertThat(output(driver).readKeyValuesToMap()).as("seed %d", seed)
                    .containsExactlyInAnyOrderEntriesOf(expected);
            assertThat(DroppedRecords.total(topology)).as("seed %d", seed).isEqualTo(late);
        }
    }
}
