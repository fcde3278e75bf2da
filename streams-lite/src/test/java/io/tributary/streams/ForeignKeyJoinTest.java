package io.tributary.streams;

import static io.tributary.streams.TableChangesTest.input;
import static io.tributary.streams.TableChangesTest.output;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.streams.internal.TopologyPlan;
import io.tributary.streams.test.TestInputTopic;
import io.tributary.streams.test.TestOutputTopic;
import io.tributary.streams.test.TopologyTestDriver;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

/** The foreign-key table join against an oracle, and how its internal topics are partitioned. */
class ForeignKeyJoinTest {

    private static final Consumed<String, String> STRINGS = Consumed.with(Serdes.String(), Serdes.String());
    private static final Produced<String, String> OUT = Produced.with(Serdes.String(), Serdes.String());
    /** Orders are "customer|item"; "-" names no customer. */
    private static final Function<String, String> CUSTOMER = v -> v.startsWith("-") ? null : v.split("\\|")[0];

    @Test
    void innerAndLeftForeignKeyJoinsAlwaysShowTheJoinOfBothCurrentTables() {
        for (int run = 0; run < 3; run++) {
            long seed = new Random().nextLong();
            StreamsBuilder builder = new StreamsBuilder();
            KTable<String, String> orders = builder.table("orders", STRINGS);
            KTable<String, String> customers = builder.table("customers", STRINGS);
            orders.join(customers, CUSTOMER, (o, c) -> o + "&" + c,
                    Materialized.<String, String>as("inner-store").withValueSerde(Serdes.String()))
                    .toStream().to("inner", OUT);
            // The result is always kept in a store, whose value serde the application defaults give here.
            orders.leftJoin(customers, CUSTOMER, (o, c) -> o + "&" + c).toStream().to("left", OUT);
            Properties props = new Properties();
            props.put("default.value.serde", Serdes.String().getClass().getName());
            try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props)) {
                TestInputTopic<String, String> orderIn = input(driver, "orders");
                TestInputTopic<String, String> customerIn = input(driver, "customers");
                Map<String, TestOutputTopic<String, String>> outputs = Map.of("inner", output(driver, "inner"),
                        "left", output(driver, "left"));
                Map<String, Map<String, String>> seen = Map.of("inner", new TreeMap<>(), "left", new TreeMap<>());
                Map<String, String> o = new HashMap<>();
                Map<String, String> c = new HashMap<>();
                Random random = new Random(seed);
                for (int i = 0; i < 400; i++) {
                    boolean order = random.nextInt(3) > 0;
                    String key = order ? "o" + random.nextInt(12) : "c" + random.nextInt(5);
                    String value = random.nextInt(5) == 0 ? null
                            : order ? (random.nextInt(6) == 0 ? "-" : "c" + random.nextInt(5)) + "|" + i : "n" + i;
                    (order ? orderIn : customerIn).pipeInput(key, value, i);
                    if (value == null) {
                        (order ? o : c).remove(key);
                    } else {
                        (order ? o : c).put(key, value);
                    }
                    for (String kind : seen.keySet()) {
                        for (KeyValue<String, String> kv : outputs.get(kind).readKeyValuesToList()) {
                            if (kv.value() == null) {
                                seen.get(kind).remove(kv.key());
                            } else {
                                seen.get(kind).put(kv.key(), kv.value());
                            }
                        }
                        assertThat(seen.get(kind)).as("seed %d, step %d, %s join", seed, i, kind)
                                .isEqualTo(oracle(kind.equals("left"), o, c));
                    }
                }
                var store = driver.<String, String>getKeyValueStore("inner-store");
                Map<String, String> expected = oracle(false, o, c);
                assertThat(store.approximateNumEntries()).as("seed %d", seed).isEqualTo(expected.size());
                expected.forEach((k, v) -> assertThat(store.get(k)).as("seed %d", seed).isEqualTo(v));
            }
        }
    }

    @Test
    void theSubscriptionTopicFollowsTheRightTableAndTheResponseTopicTheLeft() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.table("orders", STRINGS).join(builder.table("customers", STRINGS), CUSTOMER, (a, b) -> a + b)
                .toStream().to("out", OUT);
        TopologyPlan plan = new TopologyPlan(builder.build(), "app");
        Map<String, Integer> counts = new HashMap<>(Map.of("orders", 3, "customers", 5));
        Map<String, Integer> internal = plan.repartitionPartitionCounts(counts::get);
        assertThat(internal).hasSize(2);
        internal.forEach((topic, count) -> assertThat(count).as(topic)
                .isEqualTo(topic.endsWith("-subscription-repartition") ? 5 : 3));
        counts.putAll(internal);
        plan.validateCopartitioning(counts::get);
        assertThat(plan.subtopologies()).hasSize(2);
    }

    private static Map<String, String> oracle(boolean left, Map<String, String> orders,
            Map<String, String> customers) {
        Map<String, String> joined = new TreeMap<>();
        orders.forEach((k, v) -> {
            String customer = CUSTOMER.apply(v);
            String name = customer == null ? null : customers.get(customer);
            if (name != null || left) {
                joined.put(k, v + "&" + name);
            }
        });
        return joined;
    }
}
