package io.tributary.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.streams.internal.dsl.ChangeMarker;
import io.tributary.streams.processor.Record;
import io.tributary.streams.test.TestInputTopic;
import io.tributary.streams.test.TestOutputTopic;
import io.tributary.streams.test.TopologyTestDriver;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

/** Tables forward (new, old) changes: filters and mapValues delete, groupBy subtracts the old row. */
class TableChangesTest {

    private static final Consumed<String, String> STRINGS = Consumed.with(Serdes.String(), Serdes.String());

    @Test
    void aFilteredRowThatStopsMatchingIsDeletedAndInvisibleUpdatesAreNotForwarded() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.table("users", STRINGS).filter((k, v) -> v.startsWith("ok"))
                .toStream().to("out", Produced.with(Serdes.String(), Serdes.String()));
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build())) {
            TestInputTopic<String, String> in = input(driver, "users");
            TestOutputTopic<String, String> out = output(driver, "out");
            in.pipeInput("a", "ok 1");
            in.pipeInput("a", "bad 1");
            in.pipeInput("a", "bad 2");
            in.pipeInput("a", "ok 2");
            in.pipeInput("b", "bad");
            in.pipeInput("b", null);
            in.pipeInput("a", null);
            assertThat(out.readKeyValuesToList()).containsExactly(KeyValue.pair("a", "ok 1"),
                    KeyValue.pair("a", null), KeyValue.pair("a", "ok 2"), KeyValue.pair("a", null));
        }
    }

    @Test
    void mapValuesMapsUpdatesAndPassesDeletionsOn() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.table("users", STRINGS).mapValues(String::length)
                .toStream().to("out", Produced.with(Serdes.String(), Serdes.Integer()));
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build())) {
            TestInputTopic<String, String> in = input(driver, "users");
            in.pipeInput("a", "xyz");
            in.pipeInput("a", "xy");
            in.pipeInput("a", null);
            in.pipeInput("a", null);
            assertThat(driver.createOutputTopic("out", Serdes.String().deserializer(),
                    Serdes.Integer().deserializer()).readKeyValuesToList()).containsExactly(KeyValue.pair("a", 3),
                    KeyValue.pair("a", 2), KeyValue.pair("a", null));
        }
    }

    @Test
    void groupByCountMovesARowToItsNewGroupAndDecrementsTheOldOne() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.table("user-regions", STRINGS)
                .groupBy((user, region) -> KeyValue.pair(region, user), Grouped.with(Serdes.String(), Serdes.String()))
                .count(Materialized.as("users-per-region"))
                .toStream().to("counts", Produced.with(Serdes.String(), Serdes.Long()));
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build())) {
            TestInputTopic<String, String> in = input(driver, "user-regions");
            TestOutputTopic<String, Long> out = driver.createOutputTopic("counts", Serdes.String().deserializer(),
                    Serdes.Long().deserializer());
            in.pipeInput("alice", "eu");
            in.pipeInput("bob", "eu");
            in.pipeInput("alice", "us");
            in.pipeInput("bob", null);
            assertThat(out.readKeyValuesToList()).containsExactly(KeyValue.pair("eu", 1L), KeyValue.pair("eu", 2L),
                    KeyValue.pair("eu", 1L), KeyValue.pair("us", 1L), KeyValue.pair("eu", 0L));
            assertThat(driver.<String, Long>getKeyValueStore("users-per-region").get("us")).isEqualTo(1L);
            assertThat(driver.producedTopicNames()).doesNotContain("test-driver-users-per-region-repartition");
        }
    }

    @Test
    void theRepartitionMarkerDoesNotLeakIntoOutputs() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.table("t", STRINGS).groupBy((k, v) -> KeyValue.pair(v, k), Grouped.with(Serdes.String(),
                Serdes.String())).count().toStream().to("counts", Produced.with(Serdes.String(), Serdes.Long()));
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build())) {
            input(driver, "t").pipeInput("k", "g");
            Record<String, Long> r = driver.createOutputTopic("counts", Serdes.String().deserializer(),
                    Serdes.Long().deserializer()).readRecord();
            assertThat(r.value()).isEqualTo(1L);
            assertThat(r.headers().lastHeader(ChangeMarker.HEADER)).isNull();
        }
    }

    @Test
    void groupBySumMatchesTheSumOfTheCurrentRowsPerGroup() {
        for (int run = 0; run < 3; run++) {
            long seed = new Random().nextLong();
            StreamsBuilder builder = new StreamsBuilder();
            // Rows are "group:amount"; the sum per group must follow rows that change amount, group, or vanish.
            builder.table("rows", STRINGS)
                    .groupBy((k, v) -> KeyValue.pair(v.split(":")[0], Long.parseLong(v.split(":")[1])),
                            Grouped.with(Serdes.String(), Serdes.Long()))
                    .reduce(Long::sum, (agg, v) -> agg - v, Materialized.as("sums"))
                    .toStream().to("sums-out", Produced.with(Serdes.String(), Serdes.Long()));
            try (TopologyTestDriver driver = new TopologyTestDriver(builder.build())) {
                Random random = new Random(seed);
                TestInputTopic<String, String> in = input(driver, "rows");
                Map<String, String> rows = new HashMap<>();
                Map<String, Long> everSeen = new TreeMap<>();
                for (int i = 0; i < 400; i++) {
                    String key = "r" + random.nextInt(20);
                    String value = random.nextInt(5) == 0 ? null
                            : "g" + random.nextInt(4) + ":" + random.nextInt(100);
                    in.pipeInput(key, value, i);
                    if (value == null) {
                        rows.remove(key);
                    } else {
                        rows.put(key, value);
                        everSeen.put(value.split(":")[0], 0L);
                    }
                }
                Map<String, Long> expected = new TreeMap<>(everSeen);
                rows.values().forEach(v -> expected.merge(v.split(":")[0], Long.parseLong(v.split(":")[1]),
                        Long::sum));
                Map<String, Long> emitted = new TreeMap<>(driver.createOutputTopic("sums-out",
                        Serdes.String().deserializer(), Serdes.Long().deserializer()).readKeyValuesToMap());
                assertThat(emitted).as("seed %d", seed).isEqualTo(expected);
                for (Map.Entry<String, Long> e : expected.entrySet()) {
                    assertThat(driver.<String, Long>getKeyValueStore("sums").get(e.getKey()))
                            .as("seed %d, group %s", seed, e.getKey()).isEqualTo(e.getValue());
                }
            }
        }
    }

    @Test
    void groupByAggregateKeepsACustomAggregateWithAdderAndSubtractor() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.table("owners", STRINGS)
                .groupBy((item, owner) -> KeyValue.pair(owner, item), Grouped.with(Serdes.String(), Serdes.String()))
                .aggregate(() -> "", (owner, item, agg) -> agg + "+" + item, (owner, item, agg) -> agg + "-" + item,
                        Materialized.<String, String>as("history").withValueSerde(Serdes.String()));
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build())) {
            TestInputTopic<String, String> in = input(driver, "owners");
            in.pipeInput("pen", "ann");
            in.pipeInput("cup", "ann");
            in.pipeInput("pen", "ben");
            var store = driver.<String, String>getKeyValueStore("history");
            assertThat(store.get("ann")).isEqualTo("+pen+cup-pen");
            assertThat(store.get("ben")).isEqualTo("+pen");
        }
    }

    static TestInputTopic<String, String> input(TopologyTestDriver driver, String topic) {
        return driver.createInputTopic(topic, Serdes.String().serializer(), Serdes.String().serializer());
    }

    static TestOutputTopic<String, String> output(TopologyTestDriver driver, String topic) {
        return driver.createOutputTopic(topic, Serdes.String().deserializer(), Serdes.String().deserializer());
    }
}
