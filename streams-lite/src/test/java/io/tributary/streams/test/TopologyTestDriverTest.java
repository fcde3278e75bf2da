package io.tributary.streams.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.streams.Consumed;
import io.tributary.streams.Grouped;
import io.tributary.streams.KeyValue;
import io.tributary.streams.Materialized;
import io.tributary.streams.Produced;
import io.tributary.streams.StreamsBuilder;
import io.tributary.streams.Topology;
import io.tributary.streams.processor.Processor;
import io.tributary.streams.processor.ProcessorContext;
import io.tributary.streams.processor.PunctuationType;
import io.tributary.streams.processor.Record;
import io.tributary.streams.state.KeyValueStore;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

class TopologyTestDriverTest {

    static Topology wordCount() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("lines", Consumed.with(Serdes.String(), Serdes.String()))
                .flatMapValues(line -> Arrays.asList(line.toLowerCase(Locale.ROOT).split("\\W+")))
                .filter((k, w) -> !w.isEmpty())
                .groupBy((k, w) -> w, Grouped.with(Serdes.String(), Serdes.String()))
                .count(Materialized.as("counts"))
                .toStream()
                .to("word-counts", Produced.with(Serdes.String(), Serdes.Long()));
        return builder.build();
    }

    @Test
    void wordCountGoesThroughItsRepartitionTopicAndCountsExactly() {
        try (TopologyTestDriver driver = new TopologyTestDriver(wordCount())) {
            TestInputTopic<String, String> in = driver.createInputTopic("lines", Serdes.String().serializer(),
                    Serdes.String().serializer());
            TestOutputTopic<String, Long> out = driver.createOutputTopic("word-counts",
                    Serdes.String().deserializer(), Serdes.Long().deserializer());
            in.pipeInput("The quick fox");
            in.pipeInput("the lazy dog, the end");
            assertThat(out.readKeyValuesToList()).containsExactly(KeyValue.pair("the", 1L),
                    KeyValue.pair("quick", 1L), KeyValue.pair("fox", 1L), KeyValue.pair("the", 2L),
                    KeyValue.pair("lazy", 1L), KeyValue.pair("dog", 1L), KeyValue.pair("the", 3L),
                    KeyValue.pair("end", 1L));
            KeyValueStore<String, Long> counts = driver.getKeyValueStore("counts");
            assertThat(counts.get("the")).isEqualTo(3L);
            assertThat(counts.approximateNumEntries()).isEqualTo(6);
            // The repartition topic is fed back in and is not an output; the changelog records every update.
            assertThat(driver.producedTopicNames()).contains("test-driver-counts-changelog")
                    .doesNotContain("test-driver-counts-repartition");
        }
    }

    @Test
    void anExplicitRepartitionMakesTheGroupingSkipItsOwn() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("clicks", Consumed.with(Serdes.String(), Serdes.String()))
                .selectKey((k, page) -> page)
                .repartition(Grouped.<String, String>as("by-page").withSerdes(Serdes.String(), Serdes.String()))
                .groupByKey()
                .count(Materialized.as("page-views"))
                .toStream()
                .to("views", Produced.with(Serdes.String(), Serdes.Long()));
        Topology topology = builder.build();
        assertThat(topology.describe().lines().filter(l -> l.startsWith("Sink:") && l.contains("repartition")))
                .singleElement().asString().contains("by-page-repartition");
        try (TopologyTestDriver driver = new TopologyTestDriver(topology)) {
            TestInputTopic<String, String> in = driver.createInputTopic("clicks", Serdes.String().serializer(),
                    Serdes.String().serializer());
            in.pipeInput("u1", "/home");
            in.pipeInput("u2", "/home");
            in.pipeInput("u1", "/about");
            assertThat(driver.createOutputTopic("views", Serdes.String().deserializer(), Serdes.Long().deserializer())
                    .readKeyValuesToMap()).containsEntry("/home", 2L).containsEntry("/about", 1L);
        }
    }

    @Test
    void tableKeepsTheLatestValueAndTombstonesDelete() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.table("users", Consumed.with(Serdes.String(), Serdes.String()), Materialized.as("users-store"))
                .filter((k, v) -> !v.startsWith("banned"))
                .toStream()
                .to("visible", Produced.with(Serdes.String(), Serdes.String()));
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build())) {
            TestInputTopic<String, String> in = driver.createInputTopic("users", Serdes.String().serializer(),
                    Serdes.String().serializer());
            TestOutputTopic<String, String> out = driver.createOutputTopic("visible",
                    Serdes.String().deserializer(), Serdes.String().deserializer());
            in.pipeInput("a", "alice");
            in.pipeInput("b", "bob");
            in.pipeInput("a", "banned alice");
            in.pipeInput("b", null);
            in.pipeInput("c", null);
            assertThat(out.readKeyValuesToList()).containsExactly(KeyValue.pair("a", "alice"),
                    KeyValue.pair("b", "bob"), KeyValue.pair("a", null), KeyValue.pair("b", null));
            KeyValueStore<String, String> store = driver.getKeyValueStore("users-store");
            assertThat(store.get("a")).isEqualTo("banned alice");
            assertThat(store.get("b")).isNull();
        }
    }

    @Test
    void punctuatorsFollowStreamTimeAndTheDriversWallClock() {
        Topology topology = Topology.builder()
                .addSource("in", Serdes.String(), Serdes.String(), "events")
                .addProcessor("ticker", () -> new Processor<String, String, String, String>() {
                    private ProcessorContext<String, String> context;

                    @Override
                    public void init(ProcessorContext<String, String> context) {
                        this.context = context;
                        context.schedule(Duration.ofSeconds(10), PunctuationType.STREAM_TIME,
                                t -> context.forward(new Record<>("stream", Long.toString(t), t)));
                        context.schedule(Duration.ofMinutes(1), PunctuationType.WALL_CLOCK_TIME,
                                t -> context.forward(new Record<>("wall", Long.toString(t), t)));
                    }

                    @Override
                    public void process(Record<String, String> record) {
                    }
                }, "in")
                .addSink("out", "ticks", Serdes.String(), Serdes.String(), "ticker")
                .build();
        try (TopologyTestDriver driver = new TopologyTestDriver(topology)) {
            TestInputTopic<String, String> in = driver.createInputTopic("events", Serdes.String().serializer(),
                    Serdes.String().serializer());
            TestOutputTopic<String, String> out = driver.createOutputTopic("ticks", Serdes.String().deserializer(),
                    Serdes.String().deserializer());
            in.pipeInput("k", "v", 1_000);
            in.pipeInput("k", "v", 5_000);
            assertThat(out.isEmpty()).isTrue();
            in.pipeInput("k", "v", 11_500);
            driver.advanceWallClockTime(Duration.ofSeconds(30));
            assertThat(out.readKeyValuesToList()).containsExactly(KeyValue.pair("stream", "11500"));
            driver.advanceWallClockTime(Duration.ofSeconds(31));
            assertThat(out.readKeyValuesToList()).containsExactly(KeyValue.pair("wall", "61000"));
        }
    }

    @Test
    void anUndeserializableRecordFailsByDefaultAndIsSkippedWhenAskedTo() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("numbers", Consumed.with(Serdes.String(), Serdes.Long()))
                .to("copy", Produced.with(Serdes.String(), Serdes.Long()));
        Topology topology = builder.build();
        try (TopologyTestDriver driver = new TopologyTestDriver(topology)) {
            TestInputTopic<String, String> in = driver.createInputTopic("numbers", Serdes.String().serializer(),
                    Serdes.String().serializer());
            assertThatThrownBy(() -> in.pipeInput("k", "not eight bytes"))
                    .hasMessageContaining("cannot deserialize").hasMessageContaining("numbers-0@0");
        }
        Properties props = new Properties();
        props.put("deserialization.exception.handler",
                "org.apache.kafka.streams.errors.LogAndContinueExceptionHandler");
        try (TopologyTestDriver driver = new TopologyTestDriver(topology, props)) {
            TestInputTopic<String, String> bad = driver.createInputTopic("numbers", Serdes.String().serializer(),
                    Serdes.String().serializer());
            TestInputTopic<String, Long> good = driver.createInputTopic("numbers", Serdes.String().serializer(),
                    Serdes.Long().serializer());
            bad.pipeInput("k", "not eight bytes");
            good.pipeInput("k", 7L);
            TestOutputTopic<String, Long> out = driver.createOutputTopic("copy", Serdes.String().deserializer(),
                    Serdes.Long().deserializer());
            assertThat(out.readKeyValuesToList()).containsExactly(KeyValue.pair("k", 7L));
        }
    }

    @Test
    void aggregateAndReduceFoldPerKey() {
        StreamsBuilder builder = new StreamsBuilder();
        var grouped = builder.stream("amounts", Consumed.with(Serdes.String(), Serdes.Long())).groupByKey();
        grouped.reduce(Long::sum, Materialized.as("sums")).toStream()
                .to("sums-out", Produced.with(Serdes.String(), Serdes.Long()));
        grouped.aggregate(() -> "", (k, v, agg) -> agg + v + ";",
                Materialized.<String, String>as("lists").withValueSerde(Serdes.String()))
                .toStream().to("lists-out", Produced.with(Serdes.String(), Serdes.String()));
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build())) {
            TestInputTopic<String, Long> in = driver.createInputTopic("amounts", Serdes.String().serializer(),
                    Serdes.Long().serializer());
            Map<String, Long> expected = new HashMap<>();
            for (long i = 0; i < 100; i++) {
                String key = "k" + (i % 7);
                in.pipeInput(key, i);
                expected.merge(key, i, Long::sum);
            }
            in.pipeInput(null, 5L);
            assertThat(driver.createOutputTopic("sums-out", Serdes.String().deserializer(),
                    Serdes.Long().deserializer()).readKeyValuesToMap()).isEqualTo(expected);
            assertThat(driver.createOutputTopic("lists-out", Serdes.String().deserializer(),
                    Serdes.String().deserializer()).readKeyValuesToMap()).containsEntry("k3", "3;10;17;24;31;38;45;52;59;66;73;80;87;94;");
            assertThat(List.of(driver.getKeyValueStore("sums").get("k0"))).containsExactly(expected.get("k0"));
        }
    }
}
