package io.tributary.streams;

import static io.tributary.streams.TableChangesTest.input;
import static io.tributary.streams.TableChangesTest.output;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.streams.internal.TopologyPlan;
import io.tributary.streams.test.TestInputTopic;
import io.tributary.streams.test.TestOutputTopic;
import io.tributary.streams.test.TopologyTestDriver;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

/** Stream–table and table–table joins against oracles computed here, and their co-partitioning. */
class JoinsTest {

    private static final Consumed<String, String> STRINGS = Consumed.with(Serdes.String(), Serdes.String());
    private static final Produced<String, String> OUT = Produced.with(Serdes.String(), Serdes.String());

    @Test
    void streamTableInnerAndLeftJoinsMatchTheTableAsOfEachRecord() {
        for (int run = 0; run < 3; run++) {
            long seed = new Random().nextLong();
            StreamsBuilder builder = new StreamsBuilder();
            KTable<String, String> table = builder.table("profiles", STRINGS);
            KStream<String, String> clicks = builder.stream("clicks", STRINGS);
            clicks.join(table, (c, p) -> c + "@" + p).to("inner", OUT);
            clicks.leftJoin(table, (c, p) -> c + "@" + p).to("left", OUT);
            try (TopologyTestDriver driver = new TopologyTestDriver(builder.build())) {
                TestInputTopic<String, String> profiles = input(driver, "profiles");
                TestInputTopic<String, String> clickIn = input(driver, "clicks");
                Random random = new Random(seed);
                Map<String, String> rows = new HashMap<>();
                List<KeyValue<String, String>> inner = new ArrayList<>();
                List<KeyValue<String, String>> left = new ArrayList<>();
                for (int i = 0; i < 500; i++) {
                    String key = "u" + random.nextInt(10);
                    if (random.nextBoolean()) {
                        String value = random.nextInt(4) == 0 ? null : "p" + i;
                        profiles.pipeInput(key, value, i);
                        if (value == null) {
                            rows.remove(key);
                        } else {
                            rows.put(key, value);
                        }
                    } else {
                        String click = "c" + i;
                        clickIn.pipeInput(key, click, i);
                        String row = rows.get(key);
                        if (row != null) {
                            inner.add(KeyValue.pair(key, click + "@" + row));
                        }
                        left.add(KeyValue.pair(key, click + "@" + row));
                    }
                }
                assertThat(output(driver, "inner").readKeyValuesToList()).as("seed %d", seed).isEqualTo(inner);
                assertThat(output(driver, "left").readKeyValuesToList()).as("seed %d", seed).isEqualTo(left);
            }
        }
    }

    @Test
    void aTableWithTombstonesJoinedToAStreamForgetsDeletedRows() {
        StreamsBuilder builder = new StreamsBuilder();
        KTable<String, String> prices = builder.table("prices", STRINGS, Materialized.as("prices-store"));
        builder.stream("orders", STRINGS).join(prices, (qty, price) -> qty + "x" + price).to("priced", OUT);
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build())) {
            TestInputTopic<String, String> priceIn = input(driver, "prices");
            TestInputTopic<String, String> orders = input(driver, "orders");
            orders.pipeInput("apple", "1", 1);
            priceIn.pipeInput("apple", "5", 2);
            orders.pipeInput("apple", "2", 3);
            priceIn.pipeInput("apple", null, 4);
            orders.pipeInput("apple", "3", 5);
            priceIn.pipeInput("apple", "6", 6);
            orders.pipeInput("apple", "4", 7);
            orders.pipeInput(null, "5", 8);
            assertThat(output(driver, "priced").readKeyValuesToList()).containsExactly(KeyValue.pair("apple", "2x5"),
                    KeyValue.pair("apple", "4x6"));
            assertThat(driver.<String, String>getKeyValueStore("prices-store").get("apple")).isEqualTo("6");
        }
    }

    @Test
    void aStreamWhoseKeyChangedIsRepartitionedBeforeItJoinsTheTable() {
        StreamsBuilder builder = new StreamsBuilder();
        KTable<String, String> users = builder.table("users", STRINGS);
        builder.stream("orders", STRINGS)
                .selectKey((orderId, userAndItem) -> userAndItem.split(":")[0])
                .join(users, (order, name) -> name + " bought " + order.split(":")[1],
                        Joined.<String, String, String>with(Serdes.String(), Serdes.String(), Serdes.String())
                                .withName("orders-by-user"))
                .to("receipts", OUT);
        Topology topology = builder.build();
        assertThat(new TopologyPlan(topology, "app").repartitionTopics()).containsExactly(
                "app-orders-by-user-repartition");
        try (TopologyTestDriver driver = new TopologyTestDriver(topology)) {
            input(driver, "users").pipeInput("u1", "Ann");
            input(driver, "orders").pipeInput("o1", "u1:tea");
            input(driver, "orders").pipeInput("o2", "u2:cake");
            assertThat(output(driver, "receipts").readKeyValuesToList()).containsExactly(
                    KeyValue.pair("u1", "Ann bought tea"));
        }
    }

    @Test
    void tableTableInnerLeftAndOuterJoinsAlwaysShowTheJoinOfBothCurrentTables() {
        for (int run = 0; run < 3; run++) {
            long seed = new Random().nextLong();
            StreamsBuilder builder = new StreamsBuilder();
            KTable<String, String> left = builder.table("left", STRINGS);
            // The right side is a filtered table: it has no store of its own and is read through its parent's.
            KTable<String, String> right = builder.table("right", STRINGS).filter((k, v) -> !v.endsWith("7"));
            BiFunction<String, String, String> joiner = (l, r) -> l + "+" + r;
            left.join(right, joiner).toStream().to("inner", OUT);
            left.leftJoin(right, joiner).toStream().to("left-out", OUT);
            left.outerJoin(right, joiner, Materialized.<String, String>as("outer-store")
                    .withValueSerde(Serdes.String())).toStream().to("outer", OUT);
            try (TopologyTestDriver driver = new TopologyTestDriver(builder.build())) {
                TestInputTopic<String, String> leftIn = input(driver, "left");
                TestInputTopic<String, String> rightIn = input(driver, "right");
                Map<String, TestOutputTopic<String, String>> outputs = Map.of("inner", output(driver, "inner"),
                        "left", output(driver, "left-out"), "outer", output(driver, "outer"));
                Map<String, Map<String, String>> seen = Map.of("inner", new TreeMap<>(), "left", new TreeMap<>(),
                        "outer", new TreeMap<>());
                Random random = new Random(seed);
                Map<String, String> l = new TreeMap<>();
                Map<String, String> r = new TreeMap<>();
                for (int i = 0; i < 400; i++) {
                    String key = "k" + random.nextInt(8);
                    boolean onLeft = random.nextBoolean();
                    String value = random.nextInt(4) == 0 ? null : (onLeft ? "l" : "r") + i;
                    (onLeft ? leftIn : rightIn).pipeInput(key, value, i);
                    Map<String, String> side = onLeft ? l : r;
                    if (value == null) {
                        side.remove(key);
                    } else if (!onLeft && value.endsWith("7")) {
                        side.remove(key); // filtered out of the right table
                    } else {
                        side.put(key, value);
                    }
                    for (String kind : List.of("inner", "left", "outer")) {
                        for (KeyValue<String, String> kv : outputs.get(kind).readKeyValuesToList()) {
                            if (kv.value() == null) {
                                assertThat(seen.get(kind)).as("seed %d: %s deletes only rows it has", seed, kind)
                                        .containsKey(kv.key());
                                seen.get(kind).remove(kv.key());
                            } else {
                                seen.get(kind).put(kv.key(), kv.value());
                            }
                        }
                        assertThat(seen.get(kind)).as("seed %d, step %d, %s join", seed, i, kind)
                                .isEqualTo(oracle(kind, l, r));
                    }
                }
                var store = driver.<String, String>getKeyValueStore("outer-store");
                for (Map.Entry<String, String> e : oracle("outer", l, r).entrySet()) {
                    assertThat(store.get(e.getKey())).as("seed %d", seed).isEqualTo(e.getValue());
                }
                assertThat(store.approximateNumEntries()).isEqualTo(oracle("outer", l, r).size());
            }
        }
    }

    @Test
    void anInnerTableJoinDeletesTheRowWhenItsMatchGoesAway() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.table("a", STRINGS).join(builder.table("b", STRINGS), (x, y) -> x + y).toStream().to("ab", OUT);
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build())) {
            input(driver, "a").pipeInput("k", "1");
            input(driver, "b").pipeInput("k", "2");
            input(driver, "a").pipeInput("k", "3");
            input(driver, "b").pipeInput("k", null);
            input(driver, "a").pipeInput("k", "4");
            assertThat(output(driver, "ab").readKeyValuesToList()).containsExactly(KeyValue.pair("k", "12"),
                    KeyValue.pair("k", "32"), KeyValue.pair("k", null));
        }
    }

    @Test
    void aJoinedTableCanBeReGroupedAndJoinedAgain() {
        StreamsBuilder builder = new StreamsBuilder();
        KTable<String, String> ab = builder.table("a", STRINGS).join(builder.table("b", STRINGS), (x, y) -> x + y);
        // A stream joined to an unmaterialized join result looks it up through both sides' stores.
        builder.stream("s", STRINGS).join(ab, (s, v) -> s + ":" + v).to("s-ab", OUT);
        ab.groupBy((k, v) -> KeyValue.pair(v, k), Grouped.with(Serdes.String(), Serdes.String())).count()
                .toStream().to("by-value", Produced.with(Serdes.String(), Serdes.Long()));
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build())) {
            input(driver, "a").pipeInput("k1", "x");
            input(driver, "b").pipeInput("k1", "y");
            input(driver, "a").pipeInput("k2", "x");
            input(driver, "b").pipeInput("k2", "y");
            input(driver, "b").pipeInput("k1", "z");
            input(driver, "s").pipeInput("k1", "hi");
            assertThat(output(driver, "s-ab").readKeyValuesToList()).containsExactly(KeyValue.pair("k1", "hi:xz"));
            assertThat(driver.createOutputTopic("by-value", Serdes.String().deserializer(),
                    Serdes.Long().deserializer()).readKeyValuesToMap()).isEqualTo(Map.of("xy", 1L, "xz", 1L));
        }
    }

    @Test
    void toTableTurnsAStreamIntoATableThatJoinsLikeAnyOther() {
        StreamsBuilder builder = new StreamsBuilder();
        KTable<String, String> latest = builder.stream("readings", STRINGS)
                .selectKey((k, v) -> v.split("=")[0])
                .mapValues(v -> v.split("=")[1])
                .toTable(Materialized.<String, String>as("latest").withKeySerde(Serdes.String())
                        .withValueSerde(Serdes.String()));
        builder.stream("queries", STRINGS).leftJoin(latest, (q, v) -> q + "=" + v).to("answers", OUT);
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build())) {
            TestInputTopic<String, String> readings = input(driver, "readings");
            readings.pipeInput("x", "temp=20");
            readings.pipeInput("y", "temp=21");
            readings.pipeInput("z", "wind=3");
            input(driver, "queries").pipeInput("temp", "q1");
            input(driver, "queries").pipeInput("rain", "q2");
            assertThat(output(driver, "answers").readKeyValuesToList()).containsExactly(
                    KeyValue.pair("temp", "q1=21"), KeyValue.pair("rain", "q2=null"));
            assertThat(driver.<String, String>getKeyValueStore("latest").get("wind")).isEqualTo("3");
        }
    }

    @Test
    void joinedTopicsAreOneSubtopologyAndMustHaveEqualPartitionCounts() {
        StreamsBuilder builder = new StreamsBuilder();
        KTable<String, String> table = builder.table("table-topic", STRINGS);
        builder.stream("stream-topic", STRINGS).join(table, (a, b) -> a + b).to("out", OUT);
        builder.stream("unrelated", STRINGS).merge(builder.stream("other", STRINGS)).to("merged", OUT);
        TopologyPlan plan = new TopologyPlan(builder.build(), "app");
        assertThat(plan.subtopologies()).anySatisfy(s -> assertThat(s.sourceTopics())
                .containsExactlyInAnyOrder("table-topic", "stream-topic"));
        assertThat(plan.copartitionGroups()).containsExactly(Set.of("stream-topic", "table-topic"));
        Map<String, Integer> counts = new HashMap<>(Map.of("table-topic", 4, "stream-topic", 4, "unrelated", 1,
                "other", 3));
        plan.validateCopartitioning(counts::get);
        counts.put("stream-topic", 2);
        assertThatThrownBy(() -> plan.validateCopartitioning(counts::get))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("co-partitioned")
                .hasMessageContaining("stream-topic=2").hasMessageContaining("table-topic=4");
    }

    @Test
    void aRepartitionedJoinSideGetsThePartitionCountOfTheTableItJoins() {
        StreamsBuilder builder = new StreamsBuilder();
        KTable<String, String> table = builder.table("table-topic", STRINGS);
        builder.stream("stream-topic", STRINGS).selectKey((k, v) -> v)
                .join(table, (a, b) -> a + b, Joined.as("rekeyed")).to("out", OUT);
        TopologyPlan plan = new TopologyPlan(builder.build(), "app");
        Map<String, Integer> counts = new HashMap<>(Map.of("table-topic", 6, "stream-topic", 2));
        Map<String, Integer> repartition = plan.repartitionPartitionCounts(counts::get);
        assertThat(repartition).isEqualTo(Map.of("app-rekeyed-repartition", 6));
        counts.putAll(repartition);
        plan.validateCopartitioning(counts::get);
    }

    @Test
    void aTableWithoutAStoreIsMaterializedForTheJoinThatLooksItUp() {
        StreamsBuilder builder = new StreamsBuilder();
        // A table whose node forwards plain values and that names no store, as a table made elsewhere might.
        KStream<String, String> upper = builder.stream("rows", STRINGS)
                .mapValues(v -> v == null ? null : v.toUpperCase());
        KTable<String, String> table = new KTable<>(builder, upper.node(), null, Serdes.String(), Serdes.String());
        builder.stream("lookups", STRINGS).leftJoin(table, (q, v) -> q + "=" + v).to("found", OUT);
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build())) {
            input(driver, "rows").pipeInput("k", "a");
            input(driver, "lookups").pipeInput("k", "q1");
            input(driver, "rows").pipeInput("k", null);
            input(driver, "lookups").pipeInput("k", "q2");
            assertThat(output(driver, "found").readKeyValuesToList()).containsExactly(KeyValue.pair("k", "q1=A"),
                    KeyValue.pair("k", "q2=null"));
        }
    }

    private static Map<String, String> oracle(String kind, Map<String, String> l, Map<String, String> r) {
        Map<String, String> joined = new TreeMap<>();
        Set<String> keys = new java.util.TreeSet<>(l.keySet());
        keys.addAll(r.keySet());
        for (String k : keys) {
            String lv = l.get(k);
            String rv = r.get(k);
            boolean emits = switch (kind) {
                case "inner" -> lv != null && rv != null;
                case "left" -> lv != null;
                default -> true;
            };
            if (emits) {
                joined.put(k, lv + "+" + rv);
            }
        }
        return joined;
    }
}
