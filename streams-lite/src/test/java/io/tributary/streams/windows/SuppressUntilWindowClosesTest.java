package io.tributary.streams.windows;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.streams.Consumed;
import io.tributary.streams.EmitStrategy;
import io.tributary.streams.KGroupedStream;
import io.tributary.streams.KTable;
import io.tributary.streams.KeyValue;
import io.tributary.streams.Materialized;
import io.tributary.streams.Produced;
import io.tributary.streams.SessionWindows;
import io.tributary.streams.StreamsBuilder;
import io.tributary.streams.Suppressed;
import io.tributary.streams.TimeWindows;
import io.tributary.streams.Window;
import io.tributary.streams.Windowed;
import io.tributary.streams.WindowedSerdes;
import io.tributary.streams.test.TestInputTopic;
import io.tributary.streams.test.TestOutputTopic;
import io.tributary.streams.test.TopologyTestDriver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

class SuppressUntilWindowClosesTest {

    private static final long SIZE = 10;
    private static final long GRACE = 5;
    private static final TimeWindows WINDOWS = TimeWindows.ofSizeAndGrace(Duration.ofMillis(SIZE),
            Duration.ofMillis(GRACE));

    private static StreamsBuilder finalCounts(Function<KGroupedStream<String, String>,
            KTable<Windowed<String>, Long>> counting) {
        StreamsBuilder builder = new StreamsBuilder();
        counting.apply(builder.stream("events", Consumed.with(Serdes.String(), Serdes.String())).groupByKey())
                .toStream()
                .to("final", Produced.with(WindowedSerdes.timeWindowedSerdeFrom(String.class, SIZE),
                        Serdes.Long()));
        return builder;
    }

    private static void emitsExactlyOneFinalCountPerClosedWindow(StreamsBuilder builder) {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build())) {
            TestInputTopic<String, String> in = driver.createInputTopic("events", Serdes.String().serializer(),
                    Serdes.String().serializer());
            TestOutputTopic<Windowed<String>, Long> out = driver.createOutputTopic("final",
                    WindowedSerdes.timeWindowedSerdeFrom(String.class, SIZE).deserializer(),
                    Serdes.Long().deserializer());
            Map<Windowed<String>, Long> counts = new HashMap<>();
            long streamTime = -1;
            long time = 0;
            for (int i = 0; i < 300; i++) {
                time += random.nextInt(4);
                long ts = random.nextInt(5) == 0 ? Math.max(0, time - random.nextInt(25)) : time;
                String key = "k" + random.nextInt(3);
                in.pipeInput(key, "x", ts);
                streamTime = Math.max(streamTime, ts);
                long start = ts / SIZE * SIZE;
                if (start + SIZE + GRACE > streamTime) {
                    counts.merge(new Windowed<>(key, new Window(start, start + SIZE)), 1L, Long::sum);
                }
            }
            List<KeyValue<Windowed<String>, Long>> emitted = out.readKeyValuesToList();
            long finalStreamTime = streamTime;
            Map<Windowed<String>, Long> closed = new HashMap<>();
            counts.forEach((w, c) -> {
                if (w.window().end() + GRACE <= finalStreamTime) {
                    closed.put(w, c);
                }
            });
            List<Windowed<String>> keys = new ArrayList<>();
            Map<Windowed<String>, Long> asMap = new HashMap<>();
            emitted.forEach(kv -> {
                keys.add(kv.key());
                asMap.put(kv.key(), kv.value());
            });
            assertThat(keys).as("seed %d: one result per window", seed).doesNotHaveDuplicates();
            assertThat(asMap).as("seed %d", seed).containsExactlyInAnyOrderEntriesOf(closed);
            // Emitted in window-end order.
            assertThat(keys).as("seed %d", seed)
                    .isSortedAccordingTo((a, b) -> Long.compare(a.window().end(), b.window().end()));
        }
    }

    @Test
    void suppressEmitsExactlyOneFinalResultPerWindowWhenItCloses() {
        emitsExactlyOneFinalCountPerClosedWindow(finalCounts(grouped -> grouped.windowedBy(WINDOWS)
                .count(Materialized.as("counts"))
                .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()).withName("final"))));
    }

    @Test
    void emitStrategyOnWindowCloseIsTheSameAsSuppress() {
        emitsExactlyOneFinalCountPerClosedWindow(finalCounts(grouped -> grouped.windowedBy(WINDOWS)
                .emitStrategy(EmitStrategy.onWindowClose())
                .count(Materialized.as("counts"))));
    }

    @Test
    void aWindowIsEmittedWhenStreamTimeReachesItsEndPlusGraceAndTheBufferIsLogged() {
        StreamsBuilder builder = finalCounts(grouped -> grouped.windowedBy(WINDOWS).count()
                .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()).withName("final")));
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build())) {
            TestInputTopic<String, String> in = driver.createInputTopic("events", Serdes.String().serializer(),
                    Serdes.String().serializer());
            TestOutputTopic<Windowed<String>, Long> out = driver.createOutputTopic("final",
                    WindowedSerdes.timeWindowedSerdeFrom(String.class, SIZE).deserializer(),
                    Serdes.Long().deserializer());
            in.pipeInput("a", "x", 1);
            in.pipeInput("a", "x", 2);
            in.pipeInput("b", "x", 14);
            assertThat(out.isEmpty()).isTrue();
            in.pipeInput("b", "x", 15);
            assertThat(out.readKeyValuesToList()).containsExactly(
                    KeyValue.pair(new Windowed<>("a", new Window(0, 10)), 2L));
            assertThat(driver.producedTopicNames()).contains("test-driver-final-store-changelog");
        }
    }

    @Test
    void suppressedSessionsEmitTheirFinalSessionOnceAndNeverTheMergedOnes() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("events", Consumed.with(Serdes.String(), Serdes.String())).groupByKey()
                .windowedBy(SessionWindows.ofInactivityGapAndGrace(Duration.ofMillis(10), Duration.ofMillis(5)))
                .count()
                .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()))
                .toStream()
                .to("final", Produced.with(WindowedSerdes.sessionWindowedSerdeFrom(String.class), Serdes.Long()));
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build())) {
            TestInputTopic<String, String> in = driver.createInputTopic("events", Serdes.String().serializer(),
                    Serdes.String().serializer());
            TestOutputTopic<Windowed<String>, Long> out = driver.createOutputTopic("final",
                    WindowedSerdes.sessionWindowedSerdeFrom(String.class).deserializer(),
                    Serdes.Long().deserializer());
            in.pipeInput("a", "x", 0);
            in.pipeInput("a", "x", 8);
            in.pipeInput("a", "x", 16);
            in.pipeInput("b", "x", 31); // 16 + 5 = 21 < 31: session a [0,16] closed
            in.pipeInput("b", "x", 100);
            assertThat(out.readKeyValuesToList()).containsExactly(
                    KeyValue.pair(new Windowed<>("a", new Window(0, 16)), 3L),
                    KeyValue.pair(new Windowed<>("b", new Window(31, 31)), 1L));
        }
    }
}
