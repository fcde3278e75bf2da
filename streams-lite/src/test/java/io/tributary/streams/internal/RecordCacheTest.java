package io.tributary.streams.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.streams.Consumed;
import io.tributary.streams.Materialized;
import io.tributary.streams.Produced;
import io.tributary.streams.StreamsBuilder;
import io.tributary.streams.internal.state.CacheBudget;
import io.tributary.streams.processor.TaskId;
import io.tributary.streams.state.KeyValueStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The record cache of DSL stores, driven through a task as a stream thread drives it. */
class RecordCacheTest {

    @TempDir
    Path dir;

    private final List<String> output = new ArrayList<>();
    private final List<String> changelog = new ArrayList<>();
    private final RecordSink sink = new RecordSink() {
        @Override
        public void send(String topic, Integer partition, byte[] key, byte[] value, long timestamp, Headers h) {
            output.add(Serdes.String().deserializer().deserialize(topic, key) + "="
                    + Serdes.Long().deserializer().deserialize(topic, value) + "@" + timestamp);
        }

        @Override
        public void sendChangelog(TopicPartition tp, byte[] key, byte[] value, long timestamp) {
            changelog.add(new String(key) + "@" + timestamp);
        }
    };

    private Task countingTask(CacheBudget budget, boolean cachingDisabled) {
        StreamsBuilder builder = new StreamsBuilder();
        Materialized<String, Long> m = Materialized.as("counts");
        builder.stream("words", Consumed.with(Serdes.String(), Serdes.String()))
                .groupByKey()
                .count(cachingDisabled ? m.withCachingDisabled() : m)
                .toStream()
                .to("counts-out", Produced.with(Serdes.String(), Serdes.Long()));
        TopologyPlan plan = new TopologyPlan(builder.build(), "app");
        Task task = new Task(new TaskId(0, 0), plan, new SerdeDefaults(null, null), sink, () -> 0L, dir,
                DeserializationPolicy.LOG_AND_FAIL, budget);
        task.start();
        return task;
    }

    private static void feed(Task task, String... words) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        long offset = 0;
        for (String w : words) {
            records.add(new ConsumerRecord<>("words", 0, offset, offset * 10, TimestampType.CREATE_TIME, -1, -1,
                    w.getBytes(), "x".getBytes(), new RecordHeaders(), Optional.empty()));
            offset++;
        }
        task.addRecords(new TopicPartition("words", 0), records);
        while (task.process()) {
            // all of them
        }
    }

    @Test
    void aKeyUpdatedManyTimesBetweenCommitsIsWrittenAndForwardedOnceAtTheFlush() {
        Task task = countingTask(new CacheBudget(1 << 20), false);
        feed(task, "a", "b", "a", "a", "b", "c");
        assertThat(output).isEmpty();
        assertThat(changelog).isEmpty();
        KeyValueStore<String, Long> store = (KeyValueStore<String, Long>) task.stateStore("counts");
        assertThat(store.get("a")).isEqualTo(3L);
        assertThat(store.all()).toIterable().hasSize(3);

        task.flushStores();
        // Oldest key first, each with the timestamp of the record that last changed it.
        assertThat(output).containsExactly("a=3@30", "b=2@40", "c=1@50");
        assertThat(changelog).containsExactly("a@30", "b@40", "c@50");
        task.flushStores();
        assertThat(output).hasSize(3);
    }

    @Test
    void aWindowedCountGoesDownstreamOncePerWindowAtTheFlush() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("words", Consumed.with(Serdes.String(), Serdes.String()))
                .groupByKey()
                .windowedBy(io.tributary.streams.TimeWindows.ofSizeWithNoGrace(java.time.Duration.ofMillis(25)))
                .count()
                .toStream()
                .to((windowed, count) -> "counts-out", Produced.with(
                        io.tributary.streams.WindowedSerdes.timeWindowedSerdeFrom(Serdes.String(), 25),
                        Serdes.Long()));
        Task task = new Task(new TaskId(0, 0), new TopologyPlan(builder.build(), "app"),
                new SerdeDefaults(null, null), new RecordSink() {
                    @Override
                    public void send(String topic, Integer p, byte[] key, byte[] value, long ts, Headers h) {
                        output.add(io.tributary.streams.WindowedSerdes.timeWindowedSerdeFrom(Serdes.String(), 25)
                                .deserializer().deserialize(topic, key) + "=" + Serdes.Long().deserializer()
                                .deserialize(topic, value));
                    }

                    @Override
                    public void sendChangelog(TopicPartition tp, byte[] key, byte[] value, long timestamp) {
                        changelog.add("window@" + timestamp);
                    }
                }, () -> 0L, dir, DeserializationPolicy.LOG_AND_FAIL, new CacheBudget(1 << 20));
        task.start();
        feed(task, "a", "a", "a", "b", "a");
        task.flushStores();
        // a@0, a@10 and a@20 in window [0,25), b@30 and a@40 in [25,50). The first window is written out when the
        // store's retention sweep (at stream time 40) expires it, before the flush: its last value is not lost.
        assertThat(output).as(output.toString()).hasSize(3).anyMatch(s -> s.contains("a@0/25") && s.endsWith("=3"))
                .anyMatch(s -> s.contains("b@25/50") && s.endsWith("=1"))
                .anyMatch(s -> s.contains("a@25/50") && s.endsWith("=1"));
        assertThat(changelog).as("three windows and the expired one's tombstone").hasSize(4);
    }

    @Test
    void anExhaustedBudgetEvictsTheOldestKeysEarly() {
        Task task = countingTask(new CacheBudget(200), false);
        feed(task, "a", "b", "c", "d", "e");
        assertThat(output).isNotEmpty().allMatch(s -> s.endsWith("=1@0") || s.endsWith("=1@10")
                || s.endsWith("=1@20") || s.endsWith("=1@30"));
        assertThat(output.get(0)).startsWith("a=");
        task.flushStores();
        assertThat(output).hasSize(5);
    }

    @Test
    void withoutABudgetOrWithCachingDisabledEveryUpdateGoesOut() {
        Task uncached = countingTask(null, false);
        feed(uncached, "a", "a");
        assertThat(output).containsExactly("a=1@0", "a=2@10");
        output.clear();
        Task disabled = countingTask(new CacheBudget(1 << 20), true);
        feed(disabled, "a", "a");
        assertThat(output).containsExactly("a=1@0", "a=2@10");
    }
}
