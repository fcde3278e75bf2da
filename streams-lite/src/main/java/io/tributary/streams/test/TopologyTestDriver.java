package io.tributary.streams.test;

import io.tributary.streams.StreamsConfig;
import io.tributary.streams.Topology;
import io.tributary.streams.internal.RecordSink;
import io.tributary.streams.internal.Task;
import io.tributary.streams.internal.TopologyPlan;
import io.tributary.streams.processor.TaskId;
import io.tributary.streams.state.KeyValueStore;
import io.tributary.streams.state.StateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Runs a topology without a broker, deterministically: one task per sub-topology (partition 0), each piped record
 * processed to completion before {@code pipeInput} returns — through repartition topics too, which the driver
 * feeds back in — and wall-clock time moved only by {@link #advanceWallClockTime}. What a sink writes lands in
 * in-memory topics that {@link TestOutputTopic}s read.
 */
public final class TopologyTestDriver implements AutoCloseable {

    /** A record as a sink wrote it. */
    record Written(byte[] key, byte[] value, long timestamp, Headers headers) {
    }

    private final TopologyPlan plan;
    private long wallClockMs;
    private final Map<Integer, Task> tasks = new LinkedHashMap<>();
    private final Map<String, ArrayDeque<Written>> outputs = new HashMap<>();
    private final Map<String, Long> nextOffsets = new HashMap<>();
    private final Path stateDir;

    public TopologyTestDriver(Topology topology) {
        this(topology, new Properties());
    }

    public TopologyTestDriver(Topology topology, Properties config) {
        this(topology, config, Instant.EPOCH);
    }

    public TopologyTestDriver(Topology topology, Properties config, Instant initialWallClock) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID, "test-driver");
        props.putAll(config);
        StreamsConfig streamsConfig = new StreamsConfig(props);
        this.plan = new TopologyPlan(topology, streamsConfig.applicationId());
        this.wallClockMs = initialWallClock.toEpochMilli();
        try {
            this.stateDir = Files.createTempDirectory("streams-lite-driver");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RecordSink sink = new RecordSink() {
            @Override
            public void send(String topic, Integer partition, byte[] key, byte[] value, long timestamp,
                    Headers headers) {
                write(topic, key, value, timestamp, headers);
            }

            @Override
            public void sendChangelog(TopicPartition changelog, byte[] key, byte[] value, long timestamp) {
                outputs.computeIfAbsent(changelog.topic(), t -> new ArrayDeque<>())
                        .add(new Written(key, value, timestamp, new RecordHeaders()));
            }
        };
        for (TopologyPlan.Subtopology s : plan.subtopologies()) {
            TaskId id = new TaskId(s.id(), 0);
            Task task = new Task(id, plan, streamsConfig.serdeDefaults(), sink, () -> wallClockMs, stateDir.resolve(id.toString()),
                    streamsConfig.deserializationPolicy(), null);
            task.start();
            tasks.put(s.id(), task);
        }
    }

    public <K, V> TestInputTopic<K, V> createInputTopic(String topic, Serializer<K> keySerializer,
            Serializer<V> valueSerializer) {
        return new TestInputTopic<>(this, topic, keySerializer, valueSerializer, wallClockMs);
    }

    public <K, V> TestOutputTopic<K, V> createOutputTopic(String topic, Deserializer<K> keyDeserializer,
            Deserializer<V> valueDeserializer) {
        return new TestOutputTopic<>(outputs.computeIfAbsent(topic, t -> new ArrayDeque<>()), topic,
                keyDeserializer, valueDeserializer);
    }

    /** Moves the wall clock and fires the wall-clock punctuations that fall due. */
    public void advanceWallClockTime(Duration advance) {
        wallClockMs += advance.toMillis();
        for (Task task : tasks.values()) {
            task.punctuateWallClock();
        }
        drain();
    }

    @SuppressWarnings("unchecked")
    public <K, V> KeyValueStore<K, V> getKeyValueStore(String name) {
        StateStore store = stateStore(name);
        if (!(store instanceof KeyValueStore<?, ?>)) {
            throw new IllegalArgumentException("no key-value store named " + name);
        }
        return (KeyValueStore<K, V>) store;
    }

    /** Any store of the topology by name (window stores included). */
    public StateStore stateStore(String name) {
        for (Task task : tasks.values()) {
            StateStore store = task.stateStore(name);
            if (store != null) {
                return store;
            }
        }
        throw new IllegalArgumentException("the topology has no store named " + name);
    }

    /** The names of the topics written so far (outputs, repartition topics, changelogs). */
    public List<String> producedTopicNames() {
        return new ArrayList<>(outputs.keySet());
    }

    void pipe(String topic, byte[] key, byte[] value, long timestamp, Headers headers) {
        Task task = taskReading(topic);
        if (task == null) {
            throw new IllegalArgumentException("the topology reads no topic named " + topic);
        }
        enqueue(task, topic, key, value, timestamp, headers);
        drain();
    }

    private void write(String topic, byte[] key, byte[] value, long timestamp, Headers headers) {
        Task reader = taskReading(topic);
        if (reader != null) {
            // A topic the topology also reads (a repartition topic, or a user's loop): it goes back in.
            enqueue(reader, topic, key, value, timestamp, headers);
        }
        if (reader == null || !plan.repartitionTopics().contains(topic)) {
            outputs.computeIfAbsent(topic, t -> new ArrayDeque<>()).add(new Written(key, value, timestamp,
                    headers));
        }
    }

    private void enqueue(Task task, String topic, byte[] key, byte[] value, long timestamp, Headers headers) {
        long offset = nextOffsets.merge(topic, 1L, Long::sum) - 1;
        RecordHeaders copy = new RecordHeaders(headers.toArray());
        task.addRecords(new TopicPartition(topic, 0), List.of(new ConsumerRecord<>(topic, 0, offset, timestamp,
                TimestampType.CREATE_TIME, key == null ? -1 : key.length, value == null ? -1 : value.length, key,
                value, copy, java.util.Optional.empty())));
    }

    private void drain() {
        boolean progress = true;
        while (progress) {
            progress = false;
            for (Task task : tasks.values()) {
                while (task.process()) {
                    progress = true;
                }
            }
        }
    }

    private Task taskReading(String topic) {
        for (TopologyPlan.Subtopology s : plan.subtopologies()) {
            if (s.sourceTopics().contains(topic)
                    || s.sourcePatterns().stream().anyMatch(p -> p.matcher(topic).matches())) {
                if (!s.sourceTopics().contains(topic)) {
                    plan.matchPatterns(List.of(topic));
                }
                return tasks.get(s.id());
            }
        }
        return null;
    }

    @Override
    public void close() {
        for (Task task : tasks.values()) {
            task.close();
        }
        try (Stream<Path> files = Files.walk(stateDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A window store of the topology by name (a windowed aggregation's, or a join buffer). */
    @SuppressWarnings("unchecked")
    public <K, V> io.tributary.streams.state.WindowStore<K, V> getWindowStore(String name) {
        if (!(stateStore(name) instanceof io.tributary.streams.state.WindowStore<?, ?> store)) {
            throw new IllegalArgumentException("no window store named " + name);
        }
        return (io.tributary.streams.state.WindowStore<K, V>) store;
    }

    /** A session store of the topology by name. */
    @SuppressWarnings("unchecked")
    public <K, V> io.tributary.streams.state.SessionStore<K, V> getSessionStore(String name) {
        if (!(stateStore(name) instanceof io.tributary.streams.state.SessionStore<?, ?> store)) {
            throw new IllegalArgumentException("no session store named " + name);
        }
        return (io.tributary.streams.state.SessionStore<K, V>) store;
    }
}
