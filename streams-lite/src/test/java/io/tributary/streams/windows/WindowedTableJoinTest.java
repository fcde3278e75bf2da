package io.tributary.streams.windows;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.streams.Consumed;
import io.tributary.streams.JoinWindows;
import io.tributary.streams.KStream;
import io.tributary.streams.KTable;
import io.tributary.streams.KeyValue;
import io.tributary.streams.Produced;
import io.tributary.streams.StreamsBuilder;
import io.tributary.streams.TimeWindows;
import io.tributary.streams.Topology;
import io.tributary.streams.Window;
import io.tributary.streams.Windowed;
import io.tributary.streams.WindowedSerdes;
import io.tributary.streams.internal.TopologyPlan;
import io.tributary.streams.test.TestInputTopic;
import io.tributary.streams.test.TopologyTestDriver;
import java.time.Duration;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

/** Windowed tables and windowed joins as the rest of the DSL sees them. */
class WindowedTableJoinTest {

    @Test
    void twoWindowedCountsJoinPerKeyAndWindow() {
        StreamsBuilder builder = new StreamsBuilder();
        TimeWindows windows = TimeWindows.ofSizeWithNoGrace(Duration.ofMillis(10));
        KTable<Windowed<String>, Long> clicks = builder.stream("clicks",
                Consumed.with(Serdes.String(), Serdes.String())).groupByKey().windowedBy(windows).count();
        KTable<Windowed<String>, Long> views = builder.stream("views",
                Consumed.with(Serdes.String(), Serdes.String())).groupByKey().windowedBy(windows).count();
        clicks.join(views, (c, v) -> c + "/" + v).toStream()
                .to("ratio", Produced.with(WindowedSerdes.timeWindowedSerdeFrom(String.class, 10),
                        Serdes.String()));
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build())) {
            TestInputTopic<String, String> c = driver.createInputTopic("clicks", Serdes.String().serializer(),
                    Serdes.String().serializer());
            TestInputTopic<String, String> v = driver.createInputTopic("views", Serdes.String().serializer(),
                    Serdes.String().serializer());
            v.pipeInput("a", "x", 1);
            v.pipeInput("a", "x", 2);
            c.pipeInput("a", "x", 3);
            c.pipeInput("a", "x", 12); // another window: no views there
            assertThat(driver.createOutputTopic("ratio", WindowedSerdes.timeWindowedSerdeFrom(String.class, 10)
                    .deserializer(), Serdes.String().deserializer()).readKeyValuesToList())
                    .containsExactly(KeyValue.pair(new Windowed<>("a", new Window(0, 10)), "1/2"));
        }
    }

    @Test
    void aStreamStreamJoinsTopicsFormOneCopartitionGroup() {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, String> left = builder.stream("orders", Consumed.with(Serdes.String(), Serdes.String()));
        KStream<String, String> right = builder.stream("payments", Consumed.with(Serdes.String(), Serdes.String()));
        left.join(right, (a, b) -> a + b, JoinWindows.ofTimeDifferenceWithNoGrace(Duration.ofMillis(5)))
                .to("paid");
        Topology topology = builder.build();
        assertThat(new TopologyPlan(topology, "app").copartitionGroups()).containsExactly(
                Set.of("orders", "payments"));
    }
}
