package io.tributary.streams.windows;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.streams.Consumed;
import io.tributary.streams.JoinWindows;
import io.tributary.streams.KStream;
import io.tributary.streams.KeyValue;
import io.tributary.streams.Materialized;
import io.tributary.streams.Produced;
import io.tributary.streams.SessionWindows;
import io.tributary.streams.StreamJoined;
import io.tributary.streams.StreamsBuilder;
import io.tributary.streams.StreamsConfig;
import io.tributary.streams.TimeWindows;
import io.tributary.streams.Windowed;
import io.tributary.streams.WindowedSerdes;
import io.tributary.streams.internal.SerdeDefaults;
import io.tributary.streams.internal.state.ManagedStore;
import io.tributary.streams.state.KeyValueIterator;
import io.tributary.streams.state.WindowStore;
import io.tributary.streams.state.WindowStores;
import io.tributary.streams.test.TestInputTopic;
import io.tributary.streams.test.TopologyTestDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Windowed stores on RocksDB: chosen by {@code default.dsl.store} or {@code Materialized}, and reopened. */
class PersistentWindowStoreTest {

    @Test
    void windowedAggregationsAndJoinBuffersFollowDefaultDslStore() {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, String> events = builder.stream("events", Consumed.with(Serdes.String(), Serdes.String()));
        events.groupByKey().windowedBy(TimeWindows.ofSizeWithNoGrace(Duration.ofMillis(10)))
                .count(Materialized.as("counts")).toStream()
                .to("counts", Produced.with(WindowedSerdes.timeWindowedSerdeFrom(String.class, 10), Serdes.Long()));
        events.groupByKey().windowedBy(SessionWindows.ofInactivityGapWithNoGrace(Duration.ofMillis(10)))
                .count(Materialized.<String, Long>as("sessions").withStoreType(Materialized.StoreType.IN_MEMORY));
        KStream<String, String> other = builder.stream("other", Consumed.with(Serdes.String(), Serdes.String()));
        events.join(other, (a, b) -> a + b, JoinWindows.ofTimeDifferenceWithNoGrace(Duration.ofMillis(5)),
                StreamJoined.<String, String, String>with(Serdes.String(), Serdes.String(), Serdes.String())
                        .withStoreName("j"))
                .to("joined", Produced.with(Serdes.String(), Serdes.String()));
        Properties config = new Properties();
        config.put(StreamsConfig.DEFAULT_DSL_STORE, StreamsConfig.ROCKS_DB);
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), config)) {
            TestInputTopic<String, String> in = driver.createInputTopic("events", Serdes.String().serializer(),
                    Serdes.String().serializer());
            in.pipeInput("a", "x", 1);
            in.pipeInput("a", "y", 3);
            driver.createInputTopic("other", Serdes.String().serializer(), Serdes.String().serializer())
                    .pipeInput("a", "!", 4);
            assertThat(driver.stateStore("counts").persistent()).isTrue();
            assertThat(driver.stateStore("j-this-join-store").persistent()).isTrue();
            assertThat(driver.stateStore("sessions").persistent()).isFalse();
            assertThat(driver.createOutputTopic("counts", WindowedSerdes.timeWindowedSerdeFrom(String.class, 10)
                    .deserializer(), Serdes.Long().deserializer()).readValuesToList()).containsExactly(1L, 2L);
            assertThat(driver.createOutputTopic("joined", Serdes.String().deserializer(),
                    Serdes.String().deserializer()).readValuesToList()).containsExactly("x!", "y!");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aReopenedPersistentJoinBufferKeepsItsDuplicatesApart(@TempDir Path dir) throws Exception {
        WindowStoreRestoreTest.ListChangelog log = new WindowStoreRestoreTest.ListChangelog() {
            @Override
            public Path directory() {
                return dir;
            }
        };
        for (long value = 1; value <= 3; value++) {
            ManagedStore managed = WindowStores.persistentWindowStore("buffer", Duration.ofMillis(100),
                    Duration.ofMillis(10), true, Serdes.String(), Serdes.Long()).create(new SerdeDefaults(null, null));
            managed.open(log);
            ((WindowStore<String, Long>) managed).put("a", value, 5);
            managed.flush();
            managed.close();
        }
        ManagedStore managed = WindowStores.persistentWindowStore("buffer", Duration.ofMillis(100),
                Duration.ofMillis(10), true, Serdes.String(), Serdes.Long()).create(new SerdeDefaults(null, null));
        managed.open(log);
        List<Long> values = new ArrayList<>();
        try (KeyValueIterator<Long, Long> it = ((WindowStore<String, Long>) managed).fetch("a", 0, 10)) {
            it.forEachRemaining(kv -> values.add(kv.value()));
        }
        managed.close();
        assertThat(values).containsExactly(1L, 2L, 3L);
        assertThat(Files.exists(dir)).isTrue();
    }
}
