package io.tributary.streams.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.streams.Consumed;
import io.tributary.streams.Grouped;
import io.tributary.streams.KeyValue;
import io.tributary.streams.Materialized;
import io.tributary.streams.Materialized.StoreType;
import io.tributary.streams.Produced;
import io.tributary.streams.StreamsBuilder;
import io.tributary.streams.StreamsConfig;
import io.tributary.streams.Topology;
import io.tributary.streams.processor.Processor;
import io.tributary.streams.processor.ProcessorContext;
import io.tributary.streams.processor.Record;
import io.tributary.streams.state.KeyValueIterator;
import io.tributary.streams.state.KeyValueStore;
import io.tributary.streams.state.Stores;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

/** RocksDB stores through the DSL ({@code default.dsl.store}, {@code Materialized}) and the processor API. */
class PersistentStoreDriverTest {

    private static final List<String> LINES = List.of("The quick fox", "the lazy dog, the end", "a quick end");

    /** What a word count emits and holds at the end, with the given config and store type. */
    private record Run(List<KeyValue<String, Long>> output, List<KeyValue<String, Long>> store, boolean persistent) {
    }

    private static Run wordCount(Properties config, StoreType type) {
        StreamsBuilder builder = new StreamsBuilder();
        Materialized<String, Long> materialized = Materialized.as("counts");
        builder.stream("lines", Consumed.with(Serdes.String(), Serdes.String()))
                .flatMapValues(line -> Arrays.asList(line.toLowerCase(Locale.ROOT).split("\\W+")))
                .groupBy((k, w) -> w, Grouped.with(Serdes.String(), Serdes.String()))
                .count(type == null ? materialized : materialized.withStoreType(type))
                .toStream()
                .to("word-counts", Produced.with(Serdes.String(), Serdes.Long()));
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), config)) {
            TestInputTopic<String, String> in = driver.createInputTopic("lines", Serdes.String().serializer(),
                    Serdes.String().serializer());
            TestOutputTopic<String, Long> out = driver.createOutputTopic("word-counts",
                    Serdes.String().deserializer(), Serdes.Long().deserializer());
            LINES.forEach(in::pipeInput);
            KeyValueStore<String, Long> counts = driver.getKeyValueStore("counts");
            return new Run(out.readKeyValuesToList(), contents(counts), counts.persistent());
        }
    }

    private static Properties dslStore(String value) {
        Properties p = new Properties();
        p.put(StreamsConfig.DEFAULT_DSL_STORE, value);
        return p;
    }

    @Test
    void aWordCountOnRocksDbGivesWhatItGivesInMemory() {
        Run inMemory = wordCount(new Properties(), null);
        Run rocksDb = wordCount(dslStore(StreamsConfig.ROCKS_DB), null);
        assertThat(inMemory.persistent()).isFalse();
        assertThat(rocksDb.persistent()).isTrue();
        assertThat(rocksDb.output()).isEqualTo(inMemory.output()).hasSize(11);
        assertThat(rocksDb.store()).isEqualTo(inMemory.store()).contains(KeyValue.pair("the", 3L));
    }

    @Test
    void materializedStoreTypeOverridesTheDefault() {
        assertThat(wordCount(new Properties(), StoreType.ROCKS_DB).persistent()).isTrue();
        assertThat(wordCount(dslStore("rocksDB"), StoreType.IN_MEMORY).persistent()).isFalse();
        assertThat(wordCount(dslStore("in_memory"), null).persistent()).isFalse();
    }

    @Test
    void anUnknownDefaultDslStoreIsRejected() {
        Properties p = dslStore("leveldb");
        p.put(StreamsConfig.APPLICATION_ID, "app");
        assertThatThrownBy(() -> new StreamsConfig(p)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("default.dsl.store");
    }

    @Test
    void theProcessorApiDeclaresAPersistentStore() {
        Topology topology = Topology.builder()
                .addSource("in", Serdes.String(), Serdes.String(), "events")
                .addProcessor("last", () -> new Processor<String, String, String, String>() {
                    private KeyValueStore<String, String> store;

                    @Override
                    public void init(ProcessorContext<String, String> context) {
                        store = context.getStateStore("last-seen");
                    }

                    @Override
                    public void process(Record<String, String> record) {
                        store.put(record.key(), record.value());
                    }
                }, "in")
                .addStateStore(Stores.persistentKeyValueStore("last-seen", Serdes.String(), Serdes.String()), "last")
                .build();
        try (TopologyTestDriver driver = new TopologyTestDriver(topology)) {
            TestInputTopic<String, String> in = driver.createInputTopic("events", Serdes.String().serializer(),
                    Serdes.String().serializer());
            in.pipeInput("a", "1");
            in.pipeInput("b", "2");
            in.pipeInput("a", "3");
            KeyValueStore<String, String> store = driver.getKeyValueStore("last-seen");
            assertThat(store.persistent()).isTrue();
            assertThat(contents(store)).containsExactly(KeyValue.pair("a", "3"), KeyValue.pair("b", "2"));
            assertThat(driver.producedTopicNames()).contains("test-driver-last-seen-changelog");
        }
    }

    private static <K, V> List<KeyValue<K, V>> contents(KeyValueStore<K, V> store) {
        List<KeyValue<K, V>> all = new ArrayList<>();
        try (KeyValueIterator<K, V> it = store.all()) {
            it.forEachRemaining(all::add);
        }
        return all;
    }
}
